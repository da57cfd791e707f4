"""What changed since a date: the records' history (data/history.json) and changes_since."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from loaders import Dataset
from loaders.changelog import corrections, entries_since, parse_changelog, read_changelog
from loaders.dataset import data_checksum
from loaders.dates import parse_partial_date
from loaders.history import (
    HISTORY_PATH,
    RECORD_FILES,
    Snapshot,
    build_history,
    changes_since,
    data_version,
    read_history,
    record_digests,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _files(stations: list[dict], events: list[dict], sources: list[dict] | None = None) -> dict[str, bytes | None]:
    docs = {
        "stations.geojson": {"type": "FeatureCollection", "features": [{"properties": s} for s in stations]},
        "events.json": {"events": events},
        "sources.json": {"sources": sources or []},
        "reports.json": {"reports": []},
        "disagreements.json": {"disagreements": []},
    }
    return {name: json.dumps(doc).encode() for name, doc in docs.items()}


def test_history_records_first_seen_last_changed_and_removed_along_the_commits() -> None:
    one = _files([{"id": "s1"}], [{"id": "e1", "summary": "a"}])
    two = _files([{"id": "s1"}, {"id": "s2"}], [{"id": "e1", "summary": "b"}])
    broken = {**two, "events.json": b"{not json"}
    three = _files([{"id": "s2"}], [{"id": "e1", "summary": "b"}])
    history = build_history(
        [
            Snapshot("c1", date(2024, 1, 1), one),
            Snapshot("c2", date(2024, 2, 1), two),
            Snapshot("cx", date(2024, 2, 15), broken),  # an edit in progress: skipped, not "all removed"
            Snapshot("c3", date(2024, 3, 1), three),
        ]
    )
    records = history["records"]
    assert records["station:s2"] == {
        "first_seen": "2024-02-01",
        "first_commit": "c2",
        "last_changed": "2024-02-01",
        "last_commit": "c2",
    }
    assert records["event:e1"]["first_seen"] == "2024-01-01"
    assert records["event:e1"]["last_changed"] == "2024-02-01"
    assert "station:s1" not in records
    assert history["removed"] == {"station:s1": {"removed": "2024-03-01", "commit": "c3"}}
    assert [v["commit"] for v in history["versions"]] == ["c1", "c2", "c3"]


def test_a_record_is_keyed_by_kind_and_id_and_its_digest_ignores_key_order() -> None:
    a = record_digests(_files([], [{"id": "e1", "summary": "x", "date": "2024"}]))
    b = record_digests(_files([], [{"date": "2024", "id": "e1", "summary": "x"}]))
    assert a == b and list(a or {}) == ["event:e1"]
    assert record_digests({**_files([], []), "events.json": b"["}) is None


def test_data_version_is_the_apps_version_of_the_same_files() -> None:
    files = {name: (DATA / name).read_bytes() for name in RECORD_FILES}
    assert data_version(files) == data_checksum([DATA / name for name in RECORD_FILES])[:12]
    assert data_version({**files, "reports.json": None}) is None


def _has_full_git_history() -> bool:
    if shutil.which("git") is None:
        return False

    def ask(flag: str) -> str:
        return subprocess.run(["git", "rev-parse", flag], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    try:
        return ask("--is-inside-work-tree") == "true" and ask("--is-shallow-repository") == "false"
    except OSError:
        return False


@pytest.mark.skipif(not _has_full_git_history(), reason="no .git (or a shallow clone): the history cannot be checked")
def test_data_history_json_is_current_with_the_git_history() -> None:
    spec = importlib.util.spec_from_file_location("record_history", ROOT / "scripts" / "record_history.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["record_history"] = module
    spec.loader.exec_module(module)
    assert HISTORY_PATH.read_text(encoding="utf-8") == module.history_text(), (
        "run python scripts/record_history.py after committing a data change, and commit data/history.json"
    )


def test_the_history_knows_every_record_of_the_bundled_data_and_its_latest_version(bundled: Dataset) -> None:
    history = read_history()
    unknown = changes_since(bundled, history, date(9000, 1, 1)).added
    assert unknown == [], f"records not in data/history.json: {unknown[:5]}"
    assert history["versions"][-1]["data_version"] == bundled.checksum[:12]


def test_since_2025_lists_exactly_the_events_dated_after_it_and_the_records_added_or_changed_after_it(
    bundled: Dataset,
) -> None:
    since = date(2025, 1, 1)
    changes = changes_since(bundled, read_history(), since, read_changelog())
    # The events, from the raw files: a date known to a month or a year counts from its last day.
    raw = json.loads((DATA / "events.json").read_text(encoding="utf-8"))["events"]
    reports = json.loads((DATA / "reports.json").read_text(encoding="utf-8"))["reports"]
    dated = [(e["id"], e["date"]) for e in raw] + [(f"report-{r['id']}", r["published"]) for r in reports]
    expected = {eid for eid, d in dated if parse_partial_date(d).end > since}
    assert set(changes.events["id"]) == expected
    assert 5 < len(expected) < len(dated)  # some events are after 2025, most are not
    # The records, from the history file itself.
    history = json.loads(HISTORY_PATH.read_text(encoding="utf-8"))["records"]
    assert set(changes.added) == {k for k, r in history.items() if r["first_seen"] > "2025-01-01"}
    assert set(changes.changed) == {
        k for k, r in history.items() if r["first_seen"] <= "2025-01-01" < r["last_changed"]
    }
    assert [e.day for e in changes.changelog] == [e.day for e in read_changelog() if e.day > since]


def test_records_added_and_changed_are_told_apart_at_a_date_between_versions(bundled: Dataset) -> None:
    history = read_history()
    since = date(2026, 12, 1)
    changes = changes_since(bundled, history, since)
    records = history["records"]
    assert changes.added and changes.changed
    assert all(records[k]["first_seen"] > "2026-12-01" for k in changes.added)
    assert all(records[k]["first_seen"] <= "2026-12-01" < records[k]["last_changed"] for k in changes.changed)
    assert set(changes.removed) == {k for k, r in history["removed"].items() if r["removed"] > "2026-12-01"}


def test_status_changes_after_a_date_come_from_the_events_after_it(mini: Dataset) -> None:
    changes = changes_since(mini, {"records": {}, "removed": {}}, date(2024, 1, 1))
    assert set(changes.events["id"]) == {"it-rome-verdict"}
    rome = [c for c in changes.status_changes if c.station_id == "it-rome-qingtian-1"]
    assert len(rome) == 1 and rome[0].after == "convicted" and rome[0].before == "under_investigation"
    assert rome[0].event_id == "it-rome-verdict"
    assert {c.station_id for c in changes.status_changes} == {"it-rome-qingtian-1"}
    assert "it-rome-qingtian-1" in changes.stations_touched(mini)
    # With no history at all, every record counts as new.
    assert "station:nl-amsterdam-fuzhou-1" in changes.added
    assert changes.ids("station") >= {"nl-amsterdam-fuzhou-1"}


def test_an_event_known_only_to_a_year_counts_from_the_years_last_day(mini: Dataset) -> None:
    # "2023-03" ends 2023-03-31: after 2023-03-30, not after 2023-03-31 (as the as-of view counts it).
    assert "ca-montreal-investigation" in set(changes_since(mini, {}, date(2023, 3, 30)).events["id"])
    assert "ca-montreal-investigation" not in set(changes_since(mini, {}, date(2023, 3, 31)).events["id"])


CHANGELOG = """# Data changelog

Preamble, not an entry.

## 2026-02-01

### Stations corrected

Two stations moved to country level.

- **Madrid**: placement quoted.

### New sources

- Added a source.
- Fixed a typo in a title.
  - with a sub-bullet

## 2025-06-01

- First release.
- Removed an event whose source is gone.
"""


def test_the_changelog_is_read_by_date_with_its_corrections() -> None:
    entries = parse_changelog(CHANGELOG)
    assert [e.day for e in entries] == [date(2026, 2, 1), date(2025, 6, 1)]
    assert [e.day for e in entries_since(entries, date(2025, 6, 1))] == [date(2026, 2, 1)]
    found = [(d.isoformat(), i.first_line) for d, i in corrections(entries)]
    assert found == [
        ("2026-02-01", "Two stations moved to country level."),
        ("2026-02-01", "Fixed a typo in a title."),
        ("2025-06-01", "Removed an event whose source is gone."),
    ]
    fixed = corrections(entries)[1][1]
    assert "with a sub-bullet" in fixed.text and fixed.heading == "New sources"
    assert "**Madrid**" in corrections(entries)[0][1].text  # a correction section is one item, whole


def test_the_bundled_changelog_has_dated_entries_and_corrections() -> None:
    entries = read_changelog()
    assert entries and entries == sorted(entries, key=lambda e: e.day, reverse=True)
    assert corrections(entries)


def test_every_day_the_data_changed_has_its_changelog_section() -> None:
    """The feed and the "since" view pair a data version's day with the CHANGELOG section of that
    day: a change merged after midnight is dated the day it entered the data, not the day it was written."""
    days = {v["date"] for v in read_history()["versions"]}
    written = {e.day.isoformat() for e in read_changelog()}
    assert sorted(days - written) == [], "date the CHANGELOG section the day its change entered the data"
