"""The provenance record of the data files: producer, licence, reference data, checksums.

``python -m loaders.provenance`` checks data/provenance.json against the files;
``python -m loaders.provenance --write`` rewrites its checksums after a data change.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from .dataset import DEFAULT_DATA_PATH
from .evidence import UNQUOTED_FILE
from .files import COMPANION_FILES
from .verification import SEARCH_LOG_FILE, VERIFICATION_FILE

PROVENANCE_FILE = "provenance.json"


# Files beside the data that only the curated data has, and the key of their records.
OPTIONAL_FILES = {UNQUOTED_FILE: "claims", VERIFICATION_FILE: "checks", SEARCH_LOG_FILE: "entries"}


def data_files(stations_path: Path = DEFAULT_DATA_PATH) -> list[Path]:
    """The data files, and those of OPTIONAL_FILES that are there (the claims still without a
    quote, the verification log, the search log)."""
    files = [stations_path] + [stations_path.parent / name for name in COMPANION_FILES.values()]
    optional = [stations_path.parent / name for name in OPTIONAL_FILES]
    return files + [p for p in optional if p.exists()]


def _records(path: Path) -> int:
    doc = json.loads(path.read_text(encoding="utf-8"))
    key = "features" if path.suffix == ".geojson" else OPTIONAL_FILES.get(path.name, path.stem)
    return len(doc.get(key, []))


def file_checksums(stations_path: Path = DEFAULT_DATA_PATH) -> dict[str, dict[str, Any]]:
    """name -> sha256, size and record count, for each data file."""
    return {
        p.name: {
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
            "bytes": p.stat().st_size,
            "records": _records(p),
        }
        for p in data_files(stations_path)
    }


def read_provenance(stations_path: Path = DEFAULT_DATA_PATH) -> dict[str, Any]:
    return json.loads((stations_path.parent / PROVENANCE_FILE).read_text(encoding="utf-8"))


def stale_files(stations_path: Path = DEFAULT_DATA_PATH) -> list[str]:
    """Names of data files whose checksum differs from the provenance record."""
    recorded = read_provenance(stations_path).get("files", {})
    current = file_checksums(stations_path)
    return sorted(n for n in current.keys() | recorded.keys() if current.get(n) != recorded.get(n))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = DEFAULT_DATA_PATH.parent / PROVENANCE_FILE
    if "--write" in args:
        record = read_provenance()
        record["files"] = file_checksums()
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"updated {path}")
        return 0
    stale = stale_files()
    for name in stale:
        print(f"{name}: checksum differs from {path.name} (run python -m loaders.provenance --write)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
