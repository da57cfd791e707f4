"""Build what every reader's browser shares: the map's atlas for the server's data (maps/atlas.py)
and the map's scripts as one file (maps/assets.py MAP_SCRIPTS).

Run before the server starts (`make assets`, which `make run` and `make test` depend on; the
Dockerfile runs it after copying the app): writes static/build/atlas-<digest>.json for the data
the server will serve (OVERSEAS_STATIONS_DATA, else data/stations.geojson) and
static/build/map-<digest>.js, and removes older versions of both. The app itself never writes a
file; it sends the atlas inline when the built one is missing or stale (an edited data file), and
loads the scripts one by one when the bundle is, so running this again only restores the fast
path.

Run: .venv/bin/python scripts/build_assets.py [STATIONS_FILE]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders import DEFAULT_DATA_PATH, load_dataset  # noqa: E402  (needs the path above)
from maps.assets import (  # noqa: E402
    BUILD_DIR,
    STATIC_DIR,
    content_digest,
    map_bundle_relative_path,
    map_bundle_text,
)
from maps.atlas import atlas_digest, atlas_path, atlas_payload  # noqa: E402
from maps.payload import script_json  # noqa: E402


def _write_built(target: Path, text: str, others: str) -> Path:
    """``text`` at ``target`` (atomically, readable by all), and no other file matching ``others``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not (target.exists() and target.read_text(encoding="utf-8") == text):
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp") as f:
            f.write(text)
        os.chmod(f.name, 0o644)
        os.replace(f.name, target)  # a server already running never reads half a file
    for old in target.parent.glob(others):
        if old != target:
            old.unlink()
    for stale in target.parent.glob("*.tmp"):
        stale.unlink()
    return target


def build_atlas(stations: Path, static_dir: Path = STATIC_DIR) -> Path:
    """Write the atlas of the data at ``stations`` under ``static_dir``/build/; its path."""
    text = script_json(atlas_payload(load_dataset(stations)))
    return _write_built(atlas_path(atlas_digest(text), static_dir), text, "atlas-*.json")


def build_map_bundle(static_dir: Path = STATIC_DIR) -> Path:
    """Write the map's scripts as one file under ``static_dir``/build/; its path."""
    text = map_bundle_text(static_dir)
    return _write_built(static_dir / map_bundle_relative_path(content_digest(text)), text, "map-*.js")


def build_assets(stations: Path, static_dir: Path = STATIC_DIR) -> list[Path]:
    """Everything `make assets` builds: the atlas of the data at ``stations`` and the map's scripts."""
    return [build_atlas(stations, static_dir), build_map_bundle(static_dir)]


def main() -> None:
    default = os.environ.get("OVERSEAS_STATIONS_DATA") or str(DEFAULT_DATA_PATH)
    stations = Path(sys.argv[1] if len(sys.argv) > 1 else default)
    for target in build_assets(stations):
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"wrote {shown} ({target.stat().st_size // 1024} KiB)")
        assert target.parent.name == BUILD_DIR


if __name__ == "__main__":
    main()
