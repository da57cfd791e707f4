"""The map side by side with a naive st_folium app, in one run: prints one table of figures and ratios.

Run: .venv/bin/python bench/bench_map.py [--sizes real,1000,10000,100000] [--load-sessions 25 --load-seconds 60]

For each size (the bundled data, or it plus jittered copies: bench/synthetic.py) it starts our app
and the naive reference (bench/apps/naive_app.py) with `streamlit run` on loopback, warms each up
with one page view, then in headless Chromium measures, for both:
- cold: a new browser context navigates to the page -> every place is drawn;
- filter: one country chosen in the page's own widget -> the map shows exactly that country;
- bytes: received over the websocket (and over HTTP) until the first paint, per point; ours builds
  the atlas first (scripts/build_assets.py, as `make assets` does) so it is a static file;
- server RSS after the run.
At 100 000 points only ours runs (the naive app would build 100 000 folium objects per rerun), and a
pan is timed too. Then the load run (bench/load.py) compares page views/s and p95 of ours, naive and a
trivial two-widget app. Figures are printed, never asserted: this machine is shared and noisy, so
only the ratios of one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.load import rss_mb  # noqa: E402
from bench.synthetic import write_synthetic  # noqa: E402
from loaders import Filters, aggregate_places, filter_stations, load_dataset  # noqa: E402
from scripts.build_assets import build_atlas  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_process  # noqa: E402

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 600_000  # a ceiling for the naive app at 10 000 points; the waits end when the condition holds
LEAFLET = ROOT / "static" / "vendor" / "leaflet-1.9.4" / "dist"
JQUERY = ROOT / "bench" / "vendor" / "jquery-3.7.1" / "jquery.min.js"


@dataclass
class Figures:
    cold_s: float | None = None
    filter_s: float | None = None
    pan_s: float | None = None
    ws_bytes: int = 0
    http_bytes: int = 0
    points: int = 0
    rss_mb: float | None = None
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


def drawn_js(ours: bool) -> str:
    """A predicate over the map iframe: exactly ``n`` places (ours) or markers (naive) are drawn."""
    if ours:
        inner = "d && d.querySelector('[data-places=\"' + n + '\"][data-places-drawn=\"' + n + '\"]') !== null"
    else:
        inner = "d && d.querySelectorAll('.leaflet-marker-icon').length === n"
    return f"""n => {{
        const f = document.querySelector('{IFRAME}');
        const d = f && f.contentDocument;
        return {inner};
    }}"""


class Traffic:
    """Bytes received by a page, over the websocket and over HTTP, from the Chrome DevTools protocol."""

    def __init__(self, page: Any) -> None:
        self.ws = 0
        self.http = 0
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.loadingFinished", self._loaded)

    def _frame(self, event: dict[str, Any]) -> None:
        self.ws += len(event["response"]["payloadData"])

    def _loaded(self, event: dict[str, Any]) -> None:
        self.http += int(event.get("encodedDataLength", 0))


def measure(
    browser: Any, base: str, ours: bool, n_all: int, country: tuple[str, str, int] | None, pan: bool = False
) -> Figures:
    figures = Figures(points=n_all)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)  # the naive app at 10 000 points answers a click slowly
    traffic = Traffic(page)
    start = time.perf_counter()
    page.goto(base + "/")
    page.wait_for_function(drawn_js(ours), arg=n_all, timeout=TIMEOUT_MS, polling=50)
    figures.cold_s = time.perf_counter() - start
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
    if country:
        typed, _, expected = country
        widget = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]' if ours else '[data-testid="stSelectbox"]'
        box = page.locator(f"{widget} input").first
        box.click()
        box.fill(typed)
        page.keyboard.press("Enter")
        start = time.perf_counter()
        page.wait_for_function(drawn_js(ours), arg=expected, timeout=TIMEOUT_MS, polling=50)
        figures.filter_s = time.perf_counter() - start
    context.close()
    return figures


def country_for(stations_path: Path) -> tuple[str, str, int, int]:
    """The country with most places (what a filter selects): (name typed, code, places, city-level rows)."""
    ds = load_dataset(stations_path)
    placed = ds.stations[ds.stations["location_precision"] == "city"]
    code = placed["country_code"].value_counts().index[0]
    name = str(ds.stations.loc[ds.stations["country_code"] == code, "country"].iloc[0])
    places = len(aggregate_places(filter_stations(ds, Filters(countries=(code,)))))
    return name, code, places, int((placed["country_code"] == code).sum())


def run_size(size: str, tmp: Path, browser: Any) -> tuple[Figures, Figures | None, int]:
    if size == "real":
        stations = ROOT / "data" / "stations.geojson"
    else:
        stations = write_synthetic(int(size), tmp / f"data-{size}")
    ds = load_dataset(stations)
    n_places = len(aggregate_places(ds.stations))
    n_naive = int(((ds.stations["location_precision"] == "city") & ds.stations.geometry.notna()).sum())
    name, code, country_places, country_rows = country_for(stations)
    env = {"OVERSEAS_STATIONS_DATA": str(stations)}
    build_atlas(stations)  # what `make assets` does before the server starts
    with streamlit_process(tmp / f"ours-{size}.log", env) as (base, proc):
        warm = browser.new_page()
        warm.goto(base + "/")
        warm.wait_for_function(drawn_js(True), arg=n_places, timeout=TIMEOUT_MS, polling=100)
        warm.close()
        ours = measure(browser, base, True, n_places, (name, code, country_places), pan=size == "100000")
        ours.rss_mb = rss_mb(proc.pid)
        # The view travels in the websocket; the atlas (popups' words, per data version) is a built
        # static file fetched after the first paint, once per browser: counted in the HTTP bytes.
    naive = None
    if size != "100000":
        folder = naive_folder(tmp / f"naive-{size}")
        with streamlit_process(tmp / f"naive-{size}.log", env, app="app.py", cwd=folder) as (base, proc):
            warm = browser.new_page()
            warm.goto(base + "/")
            warm.wait_for_function(drawn_js(False), arg=n_naive, timeout=TIMEOUT_MS, polling=200)
            warm.close()
            naive = measure(browser, base, False, n_naive, (code, code, country_rows))
            naive.rss_mb = rss_mb(proc.pid)
    return ours, naive, n_places


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def fmt(value: float | None, unit: str, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f} {unit}"


def table(rows: list[tuple[str, Figures, Figures | None, int]]) -> str:
    out = [
        "| data (places) | cold: navigation → all drawn | filter: one country → map shows it | "
        "map data bytes per point (first paint: websocket) | server RSS |",
        "|---|---|---|---|---|",
    ]
    for size, ours, naive, n in rows:
        nv = naive or Figures()
        out.append(
            f"| {size} ({n}) | ours {fmt(ours.cold_s, 's')} · naive {fmt(nv.cold_s, 's')} · "
            f"**{ratio(ours.cold_s, nv.cold_s)}** | ours {fmt(ours.filter_s, 's')} · naive {fmt(nv.filter_s, 's')} · "
            f"**{ratio(ours.filter_s, nv.filter_s)}** | ours {fmt(ours.ws_per_point, 'B', 0)} · "
            f"naive {fmt(nv.ws_per_point, 'B', 0)} | ours {fmt(ours.rss_mb, 'MB', 0)} · "
            f"naive {fmt(nv.rss_mb, 'MB', 0)} |"
        )
    extra = [f"{size}: pan {fmt(ours.pan_s, 's')}" for size, ours, _, _ in rows if ours.pan_s is not None]
    http = [
        f"{size}: HTTP bytes to first paint ours {ours.http_bytes / 1024:.0f} KiB"
        + (f", naive {naive.http_bytes / 1024:.0f} KiB" if naive else "")
        for size, ours, naive, _ in rows
    ]
    return "\n".join([*out, "", *extra, *http])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="real,1000,10000,100000")
    parser.add_argument("--load-sessions", type=int, default=25)
    parser.add_argument("--load-seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes.split(","):
            print(f"… {size}", file=sys.stderr, flush=True)
            ours, naive, n = run_size(size, tmp, browser)
            rows.append((size, ours, naive, n))
        browser.close()
    build_atlas(ROOT / "data" / "stations.geojson")  # static/build/ holds the bundled data's atlas again
    print(table(rows), flush=True)
    if args.load_sessions > 0:  # outside Playwright's event loop: the load run has its own
        with tempfile.TemporaryDirectory() as tmp_name:
            print()
            print(load_comparison(Path(tmp_name), args.load_sessions, args.load_seconds))
    if args.json:
        args.json.write_text(json.dumps([[s, o.__dict__, n.__dict__ if n else None, k] for s, o, n, k in rows]))


def load_comparison(tmp: Path, sessions: int, seconds: float) -> str:
    """Page views/s and p95 for ours, the naive app and a trivial app, N sessions each (bench/load.py)."""
    from bench.load import run_load

    stations = ROOT / "data" / "stations.geojson"
    env = {"OVERSEAS_STATIONS_DATA": str(stations)}
    results = {}
    trivial = tmp / "trivial"
    trivial.mkdir()
    shutil.copy(ROOT / "bench" / "apps" / "trivial_app.py", trivial / "app.py")
    for name, app, cwd in (
        ("ours", "app.py", ROOT),
        ("naive", "app.py", naive_folder(tmp / "naive-load")),
        ("trivial", "app.py", trivial),
    ):
        # The map page alone for every app (the naive and trivial apps have one page); varied filters.
        results[name] = run_load(cwd / app, env=env, sessions=sessions, seconds=seconds, only_pages=("",))
    lines = [
        f"| load: {sessions} sessions, {seconds:.0f} s | page views/s | p50 | p95 | errors | RSS before → after |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['views_per_s']:.1f} | {r['p50_s']:.2f} s | {r['p95_s']:.2f} s | {r['errors']} | "
            f"{r['rss_before_mb']:.0f} → {r['rss_after_mb']:.0f} MB |"
        )
    ours, naive = results["ours"]["views_per_s"], results["naive"]["views_per_s"]
    lines.append(f"\nours / naive page views/s: {ours / naive:.2f}×" if naive else "")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
