"""Load test: N concurrent protocol-level Streamlit sessions over the websocket, for S seconds, on loopback.

Prints figures; asserts nothing. Run:

    .venv/bin/python bench/load.py --sessions 25 --seconds 60            # this app on the bundled data
    .venv/bin/python bench/load.py --app other_app.py --sessions 5 --seconds 20
    .venv/bin/python bench/load.py --url http://127.0.0.1:8080 --warm-ups 2     # a server already running


or from Python, to compare apps in one run (the lead's bench does):

    from bench.load import run_load
    figures = run_load("app.py", env={"OVERSEAS_STATIONS_DATA": "..."}, sessions=10, seconds=30)

What a session does is what a browser does, at the protocol level (no browser, no JavaScript): it
opens ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol "streamlit"), sends a ``rerun_script``
BackMsg whose ClientState carries the link's query string and the page (``page_name`` = URL path,
``page_script_hash`` once the server's ``navigation`` message has told it the hashes), and counts
the page view done when the run's ``script_finished`` ForwardMsg arrives (a run ended early for
a rerun is not the end). A reader opens a random link (page + filters), moves through a few more
pages, disconnects, and opens another link, until the time is up.

A page view counts as an error when the server sends an exception element or an ``st.error``
box, closes the socket, or does not finish the run within ``view_timeout_s``. Bounded: loopback
only, at most ``MAX_SESSIONS`` sessions and ``MAX_SECONDS`` seconds. Server memory is the RSS of the
server process (``/proc/PID/status``) before the first session and after the last.

With ``--url`` (``run_load(url=...)``) it loads a server that is already running at that loopback
base URL (a balancer in front of replicas: bench/bench_replicas.py) instead of starting one; the
server's memory is then not measured. Each warm-up connection fills one replica's caches when a
balancer spreads connections over replicas (``--warm-ups``, one per replica).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, always
MAX_SESSIONS = 200
MAX_SECONDS = 600
VIEWS_PER_READER = 4  # page views on one connection before the reader opens another link

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process, from /proc (Linux); None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def start_server(app_path: Path, env: dict[str, str] | None, port: int) -> subprocess.Popen[bytes]:
    """``streamlit run`` on loopback, from the app's folder (its .streamlit/config.toml applies)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    return subprocess.Popen(
        command,
        cwd=app_path.parent,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as one, and only it
    )


def wait_healthy(port: int, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling a server that is starting: there is no event to wait on
    raise TimeoutError(f"no answer from /_stcore/health on port {port} within {timeout_s} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


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
        self.rng = random.Random(seed)
        self.hashes: dict[str, str] = {}  # url path -> page_script_hash, from the navigation message

    async def view(self, ws: Any, query: str, page: str, timeout_s: float) -> None:
        start = time.perf_counter()
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

    async def run(self, deadline: float, timeout_s: float) -> None:
        url = _stream(self.base)
        while time.monotonic() < deadline:
            try:
                async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
                    self.tally.connections += 1
                    query = self.rng.choice(self.queries)
                    for _ in range(VIEWS_PER_READER):
                        if time.monotonic() >= deadline:
                            return
                        await self.view(ws, query, self.rng.choice(self.pages), timeout_s)
            except (OSError, websockets.ConnectionClosed, TimeoutError) as exc:
                self.tally.error(type(exc).__name__)


def _stream(base: str) -> str:
    return "ws" + base.removeprefix("http") + "/_stcore/stream"


def pages_of(base: str, timeout_s: float) -> list[str]:
    """The app's page URL paths, from the navigation message of one run of its default page."""

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


def run_load(
    app_path: str | Path | None,
    env: dict[str, str] | None = None,
    sessions: int = 5,
    seconds: float = 20,
    *,
    queries: tuple[str, ...] = DEFAULT_QUERIES,
    view_timeout_s: float = 120,
    seed: int = 0,
    only_pages: tuple[str, ...] | None = None,
    url: str | None = None,
    warm_ups: int = 1,
) -> dict[str, Any]:
    """Start ``app_path`` on a free loopback port, run ``sessions`` readers for ``seconds``, stop it.
    With ``url`` (a loopback base URL), load the server already running there instead.

    Returns the figures: page views, views/s, p50/p95 seconds (overall and per page), errors
    (by kind), connections, server RSS in MB before the first reader and after the last (None
    with ``url``). The first run of each page (the warm-up, which fills the caches) is not counted;
    ``warm_ups`` connections each run it (one per replica behind a balancer).
    ``only_pages`` (URL paths, "" for the default page) limits the readers to those pages.
    """
    if not 1 <= sessions <= MAX_SESSIONS or not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"sessions must be 1..{MAX_SESSIONS} and seconds 0..{MAX_SECONDS}")
    if (app_path is None) == (url is None):
        raise ValueError("give an app to start or the URL of a running server, not both")
    server = None
    if url is not None:
        base, target = loopback_base(url), url
    else:
        app = Path(app_path).resolve()  # type: ignore[arg-type]
        port = free_port()
        base, target = f"http://{HOST}:{port}", str(app)
        server = start_server(app, env, port)
    try:
        if server is not None:
            wait_healthy(port, server)
        pages = pages_of(base, view_timeout_s)
        if only_pages is not None:  # e.g. ("",): the home page alone, to compare with a one-page app
            pages = [p for p in pages if p in only_pages] or list(only_pages)
        warm = _Tally()
        warm_reader = _Reader(base, pages, ("",), warm, seed)

        async def warm_up() -> None:
            for _ in range(warm_ups):
                async with websockets.connect(_stream(base), subprotocols=["streamlit"], max_size=None) as ws:
                    for page in pages:
                        await warm_reader.view(ws, "", page, view_timeout_s)

        asyncio.run(warm_up())
        rss_before = rss_mb(server.pid) if server else None
        tally = _Tally()

        async def readers() -> float:
            started = time.monotonic()
            deadline = started + seconds
            await asyncio.gather(
                *(_Reader(base, pages, queries, tally, seed + i).run(deadline, view_timeout_s) for i in range(sessions))
            )
            return time.monotonic() - started

        wall = asyncio.run(readers())
        rss_after = rss_mb(server.pid) if server else None
    finally:
        if server is not None:
            stop_server(server)
    views = len(tally.latencies)
    return {
        "app": target,
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
        "per_page": {
            page: {"views": len(v), "p50_s": _round(_percentile(v, 50)), "p95_s": _round(_percentile(v, 95))}
            for page, v in sorted(tally.by_page.items())
        },
        "rss_before_mb": _round(rss_before, 1),
        "rss_after_mb": _round(rss_after, 1),
    }


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default=str(ROOT / "app.py"), help="the Streamlit script (default: this app)")
    parser.add_argument("--data", help="stations.geojson to serve (OVERSEAS_STATIONS_DATA)")
    parser.add_argument("--url", help="load the server already running at this loopback base URL instead")
    parser.add_argument("--warm-ups", type=int, default=1, help="warm-up connections (one per replica)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    env = {"OVERSEAS_STATIONS_DATA": str(Path(args.data).resolve())} if args.data else None
    if args.url:
        figures = run_load(None, None, args.sessions, args.seconds, url=args.url, warm_ups=args.warm_ups)
    else:
        figures = run_load(args.app, env, args.sessions, args.seconds, warm_ups=args.warm_ups)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['app']}: {figures['sessions']} sessions for {figures['seconds']} s (wall {figures['wall_s']} s)")
    print(
        f"  page views {figures['page_views']} · {figures['views_per_s']}/s · p50 {figures['p50_s']} s · "
        f"p95 {figures['p95_s']} s · errors {figures['errors']} {figures['error_kinds'] or ''}"
    )
    for page, f in figures["per_page"].items():
        print(f"    /{page}: {f['views']} views, p50 {f['p50_s']} s, p95 {f['p95_s']} s")
    if figures["rss_before_mb"] is not None:
        print(f"  server RSS {figures['rss_before_mb']} MB before, {figures['rss_after_mb']} MB after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
