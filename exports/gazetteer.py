"""The place names of the offline basemap (static/basemap/places.json), for exported images too.

One gazetteer for the browser (static/js/labels.js) and the images: the same names at the
same scales. Rows are Natural Earth (public domain), written by scripts/build_places.py.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_PATH = Path(__file__).resolve().parent.parent / "static" / "basemap" / "places.json"
TILE_PX = 256  # Leaflet: the world is 256 px wide at zoom 0


@dataclass(frozen=True)
class PlaceName:
    name: str
    country_code: str
    lon: float
    lat: float
    min_zoom: int


@lru_cache(maxsize=1)
def read_places(path: Path = PLACES_PATH) -> dict[str, tuple[PlaceName, ...]]:
    """{"countries": (...), "cities": (...)}, each most important first, as the browser places them."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {
        kind: tuple(PlaceName(str(r[0]), str(r[1]), float(r[2]), float(r[3]), int(r[4])) for r in doc[kind])
        for kind in ("countries", "cities")
    }


def equivalent_zoom(width_deg: float, width_px: float) -> float:
    """The Leaflet zoom at which ``width_deg`` of longitude spans ``width_px`` pixels, so that an
    image names the places the interactive map would name at that scale."""
    return math.log2(360.0 * width_px / (TILE_PX * max(width_deg, 1e-6)))
