"""Load test: N concurrent protocol-level Streamlit readers over the websocket, for S seconds, on loopback.

Prints figures; asserts nothing. Run:

    .venv/bin/python bench/load.py --sessions 25 --seconds 60                   # readers who stay
    .venv/bin/python bench/load.py --mode new --sessions 25 --seconds 45        # new visitors
    .venv/bin/python bench/load.py --app other_app.py --sessions 5 --seconds 20
    .venv/bin/python bench/load.py --url http://127.0.0.1:8080 --warm-ups 2     # a server already running

or from Python, to compare apps in one run (bench/bench_map.py does):

    from bench.load import run_load
    figures = run_load("app.py", env={"OVERSEAS_STATIONS_DATA": "..."}, sessions=10, seconds=30, mode="new")

What a reader does is what a browser tab does, at the protocol level (no browser, no JavaScript):
it opens ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol "streamlit"), sends a ``rerun_script``
BackMsg whose ClientState carries the link's query string and the page (``page_name`` = URL path,
``page_script_hash`` once the server's ``navigation`` message has told it the hashes), and counts
the page view done when the run's ``script_finished`` ForwardMsg arrives (a run ended early for
a rerun is not the end). Two modes:

- ``stay``: a reader opens a random link (page + filters), moves through a few more pages on the
  same connection (one session), disconnects, and opens another link, until the time is up;
- ``new``: every page view is a new visitor, as a story link shared in a newsroom produces: a new
  websocket (so a new Streamlit session) on a random page with random filters in the link, closed
  once the page is drawn. The view's time runs from the connection's start.

A page view counts as an error when the server sends an exception element or an ``st.error``
box, closes the socket, or does not finish the run within ``view_timeout_s``. Bounded: loopback
only, at most ``MAX_SESSIONS`` readers and ``MAX_SECONDS`` seconds. The server's CPU time
(``/proc/PID/stat``) over the run, divided by the page views, gives CPU-seconds per view; with
``alone_views`` each page is then also viewed that many times one at a time, by new visitors on
the plain link (one idle session stays connected), which gives each page's own CPU-seconds per view.
Server memory is the RSS before the first reader and after the last. The server is started and
stopped by bench/server.py, as for every benchmark.

With ``--url`` (``run_load(url=...)``) it loads a server that is already running at that loopback
base URL (a balancer in front of replicas: bench/bench_replicas.py) instead of starting one, in
either mode; CPU and memory are then those of the processes named by ``pids`` (summed: the
replicas), or not measured. ``alone_views`` needs the server it starts, so it is refused there.
Each warm-up connection fills one replica's caches when a balancer spreads connections over
replicas (``--warm-ups``, one per replica).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is a package of the project
    sys.path.insert(0, str(ROOT))

from bench.server import Server, cpu_seconds, rss_mb, streamlit_server  # noqa: E402

MAX_SESSIONS = 200
MAX_SECONDS = 600
VIEWS_PER_READER = 4  # stay mode: page views on one connection before the reader opens another link
MODES = ("stay", "new")

# Links a reader might open: filters of this app (another app ignores them), odd ones included.
DEFAULT_QUERIES = (
    "",
    "country=NL",
    "country=IT,FR,DE",
    "status=closed",
    "status=closure_ordered,prosecuted",
    "bureau=Fuzhou",
    "report=none",
    "asof=2022-12-01",
    "country=US&asof=2023-06-01",
    "bureau=Qingtian&status=under_investigation",
    "asof=2000-01-01",
    "country=ZZ",
)


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    connections: int = 0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


def loopback_base(url: str) -> str:
    """``url`` without a trailing slash, if it is http on a loopback address; else ValueError."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "http" or not loopback or parts.query or parts.fragment:
        raise ValueError(f"the load test runs on loopback only: http://127.0.0.1:PORT[/path], not {url!r}")
    return url.rstrip("/")


def _stream(base: str) -> str:
    """The websocket a browser tab opens, for an http base URL."""
    return "ws" + base.removeprefix("http") + "/_stcore/stream"


def _rerun(query: str, page_name: str, page_hash: str, base: str) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = page_name
    state.page_script_hash = page_hash
    info = state.context_info
    info.timezone = "UTC"
    info.locale = "en-GB"
    info.url = f"{base}/{page_name}" + (f"?{query}" if query else "")
    return msg.SerializeToString()


class _Reader:
    """One browser tab at the protocol level."""

    def __init__(self, base: str, pages: list[str], queries: tuple[str, ...], tally: _Tally, seed: int) -> None:
        self.base, self.pages, self.queries, self.tally = base, pages, queries, tally
        self.url = _stream(base)
        self.rng = random.Random(seed)
        self.hashes: dict[str, str] = {}  # url path -> page_script_hash, from the navigation message

    async def view(self, ws: Any, query: str, page: str, timeout_s: float, start: float | None = None) -> None:
        """Ask for ``page`` with the link's ``query``; tally the time from ``start`` (default: now)
        to the run's end, or the error."""
        start = time.perf_counter() if start is None else start
        await ws.send(_rerun(query, page, self.hashes.get(page, ""), self.base))
        failed = False
        end = start + timeout_s
        while True:
            remaining = end - time.perf_counter()
            if remaining <= 0:
                self.tally.error("timeout")
                return
            raw = await asyncio.wait_for(ws.recv(), timeout=remaining)
            msg = ForwardMsg()
            msg.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                self.hashes.update({p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages})
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception" or (which == "alert" and element.alert.format == 1):  # 1 = ERROR
                    failed = True
            elif kind == "page_not_found":
                failed = True
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # a rerun follows (st.rerun, a page switch): the view is not done yet
                elapsed = time.perf_counter() - start
                if failed or status == "FINISHED_WITH_COMPILE_ERROR":
                    self.tally.error("error on page" if failed else "compile error")
                else:
                    self.tally.latencies.append(elapsed)
                    self.tally.by_page.setdefault(page or "(default)", []).append(elapsed)
                return

    async def new_visit(self, query: str, page: str, timeout_s: float) -> None:
        """One page view by a new visitor: a new websocket (a new session), closed once drawn."""
        start = time.perf_counter()
        self.hashes = {}  # a browser opening a link knows no page hashes yet
        try:
            async with websockets.connect(self.url, subprotocols=["streamlit"], max_size=None) as ws:
                self.tally.connections += 1
                await self.view(ws, query, page, timeout_s, start)
        except (OSError, websockets.ConnectionClosed, TimeoutError) as exc:
            self.tally.error(type(exc).__name__)

    async def stay(self, deadline: float, timeout_s: float) -> None:
        """Readers who stay: a link, then a few pages in the same session; then another link."""
        while time.monotonic() < deadline:
            try:
                async with websockets.connect(self.url, subprotocols=["streamlit"], max_size=None) as ws:
                    self.tally.connections += 1
                    query = self.rng.choice(self.queries)
                    for _ in range(VIEWS_PER_READER):
                        if time.monotonic() >= deadline:
                            return
                        await self.view(ws, query, self.rng.choice(self.pages), timeout_s)
            except (OSError, websockets.ConnectionClosed, TimeoutError) as exc:
                self.tally.error(type(exc).__name__)

    async def new_visitors(self, deadline: float, timeout_s: float) -> None:
        """New visitors, one after another: each view a new session on a random page and link."""
        while time.monotonic() < deadline:
            await self.new_visit(self.rng.choice(self.queries), self.rng.choice(self.pages), timeout_s)


def pages_of(base: str, timeout_s: float) -> list[str]:
    """The app's page URL paths, from the navigation message of one run of its default page at
    ``base`` (an http base URL: ``Server.base``, a replica's, a balancer's)."""

    async def discover() -> list[str]:
        async with websockets.connect(_stream(base), subprotocols=["streamlit"], max_size=None) as ws:
            await ws.send(_rerun("", "", "", base))
            paths: list[str] = []
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                msg = ForwardMsg()
                msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=timeout_s))
                kind = msg.WhichOneof("type")
                if kind == "navigation":
                    paths = [p.url_pathname for p in msg.navigation.app_pages]
                elif kind == "new_session" and not paths:
                    paths = [p.url_pathname for p in msg.new_session.app_pages]
                elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return paths or [""]
            return paths or [""]

    return asyncio.run(discover())


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def warm_up(base: str, pages: list[str], timeout_s: float = 120, connections: int = 1) -> _Tally:
    """One view of every page on each of ``connections`` connections, one after another (fills the
    caches; behind a balancer, one connection per replica); not counted in any figure."""
    tally = _Tally()
    reader = _Reader(base, pages, ("",), tally, 0)

    async def views() -> None:
        for _ in range(connections):
            async with websockets.connect(reader.url, subprotocols=["streamlit"], max_size=None) as ws:
                for page in pages:
                    await reader.view(ws, "", page, timeout_s)

    asyncio.run(views())
    return tally


def new_visits_alone(
    server: Server,
    page: str,
    views: int,
    query: str = "",
    timeout_s: float = 120,
    around: Callable[[], AbstractContextManager[Any]] | None = None,
) -> tuple[list[float], list[float], _Tally]:
    """``views`` new-visitor views of ``page``, one at a time: (seconds, server CPU-seconds) of each.

    Another session stays connected (idle) meanwhile: Streamlit empties its cache of compiled
    scripts whenever the last session disconnects, so on a server with no one else the next
    visitor also pays for compiling app.py and the page; a server under load rarely is empty.
    ``around()``, a context manager, is entered once that session has viewed the page, and left
    after the last view (a profiler).
    """
    tally = _Tally()
    reader = _Reader(server.base, [page], (query,), tally, 0)
    cpu: list[float] = []

    async def one_by_one() -> None:
        async with websockets.connect(server.stream, subprotocols=["streamlit"], max_size=None) as anchor:
            await _Reader(server.base, [page], (query,), _Tally(), 0).view(anchor, query, page, timeout_s)
            with around() if around else nullcontext():
                for _ in range(views):
                    before = cpu_seconds(server.pid)
                    await reader.new_visit(query, page, timeout_s)
                    after = cpu_seconds(server.pid)
                    if before is not None and after is not None:
                        cpu.append(after - before)

    asyncio.run(one_by_one())
    return tally.latencies, cpu, tally


def run_load(
    app_path: str | Path | None,
    env: dict[str, str] | None = None,
    sessions: int = 5,
    seconds: float = 20,
    *,
    mode: str = "stay",
    queries: tuple[str, ...] = DEFAULT_QUERIES,
    view_timeout_s: float = 120,
    seed: int = 0,
    only_pages: tuple[str, ...] | None = None,
    alone_views: int = 0,
    around_readers: Callable[[Server], AbstractContextManager[Any]] | None = None,
    url: str | None = None,
    warm_ups: int = 1,
    pids: tuple[int, ...] = (),
) -> dict[str, Any]:
    """Start ``app_path`` on a free loopback port, run ``sessions`` readers for ``seconds``, stop it.
    With ``url`` (a loopback base URL), load the server already running there instead.

    ``mode`` is "stay" (readers move between pages in one session) or "new" (every view a new
    session). Returns the figures: page views, views/s, p50/p95 seconds (overall and per page),
    errors (by kind), connections, the server's CPU-seconds over the run and per view, its RSS in
    MB before the first reader and after the last. With ``url``, CPU and RSS are those of ``pids``
    (the processes behind it, summed: the replicas), None without them. The first run of each page
    (the warm-up, which fills the caches) is not counted; ``warm_ups`` connections each run it (one
    per replica behind a balancer). ``only_pages`` (URL paths, "" for the default page) limits
    the readers to those pages. ``alone_views`` > 0 adds, per page, that many new-visitor views
    one at a time after the run: ``alone_p50_s`` and ``cpu_s_alone`` (the median view's CPU).
    ``around_readers(server)``, a context manager, is entered while the readers run (a profiler).
    Both need the server this function starts, so neither goes with ``url``.
    """
    if not 1 <= sessions <= MAX_SESSIONS or not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"sessions must be 1..{MAX_SESSIONS} and seconds 0..{MAX_SECONDS}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if (app_path is None) == (url is None):
        raise ValueError("give an app to start or the URL of a running server, not both")
    if url is not None and (alone_views or around_readers):
        raise ValueError("alone_views and around_readers measure the server's process: not with url")
    if warm_ups < 1:
        raise ValueError("warm_ups must be at least 1")
    if pids and url is None:
        raise ValueError("pids are of the processes behind url; the server started here is measured anyway")
    with ExitStack() as stack:
        server: Server | None = None
        if url is not None:
            base, target = loopback_base(url), url
        else:
            app = Path(app_path).resolve()  # type: ignore[arg-type]
            server = stack.enter_context(streamlit_server(app, env))
            base, target = server.base, str(app)
            pids = (server.pid,)
        pages = pages_of(base, view_timeout_s)
        if only_pages is not None:  # e.g. ("",): the home page alone, to compare with a one-page app
            pages = [p for p in pages if p in only_pages] or list(only_pages)
        warm = warm_up(base, pages, view_timeout_s, warm_ups)
        rss_before = _summed(rss_mb, pids)
        cpu_before = _summed(cpu_seconds, pids)
        tally = _Tally()

        async def readers() -> float:
            started = time.monotonic()
            deadline = started + seconds
            group = [_Reader(base, pages, queries, tally, seed + i) for i in range(sessions)]
            runs = (r.new_visitors if mode == "new" else r.stay for r in group)
            await asyncio.gather(*(run(deadline, view_timeout_s) for run in runs))
            return time.monotonic() - started

        with around_readers(server) if around_readers and server else nullcontext():
            wall = asyncio.run(readers())
        cpu_after = _summed(cpu_seconds, pids)
        rss_after = _summed(rss_mb, pids)
        alone = (
            {page: new_visits_alone(server, page, alone_views, "", view_timeout_s) for page in pages}
            if alone_views and server
            else {}
        )
    views = len(tally.latencies)
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    per_page: dict[str, dict[str, Any]] = {}
    for page in pages:
        name = page or "(default)"
        latencies = tally.by_page.get(name, [])
        figures: dict[str, Any] = {
            "views": len(latencies),
            "p50_s": _round(_percentile(latencies, 50)),
            "p95_s": _round(_percentile(latencies, 95)),
        }
        if page in alone:
            seconds_alone, cpu_alone, alone_tally = alone[page]
            figures |= {
                "alone_views": len(seconds_alone),
                "alone_errors": alone_tally.errors,
                "alone_p50_s": _round(_percentile(seconds_alone, 50)),
                "cpu_s_alone": _round(statistics.median(cpu_alone)) if cpu_alone else None,
            }
        per_page[name] = figures
    return {
        "app": target,
        "mode": mode,
        "sessions": sessions,
        "seconds": seconds,
        "wall_s": round(wall, 2),
        "pages": pages,
        "page_views": views,
        "views_per_s": round(views / wall, 2) if wall else None,
        "p50_s": _round(_percentile(tally.latencies, 50)),
        "p95_s": _round(_percentile(tally.latencies, 95)),
        "errors": tally.errors,
        "error_kinds": tally.error_kinds,
        "warm_up_errors": warm.errors,
        "connections": tally.connections,
        "cpu_s": _round(cpu),
        "cpu_s_per_view": _round(cpu / views) if cpu is not None and views else None,
        "per_page": per_page,
        "rss_before_mb": _round(rss_before, 1),
        "rss_after_mb": _round(rss_after, 1),
    }


def _summed(read: Callable[[int], float | None], pids: tuple[int, ...]) -> float | None:
    """``read`` (CPU or RSS from /proc) summed over the processes; None without any or if one is gone."""
    values = [read(pid) for pid in pids]
    return sum(v for v in values if v is not None) if values and None not in values else None


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default=str(ROOT / "app.py"), help="the Streamlit script (default: this app)")
    parser.add_argument("--data", help="stations.geojson to serve (OVERSEAS_STATIONS_DATA)")
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="stay",
        help="stay: readers move between pages in one session; new: every page view is a new session (a shared link)",
    )
    parser.add_argument(
        "--url", help="load the server already running at this loopback base URL instead (a balancer; --mode works)"
    )
    parser.add_argument("--warm-ups", type=int, default=1, help="warm-up connections (one per replica)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--alone",
        type=int,
        default=0,
        metavar="N",
        help="then view each page N times alone (new visitors): each page's CPU-seconds per view",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.url:
        try:
            loopback_base(args.url)
        except ValueError as exc:
            parser.error(str(exc))
    if args.url and args.alone:
        parser.error("--alone reads the CPU of a server this script starts: not with --url")
    if args.url and args.data:
        parser.error("--data is for the server this script starts: the one at --url serves its own data")
    env = {"OVERSEAS_STATIONS_DATA": str(Path(args.data).resolve())} if args.data else None
    common: dict[str, Any] = {"mode": args.mode, "warm_ups": args.warm_ups}
    if args.url:
        figures = run_load(None, None, args.sessions, args.seconds, url=args.url, **common)
    else:
        figures = run_load(args.app, env, args.sessions, args.seconds, alone_views=args.alone, **common)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"{figures['app']} ({figures['mode']}): {figures['sessions']} sessions for {figures['seconds']} s "
        f"(wall {figures['wall_s']} s, {figures['connections']} connections)"
    )
    print(
        f"  page views {figures['page_views']} · {figures['views_per_s']}/s · p50 {figures['p50_s']} s · "
        f"p95 {figures['p95_s']} s · errors {figures['errors']} {figures['error_kinds'] or ''}"
    )
    if figures["cpu_s"] is not None:
        print(f"  server CPU {figures['cpu_s']} s · {figures['cpu_s_per_view']} s per view")
    for page, f in figures["per_page"].items():
        alone = f" · alone: p50 {f['alone_p50_s']} s, CPU {f['cpu_s_alone']} s per view" if "alone_views" in f else ""
        print(f"    /{page}: {f['views']} views, p50 {f['p50_s']} s, p95 {f['p95_s']} s{alone}")
    if figures["rss_before_mb"] is not None:
        print(f"  server RSS {figures['rss_before_mb']} MB before, {figures['rss_after_mb']} MB after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
