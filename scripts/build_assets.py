"""Build what every reader's browser shares for the server's data: the map's atlas (maps/atlas.py).

Run before the server starts (`make assets`, which `make run` and `make test` depend on; the
Dockerfile runs it after copying the app): writes static/build/atlas-<digest>.json for the data
the server will serve (OVERSEAS_STATIONS_DATA, else data/stations.geojson) and removes the atlases
of other data versions. The app itself never writes a file; it sends the atlas inline when the
built one is missing or stale (an edited data file), so running this again only restores the fast
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
from maps.assets import STATIC_DIR  # noqa: E402
from maps.atlas import BUILD_DIR, atlas_digest, atlas_path, atlas_payload  # noqa: E402
from maps.payload import script_json  # noqa: E402


def build_atlas(stations: Path, static_dir: Path = STATIC_DIR) -> Path:
    """Write the atlas of the data at ``stations`` under ``static_dir``/build/; its path."""
    text = script_json(atlas_payload(load_dataset(stations)))
    target = atlas_path(atlas_digest(text), static_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not (target.exists() and target.read_text(encoding="utf-8") == text):
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp") as f:
            f.write(text)
        os.chmod(f.name, 0o644)
        os.replace(f.name, target)  # a server already running never reads half a file
    for old in target.parent.glob("atlas-*.json"):
        if old != target:
            old.unlink()
    for stale in target.parent.glob("*.tmp"):
        stale.unlink()
    return target


def main() -> None:
    default = os.environ.get("OVERSEAS_STATIONS_DATA") or str(DEFAULT_DATA_PATH)
    stations = Path(sys.argv[1] if len(sys.argv) > 1 else default)
    target = build_atlas(stations)
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"wrote {shown} ({target.stat().st_size // 1024} KiB)")
    assert target.parent.name == BUILD_DIR


if __name__ == "__main__":
    main()
