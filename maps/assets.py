"""Front-end assets vendored under static/ and served by Streamlit, so the map needs no CDN.

Streamlit serves ./static at /app/static when ``server.enableStaticServing`` is true
(.streamlit/config.toml). Versions and licences: static/vendor/README.md; checksums:
static/vendor/SHA256SUMS (checked by tests/unit/test_assets.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
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
BUILD_DIR = "build"  # under static/, served at /app/static/build/ (git-ignored; made by `make assets`)
DIGEST_HEX = 20  # a built file's name carries the first 20 hex digits of its text's SHA-256
# The scripts of the app's map, in the order they run. streamlit-folium loads a map's scripts one
# after another, each waiting for the last (a round trip each): `make assets` joins them into one
# built file (build/map-<digest>.js), the app's map loads that, and falls back to these when it is
# missing or stale (bench/README.md, issue 17: the five loads took 0.22 s of a 1.9 s cold view here).
MAP_SCRIPTS = (LEAFLET, SUPERCLUSTER, RENDERER, LABELS, SCREENSHOTER)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*(?:\n|\Z)", re.MULTILINE)  # names a file next to the original


def content_digest(text: str) -> str:
    """A built file's name part: the first DIGEST_HEX hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_HEX]


def map_bundle_text(static_dir: Path | None = None) -> str:
    """MAP_SCRIPTS joined, each after a comment naming its file (licences: static/vendor/README.md)
    and ended by a semicolon and a newline, so that each runs as it would from its own file."""
    folder = static_dir or STATIC_DIR
    parts = []
    for relative in MAP_SCRIPTS:
        code = _SOURCE_MAP.sub("", (folder / relative).read_text(encoding="utf-8"))
        parts.append(f"/* static/{relative} */\n{code}\n;\n")
    return "".join(parts)


def map_bundle_relative_path(digest: str) -> str:
    return f"{BUILD_DIR}/map-{digest}.js"


@lru_cache(maxsize=4)
def built_map_bundle(static_dir: Path | None = None) -> str | None:
    """The built bundle's path under static/ if it holds exactly today's MAP_SCRIPTS, else None (the
    map then loads them one by one). Read once per server process: `make assets` runs before it."""
    folder = static_dir or STATIC_DIR
    try:
        text = map_bundle_text(folder)
        relative = map_bundle_relative_path(content_digest(text))
        return relative if (folder / relative).read_text(encoding="utf-8") == text else None
    except OSError:
        return None


@dataclass(frozen=True)
class Assets:
    """Where the map loads its JavaScript, CSS and basemap from."""

    prefix: str = STREAMLIT_STATIC_PREFIX
    bundle: str | None = None  # built_map_bundle(): MAP_SCRIPTS as one script

    def url(self, relative: str) -> str:
        return f"{self.prefix.rstrip('/')}/{relative}"

    @property
    def js(self) -> list[tuple[str, str]]:
        """The map's scripts (the camera button adds its own, camera_js)."""
        if self.bundle is not None:
            return [("map_scripts", self.url(self.bundle))]
        return [
            ("leaflet", self.url(LEAFLET)),
            ("supercluster", self.url(SUPERCLUSTER)),
            ("stations_map", self.url(RENDERER)),
            ("place_labels", self.url(LABELS)),
        ]

    @property
    def camera_js(self) -> str | None:
        """The camera button's script, None when the bundle carries it."""
        return None if self.bundle is not None else self.url(SCREENSHOTER)

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
