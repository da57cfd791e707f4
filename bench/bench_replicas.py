"""The load test (bench/load.py) through HAProxy in front of two replicas, side by side with one replica
alone, in one run.

Run: .venv/bin/python bench/bench_replicas.py [--sessions 10 --seconds 30 --mode new --json]   (make load-replicas)

It starts two `streamlit run` replicas and HAProxy from deploy/haproxy.cfg (the cluster of
tests/e2e/test_replicas.py: tests/e2e/replicas.py), warms both up, then runs the same readers for the
same time twice: straight at replica a (one replica; b is up but idle), then at the balancer (the
readers' connections spread over a and b by round robin). Figures are printed, never asserted: on a
shared machine only the ratios of one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import MODES, run_load  # noqa: E402
from bench.server import rss_mb  # noqa: E402
from tests.e2e.replicas import HAPROXY, cluster  # noqa: E402

COLUMNS = ("views_per_s", "p50_s", "p95_s", "errors", "page_views", "connections", "cpu_s_per_view")


def run(sessions: int, seconds: float, data: Path | None, mode: str = "stay") -> dict[str, Any]:
    if not Path(HAPROXY).exists():
        raise SystemExit(f"{HAPROXY} not found: make system")
    env = {"OVERSEAS_STATIONS_DATA": str(data.resolve())} if data else None
    with tempfile.TemporaryDirectory() as logs, cluster(Path(logs), env=env) as c:
        one = c.replicas["a"]
        load = {"one replica": os.getloadavg()[0]}  # the machine's 1-minute load average as each run starts
        # CPU per view: the replicas' CPU over the readers' run (both: b's idle share counts too).
        pids = tuple(r.process.pid for r in c.replicas.values())
        common: dict[str, Any] = {"sessions": sessions, "seconds": seconds, "mode": mode, "pids": pids}
        figures = {"one replica": run_load(None, url=one.url, **common)}
        load["balancer, 2 replicas"] = os.getloadavg()[0]
        # two warm-up connections: round robin gives one to each replica
        figures["balancer, 2 replicas"] = run_load(None, url=c.url, warm_ups=2, **common)
        rss = {name: round(mb, 1) if (mb := rss_mb(r.process.pid)) else None for name, r in c.replicas.items()}
    return {
        "sessions": sessions,
        "seconds": seconds,
        "mode": mode,
        "cpus": os.cpu_count(),
        "load_average_at_start": load,
        "figures": figures,
        "rss_after_mb": rss,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/bench_replicas.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="stay",
        help="bench/load.py's readers: stay, or new visitors (a session a view)",
    )
    parser.add_argument("--data", type=Path, help="stations.geojson to serve (default: the bundled data)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.sessions, args.seconds, args.data, args.mode)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    one, lb = result["figures"].values()
    print(f"{args.sessions} readers ({args.mode}) for {args.seconds:g} s each, same links and pages (bench/load.py)")
    print(f"{'':14}{'one replica':>14}{'balancer, 2':>14}{'ratio':>8}")
    for key in COLUMNS:
        a, b = one[key], lb[key]
        ratio = f"{b / a:.2f}" if isinstance(a, int | float) and isinstance(b, int | float) and a else ""
        print(f"{key:14}{a!s:>14}{b!s:>14}{ratio:>8}")
    for kind, figures in (("one replica", one), ("balancer", lb)):
        if figures["error_kinds"]:
            print(f"  errors ({kind}): {figures['error_kinds']}")
    start = result["load_average_at_start"].values()
    print(f"{result['cpus']} CPUs; 1-minute load average as each run started: " + " / ".join(f"{v:.1f}" for v in start))
    print("replicas' RSS after both runs (MB): " + ", ".join(f"{n} {v}" for n, v in result["rss_after_mb"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
