"""Front-end assets vendored under static/ and served by Streamlit, so the map needs no CDN.

Streamlit serves ./static at /app/static when ``server.enableStaticServing`` is true
(.streamlit/config.toml). Versions and licences: static/vendor/README.md; checksums:
static/vendor/SHA256SUMS (checked by tests/unit/test_assets.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
STREAMLIT_STATIC_PREFIX = "/app/static"

LEAFLET = "vendor/leaflet-1.9.4/dist/leaflet.js"
LEAFLET_CSS = "vendor/leaflet-1.9.4/dist/leaflet.css"
SUPERCLUSTER = "vendor/supercluster-8.0.1/dist/supercluster.min.js"
RENDERER = "js/stations-map.js"  # ours: draws the places payload (maps/payload.py)
LABELS = "js/labels.js"  # ours: place names on the offline basemap
PLACES = "basemap/places.json"  # Natural Earth country label points and populated places
EMBED = "js/embed.js"  # ours: the standalone file's height report and plain mode
SCREENSHOTER = "vendor/leaflet-simple-map-screenshoter-0.5.0/dist/leaflet-simple-map-screenshoter.js"
BASEMAP = "basemap/countries-110m.geojson"


@dataclass(frozen=True)
class Assets:
    """Where the map loads its JavaScript, CSS and basemap from."""

    prefix: str = STREAMLIT_STATIC_PREFIX

    def url(self, relative: str) -> str:
        return f"{self.prefix.rstrip('/')}/{relative}"

    @property
    def js(self) -> list[tuple[str, str]]:
        return [
            ("leaflet", self.url(LEAFLET)),
            ("supercluster", self.url(SUPERCLUSTER)),
            ("stations_map", self.url(RENDERER)),
            ("place_labels", self.url(LABELS)),
        ]

    @property
    def css(self) -> list[tuple[str, str]]:
        return [("leaflet_css", self.url(LEAFLET_CSS))]


def asset_path(relative: str) -> Path:
    return STATIC_DIR / relative


CHECKSUMMED = ("vendor", "basemap")  # static/ folders whose files static/SHA256SUMS lists


def static_checksums() -> str:
    """static/SHA256SUMS as the build scripts write it: every file under vendor/ and basemap/,
    sorted by path, one "<sha256>  <path>" line each (what `sha256sum` prints)."""
    files = sorted(
        (
            p.relative_to(STATIC_DIR).as_posix()
            for folder in CHECKSUMMED
            for p in (STATIC_DIR / folder).rglob("*")
            if p.is_file()
        ),
    )
    return "".join(f"{hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()}  {name}\n" for name in files)
