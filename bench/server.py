"""One way to start and stop a Streamlit server for every benchmark, and to read its CPU and memory.

``streamlit_server(app)`` runs ``python -m streamlit run APP`` from the app's folder (so that its
``.streamlit/config.toml`` applies), on a free loopback port, in its own process group, and yields
a ``Server`` once ``/_stcore/health`` answers; on exit it stops that process group, and only it.
The server is one Python process (script runs are threads in it), so ``/proc/PID`` covers all of
its work: ``cpu_seconds`` and ``rss_mb`` read it (Linux; None elsewhere).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, always
HEALTH_TIMEOUT_S = 90  # a cold start on a loaded 2-core box takes a few seconds; this is a ceiling
STOP_TIMEOUT_S = 15
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def stream(self) -> str:
        """The websocket a browser tab opens."""
        return f"ws://{HOST}:{self.port}/_stcore/stream"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB, from /proc/PID/status."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (user + system, its threads included), from /proc/PID/stat."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / _CLOCK_TICKS


def healthy(url: str) -> bool:
    """Whether ``url`` answers 200 within 2 s."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_healthy(process: subprocess.Popen[bytes], base: str, what: str, timeout_s: float = 90) -> None:
    """Return once ``base``/_stcore/health answers 200; raise at once if ``process`` exits (its code
    and ``what`` in the message: a log's path), or after ``timeout_s``. Waiting on the process is the
    poll interval: no sleep. The benches and the browser tests (tests/e2e/browser.py) use it."""
    waited = 0.0
    while not healthy(f"{base}/_stcore/health"):
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            waited += 0.2
            if waited > timeout_s:
                raise RuntimeError(f"no answer from {base} after {timeout_s:.0f}s; {what}") from None
            continue
        raise RuntimeError(f"exited with code {process.returncode}; {what}")


@contextmanager
def streamlit_server(
    app: str | Path,
    env: dict[str, str] | None = None,
    *,
    log: Path | None = None,
    health_timeout_s: float = HEALTH_TIMEOUT_S,
) -> Iterator[Server]:
    """Run ``streamlit run APP`` from APP's folder on a free loopback port; yield it once healthy."""
    app = Path(app).resolve()
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", HOST, "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        # The reference apps run from a folder of their own with a static/ of vendored Leaflet.
        "--server.enableStaticServing", "true",
    ]  # fmt: skip
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed in finally)
    process = subprocess.Popen(
        command,
        cwd=app.parent,
        env={**os.environ, **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as one, and only it
    )
    server = Server(port, process)
    try:
        wait_healthy(process, server.base, f"{app}" + (f": see {log}" if log else ""), health_timeout_s)
        yield server
    finally:
        stop(process)
        if log:
            out.close()  # type: ignore[union-attr]


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group (SIGTERM, then SIGKILL after STOP_TIMEOUT_S)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
