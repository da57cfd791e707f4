"""Write static/feed.xml: the Atom feed of the data's versions (exports.feed), a static file served
at /app/static/feed.xml. Run by `make assets` after a data change (and after
scripts/record_history.py); tests/unit/test_feed.py says when it is stale.

    python scripts/build_feed.py [--site-url https://stations.example.org] [--check]

--site-url (or OVERSEAS_STATIONS_URL) makes the feed's links absolute for a deployment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exports.feed import atom_feed  # noqa: E402
from loaders.changelog import read_changelog  # noqa: E402
from loaders.dataset import load_dataset  # noqa: E402
from loaders.history import read_history  # noqa: E402

OUT = ROOT / "static" / "feed.xml"


def feed_bytes(site_url: str = "") -> bytes:
    return atom_feed(load_dataset(), read_history(), read_changelog(), site_url=site_url)


def main(argv: list[str]) -> int:
    site_url = os.environ.get("OVERSEAS_STATIONS_URL", "")
    if "--site-url" in argv:
        site_url = argv[argv.index("--site-url") + 1]
    data = feed_bytes(site_url)
    if "--check" in argv:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"{OUT} is not current: run python scripts/build_feed.py")
            return 1
        return 0
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
