"""Real parts for browser tests: a `streamlit run` on a free loopback port, Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling home: this machine's network refuses those connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HEALTH_TIMEOUT_S = 90  # a cold start on a loaded 2-core box takes a few seconds; this is a ceiling


def require_chromium() -> None:
    """Skip without the browser locally; under CI=true a missing browser is a failure."""
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium (make browser)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def streamlit_server(log_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `streamlit run app.py` on a free port; yield its base URL once /_stcore/health answers."""
    with streamlit_process(log_path, env) as (base, _):
        yield base


@contextmanager
def streamlit_process(
    log_path: Path, env: dict[str, str] | None = None, app: Path | str = "app.py", cwd: Path = ROOT
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start `streamlit run APP` in ``cwd`` on a free port; yield (base URL, process) once healthy."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--server.enableStaticServing", "true",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        base = f"http://127.0.0.1:{port}"
        try:
            waited = 0.0
            while not _healthy(f"{base}/_stcore/health"):
                # Waiting on the process doubles as the poll interval and notices a crash at once.
                try:
                    proc.wait(timeout=0.2)
                except subprocess.TimeoutExpired:
                    waited += 0.2
                    if waited > HEALTH_TIMEOUT_S:
                        raise RuntimeError(f"streamlit not healthy after {HEALTH_TIMEOUT_S}s; see {log_path}") from None
                    continue
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
