"""Write static/basemap/countries-110m.geojson from the vendored Natural Earth TopoJSON.

Run after scripts/vendor_assets.sh; tests/unit/test_basemap.py checks the committed file
is what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from maps.assets import BASEMAP, asset_path, static_checksums  # noqa: E402  (needs the path above)
from maps.basemap import outlines_geojson  # noqa: E402


def main() -> None:
    out = asset_path(BASEMAP)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(outlines_geojson("110m"), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")
    (ROOT / "static" / "SHA256SUMS").write_text(static_checksums(), encoding="utf-8")


if __name__ == "__main__":
    main()
