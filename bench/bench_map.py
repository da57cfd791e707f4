"""Ours / naive / floor, in one run: the map beside a naive st_folium app and beside Streamlit's floor.

Run: .venv/bin/python bench/bench_map.py [--sizes real,1000,10000,100000] [--load-sessions 25]

Three apps, each under `streamlit run` on loopback with the same data (OVERSEAS_STATIONS_DATA):
- ours (app.py);
- naive (bench/apps/naive_app.py): what a tutorial st_folium app does (one folium Marker per station);
- floor (bench/apps/floor_app.py): a trivial page with our sidebar Country filter and one line of
  text instead of a map: what Streamlit itself costs.

For each size (the bundled data, or it plus jittered copies: bench/synthetic.py) the three apps'
servers run side by side, each warmed up with one page view; then, ``--repeats`` rounds (ours,
naive, floor, ours, naive, floor, …: a burst of load from elsewhere hits all three alike), headless
Chromium measures each app in a new browser context, and every figure is the median of its rounds:
- cold: navigation -> every place drawn (the floor: its text shows the count);
- filter: the country with most places chosen in the page's own widget -> the page shows exactly it;
- bytes received over the websocket and over HTTP until the first paint (ours builds its atlas first,
  as `make assets` does, so the popups' words are a static file fetched after the first paint);
- the server's CPU-seconds for that cold view (its HTTP and websocket work together), and its RSS;
- the browser's main-thread CPU for the cold view and for the filter change (Chrome's TaskDuration,
  iframes included): the page's own work, which the load on a shared machine stretches but does
  not add to.
At 100 000 points the naive app is skipped (it would build 100 000 folium objects per rerun), and a
pan of ours is timed. Then the load runs (bench/load.py) for all three: readers who stay in one
session on the map page, and new visitors (every view a new session on a random page and link).
Figures are printed as "ours / naive / floor" with ours/naive and ours/floor, never asserted: this
machine is shared and noisy, so only the ratios of one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.server import cpu_seconds, rss_mb, streamlit_server  # noqa: E402
from bench.synthetic import write_synthetic  # noqa: E402
from loaders import Filters, aggregate_places, filter_stations, load_dataset  # noqa: E402
from scripts.build_assets import build_assets  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

APPS = ("ours", "naive", "floor")
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 600_000  # a ceiling for the naive app at 10 000 points; the waits end when the condition holds
LEAFLET = ROOT / "static" / "vendor" / "leaflet-1.9.4" / "dist"
JQUERY = ROOT / "bench" / "vendor" / "jquery-3.7.1" / "jquery.min.js"
FLOOR = ROOT / "bench" / "apps" / "floor_app.py"  # runs from bench/apps: no pages/, Streamlit's defaults
SIDEBAR_MULTISELECT = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'


@dataclass(frozen=True)
class Target:
    """One app under test: its script, its country widget, and what "all drawn" means in its page."""

    name: str
    script: Path
    widget: str  # the Country filter's box
    shown: str  # a JavaScript predicate over n: the page shows exactly n places (or markers)


_IN_MAP = """n => {
        const f = document.querySelector('IFRAME'); const d = f && f.contentDocument;
        return !!d && TEST;
    }"""
SHOWN = {
    # Ours writes data-places / data-places-drawn on the map's container, groups included.
    "ours": _IN_MAP.replace("IFRAME", IFRAME).replace(
        "TEST", "d.querySelector('[data-places=\"' + n + '\"][data-places-drawn=\"' + n + '\"]') !== null"
    ),
    "naive": _IN_MAP.replace("IFRAME", IFRAME).replace(
        "TEST", "d.querySelectorAll('.leaflet-marker-icon').length === n"
    ),
    "floor": """n => Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"]'))
        .some(e => e.textContent.trim() === n + ' places shown')""",
}


@dataclass
class Figures:
    cold_s: float | None = None
    filter_s: float | None = None
    pan_s: float | None = None
    ws_bytes: int = 0
    http_bytes: int = 0
    points: int = 0
    cold_cpu_s: float | None = None
    filter_cpu_s: float | None = None
    cold_browser_s: float | None = None  # the browser's main-thread CPU (TaskDuration)
    filter_browser_s: float | None = None
    rss_mb: float | None = None
    rounds: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def ws_per_point(self) -> float | None:
        return self.ws_bytes / self.points if self.points else None


def naive_folder(tmp: Path) -> Path:
    """The naive app beside a static/ with the same Leaflet as ours, plus jQuery for folium's popups."""
    folder = tmp / "naive"
    static = folder / "static"
    static.mkdir(parents=True)
    shutil.copy(ROOT / "bench" / "apps" / "naive_app.py", folder / "app.py")
    shutil.copy(LEAFLET / "leaflet.js", static)
    shutil.copy(LEAFLET / "leaflet.css", static)
    shutil.copytree(LEAFLET / "images", static / "images")
    shutil.copy(JQUERY, static)
    return folder


def targets(tmp: Path) -> dict[str, Target]:
    return {
        "ours": Target("ours", ROOT / "app.py", f"{SIDEBAR_MULTISELECT} input", SHOWN["ours"]),
        "naive": Target("naive", naive_folder(tmp) / "app.py", '[data-testid="stSelectbox"] input', SHOWN["naive"]),
        "floor": Target("floor", FLOOR, f"{SIDEBAR_MULTISELECT} input", SHOWN["floor"]),
    }


class Traffic:
    """Bytes received by a page, over the websocket and over HTTP, and its main thread's CPU time,
    from the Chrome DevTools protocol."""

    def __init__(self, page: Any) -> None:
        self.ws = 0
        self.http = 0
        self.cdp = cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Performance.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.loadingFinished", self._loaded)

    def task_s(self) -> float:
        """Seconds the page's main thread has been busy (its frames' script, style, layout, paint)."""
        metrics = self.cdp.send("Performance.getMetrics")["metrics"]
        return float(next(m["value"] for m in metrics if m["name"] == "TaskDuration"))

    def _frame(self, event: dict[str, Any]) -> None:
        self.ws += len(event["response"]["payloadData"])

    def _loaded(self, event: dict[str, Any]) -> None:
        self.http += int(event.get("encodedDataLength", 0))


def _cpu_delta(pid: int, before: float | None) -> float | None:
    after = cpu_seconds(pid)
    return None if before is None or after is None else after - before


def measure(
    browser: Any, base: str, pid: int, target: Target, n_all: int, country: tuple[str, int], pan: bool = False
) -> Figures:
    """Cold view, then (pan and) one country filter, in a new browser context."""
    figures = Figures(points=n_all)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)  # a click on a page busy drawing 10 000 markers waits too
    page = context.new_page()
    traffic = Traffic(page)
    cpu = cpu_seconds(pid)
    start = time.perf_counter()
    page.goto(base + "/")
    page.wait_for_function(target.shown, arg=n_all, timeout=TIMEOUT_MS, polling=50)
    figures.cold_s = time.perf_counter() - start
    figures.cold_cpu_s = _cpu_delta(pid, cpu)
    figures.cold_browser_s = traffic.task_s()
    figures.ws_bytes, figures.http_bytes = traffic.ws, traffic.http
    if pan:
        start = time.perf_counter()
        page.evaluate(
            """iframe => new Promise(done => {
                const w = document.querySelector(iframe).contentWindow;
                w.map.once('moveend', () => requestAnimationFrame(() => done()));
                w.map.panBy([400, 200], {animate: false});
            })""",
            IFRAME,
        )
        figures.pan_s = time.perf_counter() - start
    typed, expected = country
    box = page.locator(target.widget).first
    box.click()
    box.fill(typed)
    cpu = cpu_seconds(pid)
    busy = traffic.task_s()
    page.keyboard.press("Enter")
    start = time.perf_counter()
    page.wait_for_function(target.shown, arg=expected, timeout=TIMEOUT_MS, polling=50)
    figures.filter_s = time.perf_counter() - start
    figures.filter_cpu_s = _cpu_delta(pid, cpu)
    figures.filter_browser_s = traffic.task_s() - busy
    context.close()
    return figures


@dataclass(frozen=True)
class Country:
    """The country with most places (what a filter selects)."""

    name: str
    code: str
    places: int
    city_rows: int  # the naive app's markers: city-level rows


def country_for(stations_path: Path) -> Country:
    ds = load_dataset(stations_path)
    placed = ds.stations[ds.stations["location_precision"] == "city"]
    code = placed["country_code"].value_counts().index[0]
    name = str(ds.stations.loc[ds.stations["country_code"] == code, "country"].iloc[0])
    places = len(aggregate_places(filter_stations(ds, Filters(countries=(code,)))))
    return Country(name, code, places, int((placed["country_code"] == code).sum()))


def median_figures(rounds: list[Figures]) -> Figures:
    """Each figure's median over the rounds (None where no round has it)."""
    out = Figures(points=rounds[0].points, rounds=len(rounds))
    for name in ("cold_s", "filter_s", "pan_s", "ws_bytes", "http_bytes", "cold_cpu_s", "filter_cpu_s",
                 "cold_browser_s", "filter_browser_s"):  # fmt: skip
        values = [getattr(f, name) for f in rounds if getattr(f, name) is not None]
        if values:
            setattr(out, name, type(values[0])(statistics.median(values)))
    return out


def run_size(
    size: str, tmp: Path, browser: Any, apps: dict[str, Target], repeats: int = 1
) -> tuple[dict[str, Figures], int]:
    if size == "real":
        stations = ROOT / "data" / "stations.geojson"
    else:
        stations = write_synthetic(int(size), tmp / f"data-{size}")
    ds = load_dataset(stations)
    n_places = len(aggregate_places(ds.stations))
    n_naive = int(((ds.stations["location_precision"] == "city") & ds.stations.geometry.notna()).sum())
    country = country_for(stations)
    env = {"OVERSEAS_STATIONS_DATA": str(stations)}
    expected = {
        "ours": (n_places, (country.name, country.places)),
        "naive": (n_naive, (country.code, country.city_rows)),
        "floor": (n_places, (country.name, country.places)),
    }
    build_assets(stations)  # what `make assets` does before the server starts: the atlas, the map's scripts as one file
    names = [name for name in apps if not (name == "naive" and size == "100000")]
    rounds: dict[str, list[Figures]] = {name: [] for name in names}
    with ExitStack() as stack:
        servers = {
            name: stack.enter_context(streamlit_server(apps[name].script, env, log=tmp / f"{name}-{size}.log"))
            for name in names
        }
        for name, server in servers.items():
            warm = browser.new_page()
            warm.goto(server.base + "/")
            warm.wait_for_function(apps[name].shown, arg=expected[name][0], timeout=TIMEOUT_MS, polling=100)
            warm.close()
        for _ in range(repeats):  # interleaved: a burst of load from elsewhere hits all three alike
            for name, server in servers.items():
                n_all, filtered = expected[name]
                pan = name == "ours" and size == "100000"
                rounds[name].append(measure(browser, server.base, server.pid, apps[name], n_all, filtered, pan=pan))
        out = {name: median_figures(rounds[name]) for name in names}
        for name, server in servers.items():
            out[name].rss_mb = rss_mb(server.pid)
    return out, n_places


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}{' ' + unit if unit else ''}"


def three_way(
    title: str,
    rows: list[tuple[str, dict[str, Figures], int]],
    get: Callable[[Figures], float | None],
    unit: str,
    digits: int = 2,
) -> str:
    """One measure, one row per size: ours | naive | floor | ours/naive | ours/floor."""
    out = [f"| {title} | ours | naive | floor | ours/naive | ours/floor |", "|---|---|---|---|---|---|"]
    for size, figures, n in rows:
        v = {name: get(figures[name]) if name in figures else None for name in APPS}
        cells = " | ".join(fmt(v[name], unit, digits) for name in APPS)
        out.append(
            f"| {size} ({n}) | {cells} | **{ratio(v['ours'], v['naive'])}** | **{ratio(v['ours'], v['floor'])}** |"
        )
    return "\n".join(out)


def tables(rows: list[tuple[str, dict[str, Figures], int]]) -> str:
    parts = [
        three_way("cold: navigation → all drawn (places)", rows, lambda f: f.cold_s, "s"),
        three_way("filter: one country → page shows it", rows, lambda f: f.filter_s, "s", 3),
        three_way("websocket KiB before first paint", rows, lambda f: f.ws_bytes / 1024, "KiB", 0),
        three_way("HTTP KiB before first paint", rows, lambda f: f.http_bytes / 1024, "KiB", 0),
        three_way("server CPU for the cold view", rows, lambda f: f.cold_cpu_s, "s"),
        three_way("server CPU for the filter change", rows, lambda f: f.filter_cpu_s, "s"),
        three_way("browser main-thread CPU for the cold view", rows, lambda f: f.cold_browser_s, "s"),
        three_way("browser main-thread CPU for the filter change", rows, lambda f: f.filter_browser_s, "s", 3),
        three_way("server RSS after", rows, lambda f: f.rss_mb, "MB", 0),
    ]
    per_point = [
        f"{size}: map data bytes per point (websocket): ours {fmt(f['ours'].ws_per_point, 'B', 0)}"
        + (f", naive {fmt(f['naive'].ws_per_point, 'B', 0)}" if "naive" in f else "")
        for size, f, _ in rows
    ]
    pans = [f"{size}: pan {fmt(f['ours'].pan_s, 's')}" for size, f, _ in rows if f["ours"].pan_s is not None]
    return "\n\n".join([*parts, "\n".join([*per_point, *pans])])


def load_comparison(tmp: Path, sessions: int, stay_s: float, new_s: float, alone: int) -> tuple[str, dict[str, Any]]:
    """Both load modes (bench/load.py) for ours, naive and floor on the bundled data."""
    from bench.load import run_load

    env = {"OVERSEAS_STATIONS_DATA": str(ROOT / "data" / "stations.geojson")}
    apps = targets(tmp)
    results: dict[str, dict[str, Any]] = {"stay": {}, "new": {}}
    for mode, seconds in (("stay", stay_s), ("new", new_s)):
        if seconds <= 0:
            continue
        for name, target in apps.items():
            print(f"… load {mode} {name}  (load average {loadavg()})", file=sys.stderr, flush=True)
            # Readers who stay: the map page alone (the reference apps have one page). New visitors:
            # every page of ours (the naive and floor apps have one).
            only = ("",) if mode == "stay" else None
            results[mode][name] = run_load(
                target.script,
                env,
                sessions,
                seconds,
                mode=mode,
                only_pages=only,
                alone_views=alone if mode == "new" else 0,
            )
    out = []
    for mode, seconds in (("stay", stay_s), ("new", new_s)):
        r = results[mode]
        if not r:
            continue
        what = (
            "readers who stay (map page)"
            if mode == "stay"
            else "new visitors (every view a new session; ours: every page)"
        )
        out.append(load_table(f"{what}: {sessions} sessions, {seconds:.0f} s", r, alone=mode == "new"))
    if results["new"].get("ours"):
        out.append(per_page_table(results["new"]["ours"]))
    return "\n\n".join(out), results


def _alone_cpu(r: dict[str, Any]) -> float | None:
    """The default page's CPU-seconds per view, alone (the map page; the reference apps' only page)."""
    return r["per_page"].get("(default)", {}).get("cpu_s_alone")


def load_table(title: str, r: dict[str, dict[str, Any]], alone: bool) -> str:
    rows: list[tuple[str, Callable[[dict[str, Any]], float | None], str, int]] = [
        ("page views/s", lambda x: x["views_per_s"], "", 1),
        ("p50", lambda x: x["p50_s"], "s", 2),
        ("p95", lambda x: x["p95_s"], "s", 2),
        ("errors", lambda x: x["errors"], "", 0),
        ("server CPU per view, under load", lambda x: x["cpu_s_per_view"], "s", 3),
    ]
    if alone:
        rows.append(("server CPU per view of the map page, alone", _alone_cpu, "s", 3))
    out = [f"| {title} | ours | naive | floor | ours/naive | ours/floor |", "|---|---|---|---|---|---|"]
    for label, get, unit, digits in rows:
        v = {name: get(r[name]) if name in r else None for name in APPS}
        ratios = (
            "| — | — |"
            if label == "errors"
            else f"| **{ratio(v['ours'], v['naive'])}** | **{ratio(v['ours'], v['floor'])}** |"
        )
        out.append(f"| {label} | " + " | ".join(fmt(v[n], unit, digits) for n in APPS) + f" {ratios}")
    rss = " | ".join(
        f"{fmt(r[n]['rss_before_mb'], '', 0)} → {fmt(r[n]['rss_after_mb'], 'MB', 0)}" if n in r else "—" for n in APPS
    )
    out.append(f"| server RSS before → after | {rss} | | |")
    return "\n".join(out)


def per_page_table(r: dict[str, Any]) -> str:
    out = [
        "| ours, new visitors, per page | views | p50 | p95 | alone: p50 | alone: server CPU per view |",
        "|---|---|---|---|---|---|",
    ]
    for page, f in r["per_page"].items():
        out.append(
            f"| /{page} | {f['views']} | {fmt(f['p50_s'], 's')} | {fmt(f['p95_s'], 's')} | "
            f"{fmt(f.get('alone_p50_s'), 's')} | {fmt(f.get('cpu_s_alone'), 's', 3)} |"
        )
    return "\n".join(out)


def loadavg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="real,1000,10000,100000")
    parser.add_argument("--load-sessions", type=int, default=25, help="0: no load runs")
    parser.add_argument("--load-seconds", type=float, default=60.0, help="readers who stay (0: skip)")
    parser.add_argument("--new-seconds", type=float, default=45.0, help="new visitors (0: skip)")
    parser.add_argument("--alone-views", type=int, default=3, help="new visitors: views of each page one at a time")
    parser.add_argument("--repeats", type=int, default=5, help="rounds per size, interleaved; figures are medians")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    print(f"load average at the start: {loadavg()} (1, 5, 15 min; {os.cpu_count()} cores)", flush=True)
    print(f"{args.repeats} interleaved rounds per size; every figure is the median of its rounds", flush=True)
    rows: list[tuple[str, dict[str, Figures], int]] = []
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        apps = targets(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in [s for s in args.sizes.split(",") if s]:
            print(f"… {size}  (load average {loadavg()})", file=sys.stderr, flush=True)
            figures, n = run_size(size, tmp, browser, apps, repeats=max(1, args.repeats))
            rows.append((size, figures, n))
            print(tables([rows[-1]]), file=sys.stderr, flush=True)  # kept if a later size fails
        browser.close()
    build_assets(ROOT / "data" / "stations.geojson")  # static/build/ holds the bundled data's atlas again
    if rows:
        print(tables(rows), flush=True)
        print(f"\nload average after the browser runs: {loadavg()}", flush=True)
    load: dict[str, Any] = {}
    if args.load_sessions > 0:  # outside Playwright's event loop: the load run has its own
        with tempfile.TemporaryDirectory() as tmp_name:
            text, load = load_comparison(
                Path(tmp_name), args.load_sessions, args.load_seconds, args.new_seconds, args.alone_views
            )
            print()
            print(text)
        print(f"\nload average at the end: {loadavg()}", flush=True)
    if args.json:
        sizes = [{"size": s, "places": n, **{k: asdict(v) for k, v in f.items()}} for s, f, n in rows]
        args.json.write_text(json.dumps({"sizes": sizes, "load": load}, indent=1))


if __name__ == "__main__":
    main()
