"""Render time of the publication images: format x preset x scale, and the standalone HTML.

Run from the project root: ``.venv/bin/python bench/bench_exports.py [--repeat N]``.
Uses data/stations.geojson when it validates, else the test fixture. One warm-up render
first, so reading the outlines and loading fonts (once per process in the app too) is
not counted against the first cell.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing the project

from exports import PRESETS, ImageText, render_map_image, standalone_map_html  # noqa: E402 - needs the path above
from loaders import Dataset, aggregate_places, load_dataset, validate_stations  # noqa: E402

DATA = ROOT / "data" / "stations.geojson"
FIXTURE = ROOT / "tests" / "fixtures" / "mini" / "stations.geojson"
TARGET_S = 1.5  # issue "Exports for reporting": a 2x 16:9 PNG must be ready before the user gives up waiting
FORMATS = ("png", "svg", "pdf")
SCALES = (1, 2)
TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Reported stations by city, coloured by the furthest official reaction",
    source_line="Source: Safeguard Defenders; government statements; court records; press reports",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)


def pick_dataset() -> tuple[Dataset, Path]:
    if DATA.exists() and not validate_stations(DATA):
        return load_dataset(DATA), DATA
    return load_dataset(FIXTURE), FIXTURE


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    """Median seconds over ``repeat`` runs (the median shrugs off one slow run on a busy box)."""
    times = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (median is shown)")
    args = parser.parse_args()

    dataset, path = pick_dataset()
    places = aggregate_places(dataset.stations)
    print(f"data: {path.relative_to(ROOT)} — {len(dataset.stations)} stations, {len(places)} places")

    start = time.perf_counter()
    render_map_image(places, fmt="png", text=TEXT)
    print(f"warm-up (outlines, fonts, first render): {time.perf_counter() - start:.2f} s\n")

    print(f"{'format':<7}{'preset':<14}{'scale':>6}{'seconds':>10}{'KiB':>10}")
    results: dict[tuple[str, str, int], float] = {}
    for fmt in FORMATS:
        for preset in PRESETS:
            for scale in SCALES:
                seconds, data = best_of(
                    args.repeat,
                    lambda fmt=fmt, preset=preset, scale=scale: render_map_image(
                        places, fmt=fmt, preset=preset, scale=scale, text=TEXT
                    ),
                )
                results[(fmt, preset, scale)] = seconds
                size_kib = len(data) / 1024  # type: ignore[arg-type]
                print(f"{fmt:<7}{preset:<14}{scale:>6}{seconds:>10.3f}{size_kib:>10.0f}")

    html_s, html = best_of(args.repeat, lambda: standalone_map_html(dataset, dataset.stations, title="Map"))
    print(f"\nstandalone HTML: {html_s:.3f} s, {len(html) / 1024:.0f} KiB")  # type: ignore[arg-type]

    key = results[("png", "16:9", 2)]
    verdict = "OK" if key <= TARGET_S else "TOO SLOW"
    print(f"2x 16:9 PNG: {key:.3f} s against the {TARGET_S} s target — {verdict}")
    return 0 if key <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
