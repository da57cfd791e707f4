"""Two `streamlit run` replicas behind HAProxy, configured by deploy/haproxy.cfg (the file DEPLOY.md
documents): for the replica test and the load test through the balancer."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.load import pages_of
from bench.server import streamlit_server

from .browser import HEALTH_TIMEOUT_S, ROOT, free_port, require_system_binary, stop_process, wait_healthy

HAPROXY = "/usr/sbin/haproxy"
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
# deploy/haproxy.cfg's servers, by their affinity cookie value, and the variable naming each address.
SERVERS = {"a": "OSM_REPLICA_A", "b": "OSM_REPLICA_B"}
AFFINITY_COOKIE = "SRV"  # `cookie SRV insert ...` in deploy/haproxy.cfg


def require_haproxy() -> None:
    require_system_binary(HAPROXY, "haproxy")


@dataclass
class Replica:
    name: str  # the server's name and cookie value in deploy/haproxy.cfg
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Cluster:
    url: str  # the balancer's base URL
    replicas: dict[str, Replica]
    haproxy_log: Path


@contextmanager
def haproxy(replica_urls: dict[str, str], log_path: Path) -> Iterator[str]:
    """HAProxy from deploy/haproxy.cfg on a free loopback port in front of ``replica_urls``
    (server name -> base URL); yield its base URL once it answers /_stcore/health."""
    port = free_port()
    env = {**os.environ, "OSM_BIND": f"127.0.0.1:{port}"}
    env.update({SERVERS[name]: url.removeprefix("http://") for name, url in replica_urls.items()})
    with open(log_path, "wb") as log:
        # -db: stay in the foreground, so that this process is HAProxy and stopping it stops it.
        command = [HAPROXY, "-db", "-f", str(HAPROXY_CONFIG)]
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            try:  # a crash (a bad config) is noticed at once, with the end of its log
                wait_healthy(proc, base, "haproxy")
            except RuntimeError as exc:
                raise RuntimeError(f"{exc}: {log_path.read_text()[-2000:]}") from None
            yield base
        finally:
            stop_process(proc)


@contextmanager
def cluster(log_dir: Path, env: dict[str, str] | None = None) -> Iterator[Cluster]:
    """Two replicas of the app (one ``server.cookieSecret``, as DEPLOY.md asks), warmed up, behind
    HAProxy. Every process is stopped on the way out, whatever happened."""
    shared = {**(env or {}), "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    with ExitStack() as stack:
        logs = {name: log_dir / f"replica-{name}.log" for name in SERVERS}
        # bench/server.py: the one way to start a server for the benches (bench/bench_replicas.py
        # uses this cluster); each replica in a process group of its own, stopped as one.
        starting = {name: streamlit_server(ROOT / "app.py", shared, log=log) for name, log in logs.items()}
        # Started side by side (a cold start takes seconds); each one that came up is stopped on exit.
        with ThreadPoolExecutor(len(starting)) as pool:
            futures = {name: pool.submit(cm.__enter__) for name, cm in starting.items()}
        for name, future in futures.items():
            if future.exception() is None:
                stack.push(starting[name].__exit__)
        replicas = {}
        for name, future in futures.items():
            server = future.result()  # raises the first failure, after every started one is on the stack
            replicas[name] = Replica(name, server.base, server.process, logs[name])
        # One run of the map on each replica, side by side: a cold start (the data validated, the
        # caches filled) takes seconds, and much longer on a loaded machine. Straight to each
        # replica, not through the balancer, whose round robin the test relies on.
        with ThreadPoolExecutor(len(replicas)) as pool:
            list(pool.map(lambda r: pages_of(r.url, HEALTH_TIMEOUT_S), replicas.values()))
        haproxy_log = log_dir / "haproxy.log"
        url = stack.enter_context(haproxy({n: r.url for n, r in replicas.items()}, haproxy_log))
        yield Cluster(url, replicas, haproxy_log)
