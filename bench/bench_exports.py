"""Render time of the publication images: format x preset x scale, and the standalone HTML;
with --preview, the CPU of the Export page's preview of a link not seen before (issue 17).

Run from the project root: ``.venv/bin/python bench/bench_exports.py [--repeat N]``.
Uses data/stations.geojson when it validates, else the test fixture. One warm-up render
first, so reading the outlines and loading fonts (once per process in the app too) is
not counted against the first cell.

``--preview [--reference DIR]``: the 1x PNG the Export page draws on arrival (16:9, light, the
stations fitted, the page's default text, labels and legend, exports.image.PREVIEW_BUDGET) for a
few links: no filter, one country, a date. Each is drawn as for a new link in a warm server: the
caches of one view (its outlines' cut, its names' sizes) emptied first. CPU seconds per image
(time.process_time; the render is single-threaded). With ``--reference DIR`` (another checkout,
e.g. ``git worktree add /tmp/exp-old 2a18618``) the same script measures that code in a child
process right after, and prints both side by side with ratios, and whether the PNGs are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("BENCH_EXPORTS_CODE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing the project

from exports import PRESETS, ImageText, render_map_image, standalone_map_html  # noqa: E402 - needs the path above
from loaders import Dataset, Filters, aggregate_places, load_dataset, validate_stations  # noqa: E402

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


# The links a new visitor brings to the Export page (its area is "Fit the stations shown").
PREVIEW_LINKS: dict[str, Filters] = {
    "no filter": Filters(),
    "one country (NL)": Filters(countries=("NL",)),
    "a date (2023-06-01)": Filters(as_of=date(2023, 6, 1)),
}
# Caches of one view, emptied before each image: a new link's outlines cut and names measured.
# (Process-wide ones stay: the outlines read, the fonts, the gazetteer, as in a warm server.)
VIEW_CACHES = ("_outlines_in_view",)
VIEW_DICTS = ("_TEXT_BOXES",)


def preview_cpu(repeat: int) -> dict[str, Any]:
    """{"data": path, "links": {link: {"cpu": [s, ...], "wall": [...], "png": sha256}}} for
    PREVIEW_LINKS, drawn by this code."""
    from exports import image
    from exports.framing import Area, area_bounds
    from exports.language import default_image_text
    from loaders import filter_stations

    dataset, path = pick_dataset()

    def preview(filters: Filters) -> bytes:
        stations = filter_stations(dataset, filters)
        places = aggregate_places(stations)
        return render_map_image(
            places,
            fmt="png",
            scale=1,
            preset="16:9",
            background="light",
            bounds=area_bounds(Area(), places),
            text=default_image_text(dataset, stations, "Stations shown", filters.as_of, "en"),
            show_legend=True,
            labels=True,
            lang="en",
            budget=image.PREVIEW_BUDGET,
        )

    preview(Filters(countries=("FR",)))  # warm-up: outlines read, fonts, gazetteer
    out: dict[str, Any] = {}
    for name, filters in PREVIEW_LINKS.items():
        cpu, wall, png = [], [], b""
        for _ in range(repeat):
            for cache in VIEW_CACHES:
                getattr(image, cache).cache_clear()
            for table in VIEW_DICTS:
                getattr(image, table, {}).clear()
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            png = preview(filters)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start_wall)
        out[name] = {"cpu": cpu, "wall": wall, "png": hashlib.sha256(png).hexdigest()}
    return {"data": str(path.relative_to(ROOT)), "links": out}


def preview_main(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(preview_cpu(args.repeat)))
        return 0
    measured = preview_cpu(args.repeat)
    ours = measured["links"]
    reference = None
    if args.reference:
        env = {**os.environ, "BENCH_EXPORTS_CODE": str(Path(args.reference).resolve())}
        child = subprocess.run(
            [sys.executable, __file__, "--preview", "--json", "--repeat", str(args.repeat)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        reference = json.loads(child.stdout.strip().splitlines()[-1])["links"]
    print(f"Export page preview, a link not seen before: 1x 16:9 PNG, {measured['data']}, median of {args.repeat}")
    print(f"{'link':<22}{'CPU s':>8}{'wall s':>8}", end="")
    print(f"{'ref CPU s':>11}{'ours/ref':>10}{'same PNG':>10}" if reference else "")
    worst = 0.0
    for name, m in ours.items():
        cpu, wall = statistics.median(m["cpu"]), statistics.median(m["wall"])
        worst = max(worst, cpu)
        print(f"{name:<22}{cpu:>8.3f}{wall:>8.3f}", end="")
        if reference:
            ref = statistics.median(reference[name]["cpu"])
            same = "yes" if reference[name]["png"] == m["png"] else "no"
            print(f"{ref:>11.3f}{cpu / ref:>9.2f}×{same:>10}")
        else:
            print()
    verdict = "met" if worst <= PREVIEW_TARGET_S else "missed"
    print(f"worst {worst:.3f} s of CPU against issue 17's {PREVIEW_TARGET_S} s per new-session view: {verdict}")
    return 0


PREVIEW_TARGET_S = 0.35  # issue 17: CPU per new-session view on each page (the preview is most of the Export page's)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (median is shown)")
    parser.add_argument("--preview", action="store_true", help="only the Export page's preview, per link")
    parser.add_argument("--reference", help="with --preview: another checkout to measure side by side")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the child's answer
    args = parser.parse_args()
    if args.preview:
        return preview_main(args)

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
