"""Write static/basemap/countries-110m.geojson from the vendored Natural Earth TopoJSON.

Run after scripts/vendor_assets.sh; tests/unit/test_basemap.py checks the committed file
is what this script writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from maps.assets import BASEMAP, asset_path  # noqa: E402  (needs the path above)
from maps.basemap import outlines_geojson  # noqa: E402


def main() -> None:
    out = asset_path(BASEMAP)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(outlines_geojson("110m"), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")
    sums = subprocess.run(
        "find vendor basemap -type f | LC_ALL=C sort | xargs sha256sum",
        shell=True,
        cwd=ROOT / "static",
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (ROOT / "static" / "SHA256SUMS").write_text(sums, encoding="utf-8")


if __name__ == "__main__":
    main()
