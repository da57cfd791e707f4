"""Upload bombs: how long each takes to refuse and the peak memory it costs, in a fresh process each.

Run: .venv/bin/python bench/bench_uploads.py [--root PATH] [--cap-gb N]
``--root`` runs another checkout's loaders (e.g. a worktree of the commit before issue 14's fix) with
the same bombs (tests/bombs.py from this checkout); ``--cap-gb`` caps each process's address space
(default 4 GB) so that an unbounded reader fails with MemoryError instead of taking the machine.
Peak memory is the process's maximum RSS less its RSS once the bomb is built (the bomb's own bytes
and the imports aside).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bombs import BOMBS  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2])
from tests.bombs import BOMBS
from loaders.upload import dataset_from_upload
name = sys.argv[3]
data = BOMBS[name]()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    dataset_from_upload(name, data)
    outcome = "accepted"
except MemoryError:
    outcome = "MemoryError at the address-space cap"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {str(exc).splitlines()[-1][:110]}"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": max(0, peak - base) / 1024, "outcome": outcome}))
"""


def run(root: Path, name: str, cap_gb: float) -> dict[str, object]:
    cap = int(cap_gb * 1e9)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(ROOT), name],
        capture_output=True,
        text=True,
        cwd=root,
        preexec_fn=lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_AS, (cap, cap)),
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {
            "seconds": float("nan"),
            "peak_mb": float("nan"),
            "outcome": (proc.stderr.strip().splitlines() or ["?"])[-1][:110],
        }
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--cap-gb", type=float, default=4.0)
    args = parser.parse_args()
    print(f"loaders from {args.root}; address space capped at {args.cap_gb:g} GB per process")
    print(f"{'bomb':20} {'size':>9} {'time':>8} {'peak RSS':>10}  outcome")
    for name, build in BOMBS.items():
        size = len(build())
        result = run(args.root, name, args.cap_gb)
        print(
            f"{name:20} {size / 1e6:7.2f}MB {result['seconds']:7.2f}s {result['peak_mb']:8.0f}MB  {result['outcome']}"
        )


if __name__ == "__main__":
    main()
