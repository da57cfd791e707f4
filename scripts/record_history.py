"""Write data/history.json: when each record entered the data and last changed (loaders.history).

Walks ``git log --first-parent`` over the data files, oldest first, reading each commit's copy of
them with one ``git cat-file --batch``. Run it after committing a data change, and commit its output
(the integrator does; tests/unit/test_history.py says when it is stale):

    python scripts/record_history.py           # write data/history.json
    python scripts/record_history.py --check   # exit 1 if it is not current
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.history import HISTORY_PATH, RECORD_FILES, Snapshot, build_history  # noqa: E402

DATA_DIR = "data"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def data_commits(cwd: Path = ROOT) -> list[tuple[str, datetime]]:
    """(commit, committer date in UTC) of the first-parent commits that touch the data files, oldest first."""
    paths = [f"{DATA_DIR}/{name}" for name in RECORD_FILES]
    out = _git("log", "--first-parent", "--reverse", "--format=%H %ct", "--", *paths, cwd=cwd)
    commits = []
    for line in out.splitlines():
        sha, stamp = line.split()
        commits.append((sha, datetime.fromtimestamp(int(stamp), tz=UTC)))
    return commits


def snapshots(cwd: Path = ROOT) -> Iterator[Snapshot]:
    """Each data commit's copy of the five data files, oldest first."""
    commits = data_commits(cwd)
    with subprocess.Popen(
        ["git", "cat-file", "--batch"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for sha, when in commits:
            files: dict[str, bytes | None] = {}
            for name in RECORD_FILES:
                proc.stdin.write(f"{sha}:{DATA_DIR}/{name}\n".encode())
                proc.stdin.flush()
                header = proc.stdout.readline().decode().split()
                if len(header) == 3:  # "<object> blob <size>", then the bytes and a newline
                    files[name] = proc.stdout.read(int(header[2]))
                    proc.stdout.read(1)
                else:  # "<name> missing": the file did not exist yet
                    files[name] = None
            yield Snapshot(sha, when.date(), files)
        proc.stdin.close()


def history_text(cwd: Path = ROOT) -> str:
    return json.dumps(build_history(snapshots(cwd)), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = history_text()
    if "--check" in argv:
        current = HISTORY_PATH.read_text(encoding="utf-8") if HISTORY_PATH.exists() else ""
        if current != text:
            print(f"{HISTORY_PATH} is not current: run python scripts/record_history.py and commit it")
            return 1
        return 0
    HISTORY_PATH.write_text(text, encoding="utf-8")
    doc = json.loads(text)
    print(f"wrote {HISTORY_PATH}: {len(doc['records'])} records, {len(doc['removed'])} removed, "
          f"{len(doc['versions'])} data versions")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
