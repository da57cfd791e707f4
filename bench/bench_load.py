"""Benchmark: loading, filtering and map building on the bundled data. Prints figures; asserts nothing.

Run: .venv/bin/python bench/bench_load.py [path/to/stations.geojson]
Targets (2-core machine): load + validate < 1 s; a filter change (filter + markers) < 0.3 s.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders import DEFAULT_DATA_PATH, Filters, aggregate_places, filter_stations, load_dataset  # noqa: E402
from maps.build import MapText, make_base_map, make_station_layer  # noqa: E402


def timed(label: str, fn: Callable[[], object], repeat: int = 5) -> object:
    result = fn()  # warm-up: caches (Natural Earth, schemas) load once, as in the app
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    print(f"{label:<48} median {statistics.median(times) * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms")
    return result


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA_PATH
    tracemalloc.start()
    start = time.perf_counter()
    ds = load_dataset(path)
    cold = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"data: {path} — {len(ds.stations)} stations, {len(ds.events)} events, {len(ds.sources)} sources")
    print(
        f"{'cold load + validate (first call)':<48} {cold * 1000:8.1f} ms   peak Python memory {peak / 2**20:.1f} MiB"
    )
    timed("load + validate (warm)", lambda: load_dataset(path))
    timed("filter: all", lambda: filter_stations(ds, Filters()))
    timed("filter: as of 2023-01-01", lambda: filter_stations(ds, Filters(as_of=date(2023, 1, 1))))
    timed("aggregate places", lambda: aggregate_places(ds.stations))
    layer = timed("station layer (all markers + popups)", lambda: make_station_layer(ds, ds.stations), repeat=3)
    m = make_base_map(text=MapText("Source", "today"))
    layer.add_to(m)  # type: ignore[union-attr]
    html = timed("render map HTML", lambda: m.get_root().render(), repeat=3)
    print(f"{'map HTML size':<48} {len(html) / 1024:8.1f} KiB")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
