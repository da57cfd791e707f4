"""Real parts for browser tests: a `streamlit run` on a free loopback port, Debian's Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.server import free_port, wait_healthy  # one way to find a port and wait, for benches and tests

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


def require_system_binary(path: str, package: str) -> None:
    """Skip without ``path`` locally; under CI=true a missing Debian package is a failure."""
    if Path(path).exists():
        return
    message = f"{path} not found: install Debian's {package} (make system)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    require_system_binary(CHROMIUM, "chromium")


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 15) -> None:
    """SIGTERM, then SIGKILL if it has not ended after ``timeout_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
            wait_healthy(proc, base, f"streamlit: see {log_path}")
            yield base, proc
        finally:
            stop_process(proc)
