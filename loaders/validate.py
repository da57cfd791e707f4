"""Command line: ``python -m loaders.validate data/stations.geojson`` prints every problem.

Exits 0 when the data is valid, 1 when it is not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .files import COMPANION_FILES, gc_paused
from .rules import validate_stations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders.validate",
        description="Validate stations.geojson and the companion files beside it ("
        + ", ".join(COMPANION_FILES.values())
        + ").",
    )
    parser.add_argument("path", type=Path, help="path to stations.geojson")
    args = parser.parse_args(argv)
    # A command that reads the files, checks them and exits: its millions of parsed values form no
    # cycle, and the cyclic collector walking them again and again cost a third of the CPU.
    with gc_paused():
        problems = validate_stations(args.path)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"{args.path}: valid.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
