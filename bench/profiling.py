"""Where the server's time goes: py-spy flame graphs of new-session views, a filter change, validation.

Run (as root, or wherever ptrace is allowed: py-spy reads the server's memory):

    .venv/bin/python bench/profiling.py                       # every page + the filter change, bundled data
    .venv/bin/python bench/profiling.py --pages map,about --views 10 --no-filter
    .venv/bin/python bench/profiling.py --validate 100000 --no-pages --no-filter
    .venv/bin/python bench/profiling.py --summarise bench/out/profile/new-session-map.speedscope.json --views 5

With the app under ``streamlit run`` on loopback, warmed up with one view of every page (so the
caches hold what a busy server holds), py-spy (pinned in requirements-dev.txt) is attached to the
server process (``py-spy record --pid``, speedscope format: open the files in speedscope, or read
the printed summary) while
- each page is viewed ``--views`` times by new visitors, one at a time (a new websocket, so a new
  Streamlit session, on the plain link: bench/load.py's ``new_visits_alone``); one file per page;
- a reader on the Map page in headless Chromium changes the Country filter ``--filter-changes``
  times (the country with most places chosen, then removed), each waited for until drawn;
- ``--load S``: 25 (``--load-sessions``) new visitors at once for S seconds, every page (bench/load.py);
- ``--browser``: the browser's side, Chrome's own sampling profiler (DevTools protocol) over a
  new visitor's Map page until drawn and over one filter change, in headless Chromium: a
  ``.cpuprofile`` each (open it in Chrome DevTools or speedscope) and a summary by script file:
  Streamlit's own bundle, the map's scripts, or the browser's native work ("(program)": style,
  layout, paint, compiling);
- ``--validate N``: ``python -m loaders.validate`` on N stations (bench/synthetic.py) runs under
  py-spy from its process start (and once without it, for its wall time and peak memory).

Each profile is summarised per view (or per run): sampled CPU time by thread, by part of the run
(Streamlit's machinery, our frame in app.py by function, each page), by kind of work (our code,
pandas, Streamlit, protobuf, JSON, Arrow, the st.cache machinery...), what was computed on a cache
miss, and the top functions by self and total time. Samples of threads that wait are left out
(see WAITING), so the sampled seconds approximate CPU seconds; the server's CPU time from /proc is
printed beside them and every figure is scaled to it (on a loaded machine a thread that is ready
to run waits for a core, and sampling counts that wait). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import new_visits_alone, pages_of, warm_up  # noqa: E402
from bench.server import Server, cpu_seconds, streamlit_server  # noqa: E402

PY_SPY = Path(sys.executable).parent / "py-spy"
OUT = ROOT / "bench" / "out" / "profile"
# --nonblocking: py-spy reads the server's stacks without pausing it 200 times a second.
SPY_FLAGS = ("--nonblocking", "--gil")
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
SITE = Path(sysconfig.get_paths()["purelib"]).resolve()


# -- recording ---------------------------------------------------------------------------------


@contextmanager
def recording(pid: int, out: Path, rate: int, cpu: list[float] | None = None) -> Iterator[None]:
    """py-spy attached to ``pid`` for the ``with`` block; the speedscope file is written on exit.
    ``cpu`` gets the process's CPU time when the recording starts and when it ends."""
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [str(PY_SPY), "record", "--pid", str(pid), *SPY_FLAGS, "--rate", str(rate)]
    command += ["--format", "speedscope", "-o", str(out)]
    spy = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert spy.stdout is not None
    lines = []
    for line in spy.stdout:  # it says when it samples; an error (no ptrace) ends its output instead
        lines.append(line)
        if "Sampling process" in line:
            break
    else:
        spy.wait()
        raise RuntimeError("py-spy could not attach (ptrace refused?):\n" + "".join(lines))
    try:
        if cpu is not None:
            cpu.append(cpu_seconds(pid) or 0.0)
        yield
        if cpu is not None:
            cpu.append(cpu_seconds(pid) or 0.0)
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        tail = spy.communicate(timeout=120)[0]
        if spy.returncode not in (0, -signal.SIGINT) or not out.exists():
            raise RuntimeError(f"py-spy failed ({spy.returncode}):\n{''.join(lines)}{tail}")


# -- reading a speedscope file -------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    name: str
    file: str

    @property
    def short(self) -> str:
        return f"{self.name} ({short_path(self.file)})"


@cache  # a profile under load has millions of frames and a few thousand distinct files
def short_path(file: str) -> str:
    path = Path(file)
    for base, prefix in ((ROOT, ""), (SITE, ""), (STDLIB, "stdlib/")):
        try:
            return prefix + str(path.resolve().relative_to(base))
        except ValueError:
            continue
    return file


# Where a thread waits (the innermost Python frame of a blocking C call). py-spy's own idle
# detection let these through here (the event loop's epoll_wait above all), so they are dropped
# by name: what is left matches the CPU time from /proc when the machine is not overloaded.
WAITING = (
    ("EpollSelector.select", "/selectors.py"),  # the event loop, idle
    ("Condition.wait", "/threading.py"),  # anyio's and Streamlit's worker threads, idle
    ("Event.wait", "/threading.py"),
    ("Thread._wait_for_tstate_lock", "/threading.py"),
    ("_worker", "/concurrent/futures/thread.py"),  # a thread pool's worker waiting for work
    ("PollingPathWatcher._schedule.<locals>.task", "/polling_path_watcher.py"),  # time.sleep(0.2)
)


# Frames every sample of a thread passes through, left out of the "total time" table.
PLUMBING = (
    "stdlib/threading.py",
    "stdlib/asyncio/",
    "stdlib/concurrent/",
    "<frozen runpy>",
    "click/core.py",
    "streamlit/__main__.py",
    "streamlit/web/",
    "streamlit/runtime/scriptrunner/",
)


def waiting(frame: Frame) -> bool:
    return any(frame.name == name and frame.file.endswith(file) for name, file in WAITING)


def read_samples(path: Path) -> list[tuple[str, tuple[Frame, ...], float]]:
    """(thread, stack root first, seconds) for every distinct stack of a py-spy speedscope file
    in which the thread was not waiting (see WAITING)."""
    doc = json.loads(path.read_text())
    frames = [Frame(f["name"], f.get("file") or "") for f in doc["shared"]["frames"]]
    weights: Counter[tuple[str, tuple[int, ...]]] = Counter()  # identical stacks added up first
    for profile in doc["profiles"]:
        for stack, weight in zip(profile["samples"], profile["weights"], strict=True):
            if stack and not waiting(frames[stack[-1]]):
                weights[profile["name"], tuple(stack)] += float(weight)
    return [(thread, tuple(frames[i] for i in stack), w) for (thread, stack), w in weights.items()]


def _ours(file: str) -> bool:
    return file.startswith(str(ROOT)) and "/.venv/" not in file


@cache
def part_of_run(stack: tuple[Frame, ...]) -> str:
    """Which part of the work a sample belongs to: a page, our frame (app.py's callee), Streamlit's
    script-run machinery outside our code, or the server's event loop."""
    app_at = [i for i, f in enumerate(stack) if f.file == str(ROOT / "app.py")]
    page_at = [i for i, f in enumerate(stack) if _ours(f.file) and Path(f.file).parent == ROOT / "pages"]
    legacy = " [page run without app.py first]" if page_at and app_at and page_at[0] < app_at[0] else ""
    if page_at and (not app_at or page_at[-1] > app_at[-1]):
        return f"page {Path(stack[page_at[-1]].file).stem}{legacy}"
    if app_at:
        # The function app.py called (past Streamlit's wrappers of st.* commands).
        callees = [f.name for f in stack[app_at[-1] + 1 :] if "wrapped_func" not in f.name and "wrapper" not in f.name]
        return f"frame (app.py) → {callees[0] if callees else '<module> itself'}{legacy}"
    if any("polling_path_watcher" in f.file for f in stack):
        return "Streamlit's pollers of config.toml and secrets.toml"
    if any("scriptrunner" in f.file for f in stack):
        return "Streamlit script run, outside app.py (start, widgets, session state, end)"
    if any(k in f.file for f in stack for k in ("uvicorn", "starlette", "asyncio", "streamlit/web", "websockets")):
        return "server event loop (websocket, sessions, sending messages)"
    return "other"


_KINDS = (  # first match from the innermost frame outwards
    ("protobuf serialisation", ("google/protobuf", "serialize_forward_msg", "SerializeToString")),
    ("JSON", ("stdlib/json/",)),
    ("Arrow / dataframe serialisation", ("pyarrow", "dataframe_util", "arrow")),
    ("st.cache machinery (hashing, copies)", ("streamlit/runtime/caching",)),
    ("pickle / copy", ("stdlib/pickle", "stdlib/copy", "stdlib/copyreg")),
    ("pandas / geopandas / numpy / shapely", ("pandas/", "geopandas/", "numpy/", "shapely/", "pyogrio/", "pyproj/")),
    ("folium / branca / jinja2", ("folium/", "branca/", "jinja2/", "streamlit_folium/")),
    ("matplotlib", ("matplotlib/",)),
    ("jsonschema / fastjsonschema", ("jsonschema", "referencing/")),
    ("web server (uvicorn, starlette, websockets)", ("uvicorn/", "starlette/", "websockets/", "anyio/")),
    ("Streamlit internals", ("streamlit/",)),
)


@cache
def kind_of_work(stack: tuple[Frame, ...]) -> str:
    for frame in reversed(stack):
        where = f"{short_path(frame.file)} {frame.name}"
        if _ours(frame.file):
            return "our code (loaders, maps, exports, ui, pages)"
        for kind, keys in _KINDS:
            if any(k in where for k in keys):
                return kind
    return "Python stdlib / other"


def cache_miss(stack: tuple[Frame, ...]) -> str | None:
    """The cached function computed in this sample, if it runs on a cache miss."""
    for i, frame in enumerate(stack):
        if frame.name.endswith("_handle_cache_miss"):
            for inner in stack[i + 1 :]:
                if "streamlit/" not in inner.file:
                    return inner.short
            return "?"
    return None


def summarise(path: Path, per: int, label: str = "view", top: int = 15, cpu_s: float | None = None) -> str:
    """The profile in ``path``, divided by ``per`` (views, filter changes, runs): tables as text.

    Sampled time is time a thread was not waiting (py-spy's idle detection), whether or not the
    machine gave it a core at that moment: on a loaded machine it exceeds the CPU time. With
    ``cpu_s`` (the process's CPU time over the recording, from /proc) every figure is scaled to
    it: each share of the sampled time, times the CPU time actually used.
    """
    samples = read_samples(path)
    sampled = sum(w for _, _, w in samples)
    scale = cpu_s / sampled if cpu_s and sampled else 1.0
    samples = [(thread, stack, w * scale) for thread, stack, w in samples]
    total = sampled * scale
    n = max(per, 1)
    unit = "CPU s" if cpu_s else "sampled s"
    threads: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    part_kinds: dict[str, Counter[str]] = defaultdict(Counter)
    misses: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    total_time: Counter[str] = Counter()
    for thread, stack, w in samples:
        threads[thread] += w
        part, kind = part_of_run(stack), kind_of_work(stack)
        parts[part] += w
        kinds[kind] += w
        part_kinds[part][kind] += w
        if (miss := cache_miss(stack)) is not None:
            misses[miss] += w
        if stack:
            self_time[stack[-1].short] += w
        for key in {f.short for f in stack if not any(p in f.short for p in PLUMBING)}:
            total_time[key] += w

    def table(title: str, counter: Counter[str], limit: int | None = None, mostly: bool = False) -> list[str]:
        head = f"| {title} | {unit} per {label} | share |" + (" mostly |" if mostly else "")
        rows = [head, "|---|---|---|" + ("---|" if mostly else "")]
        for key, w in counter.most_common(limit):
            extra = ""
            if mostly:
                top3 = part_kinds[key].most_common(2)
                extra = " " + ", ".join(f"{k} {v / w:.0%}" for k, v in top3) + " |"
            rows.append(f"| {key} | {w / n:.3f} | {w / total:.0%} |{extra}")
        return rows

    out = [
        f"{path.name}: {sampled:.2f} s sampled (threads not waiting) over {per} {label}s"
        + (f"; the CPU time used (/proc) was {cpu_s:.2f} s, and every figure is scaled to it" if cpu_s else "")
        + f": {total / n:.3f} {unit} per {label}"
    ]
    out += ["", *table("thread", threads)]
    out += ["", *table("part of the run", parts, mostly=True)]
    out += ["", *table("kind of work (innermost frame)", kinds)]
    if misses:
        out += ["", *table("computed on a cache miss", misses, limit=top)]
    out += ["", *table("function, self time", self_time, limit=top)]
    out += ["", *table("function, total time (itself and what it calls)", total_time, limit=top)]
    return "\n".join(out)


# -- scenarios -----------------------------------------------------------------------------------


def profile_pages(server: Server, pages: list[str], views: int, rate: int, out: Path) -> list[str]:
    reports = []
    for page in pages:
        name = page or "map"
        target = out / f"new-session-{name}.speedscope.json"
        window: list[float] = []  # the server's CPU time at the recording's start and end
        recorded = partial(recording, server.pid, target, rate, window)
        seconds, cpu, tally = new_visits_alone(server, page, views, around=recorded)
        summary = summarise(target, len(seconds), cpu_s=window[1] - window[0])
        reports.append(
            f"## /{page}: {len(seconds)} new-session views one at a time ({tally.errors} errors); "
            f"wall {_median(seconds):.3f} s, server CPU (/proc) {_median(cpu):.3f} s per view (median)\n\n{summary}"
        )
        print(reports[-1], "\n", flush=True)
    return reports


def profile_filter(server: Server, data: Path, changes: int, rate: int, out: Path) -> str:
    from playwright.sync_api import sync_playwright

    from bench.bench_map import SHOWN, SIDEBAR_MULTISELECT, country_for
    from loaders import aggregate_places, load_dataset
    from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

    n_all = len(aggregate_places(load_dataset(data).stations))
    country = country_for(data)
    target = out / "filter-change-map.speedscope.json"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.base + "/")
        page.wait_for_function(SHOWN["ours"], arg=n_all, timeout=300_000, polling=50)
        box = page.locator(f"{SIDEBAR_MULTISELECT} input").first

        def change(i: int) -> float:
            start = time.perf_counter()
            if i % 2 == 0:  # choose the country...
                box.click()
                box.fill(country.name)
                page.keyboard.press("Enter")
                expected = country.places
            else:  # ...and remove it (Backspace in the empty box removes the last choice)
                page.keyboard.press("Backspace")
                expected = n_all
            page.wait_for_function(SHOWN["ours"], arg=expected, timeout=300_000, polling=50)
            return time.perf_counter() - start

        # One round first, not recorded: what a filtered page shows the first time loads once per
        # process (Streamlit's emoji table for a page link's icon, 0.4 s of CPU here).
        change(0), change(1)
        window: list[float] = []
        with recording(server.pid, target, rate, window):
            seconds = [change(i) for i in range(changes)]
        cpu = window[1] - window[0]
        browser.close()
    report = (
        f"## Map page: {changes} filter changes (Country {country.name} chosen, then removed), each until drawn; "
        f"wall {_median(seconds):.3f} s median, server CPU (/proc) {cpu / changes:.3f} s per change\n\n"
        + summarise(target, changes, label="change", cpu_s=cpu)
    )
    print(report, "\n", flush=True)
    return report


def _browser_summary(profile: dict[str, Any], top: int = 12) -> list[tuple[str, float]]:
    """Sampled main-thread milliseconds by script file (or the browser's own work), most first."""
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    by: dict[str, float] = {}
    for node_id, delta_us in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[node_id]
        name = frame["url"].rsplit("/", 1)[-1].split("?")[0] or f"({frame['functionName'].strip('()')})"
        by[name] = by.get(name, 0.0) + delta_us / 1000
    by.pop("(idle)", None)  # waiting: the network, the server
    return sorted(by.items(), key=lambda kv: -kv[1])[:top]


def profile_browser(server: Server, data: Path, out: Path) -> str:
    """Chrome's CPU profile of a new visitor's Map page until drawn, then of one filter change."""
    from playwright.sync_api import sync_playwright

    from bench.bench_map import SHOWN, SIDEBAR_MULTISELECT, country_for
    from loaders import aggregate_places, load_dataset
    from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

    n_all = len(aggregate_places(load_dataset(data).stations))
    country = country_for(data)
    profiles: dict[str, dict[str, Any]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = browser.new_page()
        warm.goto(server.base + "/")
        warm.wait_for_function(SHOWN["ours"], arg=n_all, timeout=300_000, polling=50)
        warm.close()
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})  # microseconds
        cdp.send("Profiler.start")
        page.goto(server.base + "/")
        page.wait_for_function(SHOWN["ours"], arg=n_all, timeout=300_000, polling=50)
        profiles["cold"] = cdp.send("Profiler.stop")["profile"]
        box = page.locator(f"{SIDEBAR_MULTISELECT} input").first
        box.click()
        box.fill(country.name)
        cdp.send("Profiler.start")
        page.keyboard.press("Enter")
        page.wait_for_function(SHOWN["ours"], arg=country.places, timeout=300_000, polling=50)
        profiles["filter"] = cdp.send("Profiler.stop")["profile"]
        context.close()
        browser.close()
    lines = ["## The browser's main thread (Chrome's sampling profiler; idle time left out)", ""]
    for name, profile in profiles.items():
        target = out / f"browser-{name}-map.cpuprofile"
        target.write_text(json.dumps(profile))
        rows = _browser_summary(profile)
        total = sum(ms for _, ms in _browser_summary(profile, top=10_000))
        what = "a new visitor's Map page until drawn" if name == "cold" else f"the filter change to {country.name}"
        lines += [f"{what}: {total:.0f} ms busy ({target.name})", "", "| script | ms | share |", "|---|---|---|"]
        lines += [f"| {script} | {ms:.0f} | {ms / total:.0%} |" for script, ms in rows]
        lines.append("")
    report = "\n".join(lines)
    print(report, flush=True)
    return report


def profile_validation(stations: int, rate: int, out: Path) -> str:
    from bench.synthetic import write_synthetic

    with tempfile.TemporaryDirectory() as tmp:
        path = write_synthetic(stations, Path(tmp) / "data")
        command = [sys.executable, "-m", "loaders.validate", str(path)]
        start = time.perf_counter()
        plain = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(plain.pid, 0)  # this child's own peak memory
        wall = time.perf_counter() - start
        plain.returncode = os.waitstatus_to_exitcode(status)
        peak_mb = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        target = out / f"validate-{stations}.speedscope.json"
        spy = [str(PY_SPY), "record", "--rate", str(rate), "--format", "speedscope", "-o", str(target), "--"]
        subprocess.run(spy + command, cwd=ROOT, capture_output=True, text=True, check=True)
    report = (
        f"## `python -m loaders.validate` on {stations} stations (bench/synthetic.py): exit {plain.returncode}, "
        f"wall {wall:.2f} s with process start, CPU {cpu:.2f} s, peak RSS {peak_mb:.0f} MB (without py-spy)\n\n"
        + summarise(target, 1, label="run", top=25, cpu_s=cpu)
    )
    print(report, "\n", flush=True)
    return report


def profile_load(data: Path, sessions: int, seconds: float, rate: int, out: Path) -> str:
    """New visitors under load (bench/load.py, mode "new"): where the CPU goes when sessions overlap."""
    from bench.load import run_load

    target = out / f"new-visitors-{sessions}-sessions.speedscope.json"
    env = {"OVERSEAS_STATIONS_DATA": str(data.resolve())}
    r = run_load(
        ROOT / "app.py", env, sessions, seconds, mode="new", around_readers=lambda s: recording(s.pid, target, rate)
    )
    report = (
        f"## New visitors under load: {sessions} sessions, {seconds:.0f} s, every page: {r['page_views']} views, "
        f"{r['views_per_s']}/s, p50 {r['p50_s']} s, p95 {r['p95_s']} s, {r['errors']} errors; "
        f"server CPU (/proc) {r['cpu_s_per_view']} s per view\n\n"
        + summarise(target, r["page_views"], cpu_s=r["cpu_s"])
    )
    print(report, "\n", flush=True)
    return report


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "stations.geojson")
    parser.add_argument("--pages", help="URL paths, comma-separated (map = the default page); default: every page")
    parser.add_argument("--no-pages", action="store_true", help="skip the new-session views")
    parser.add_argument("--views", type=int, default=8, help="new-session views of each page")
    parser.add_argument("--no-filter", action="store_true", help="skip the filter change")
    parser.add_argument("--filter-changes", type=int, default=6)
    parser.add_argument("--load", type=float, default=0, metavar="S", help="profile new visitors under load for S s")
    parser.add_argument("--load-sessions", type=int, default=25)
    parser.add_argument("--browser", action="store_true", help="Chrome's profile of a cold Map page and a filter")
    parser.add_argument("--validate", type=int, default=0, metavar="N", help="profile validating N stations")
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--out", type=Path, default=OUT, help="where the speedscope files go")
    parser.add_argument("--summarise", type=Path, help="only summarise this speedscope file (with --views as N)")
    args = parser.parse_args(argv)
    if args.summarise:
        print(summarise(args.summarise, args.views))
        return 0
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)  # a new --out folder too
    if not (args.no_pages and args.no_filter and not args.browser):
        env = {"OVERSEAS_STATIONS_DATA": str(args.data.resolve())}
        with streamlit_server(ROOT / "app.py", env) as server:
            pages = pages_of(server.base, 120)
            if warm_up(server.base, pages).errors:
                raise RuntimeError("the warm-up views failed")
            if not args.no_pages:
                chosen = pages
                if args.pages:
                    wanted = ["" if p == "map" else p for p in args.pages.split(",")]
                    chosen = [p for p in pages if p in wanted]
                profile_pages(server, chosen, args.views, args.rate, args.out)
            if not args.no_filter:
                profile_filter(server, args.data, args.filter_changes, args.rate, args.out)
            if args.browser:
                profile_browser(server, args.data, args.out)
    if args.load:
        profile_load(args.data, args.load_sessions, args.load, args.rate, args.out)
    if args.validate:
        profile_validation(args.validate, args.rate, args.out)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; files in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
