"""The Atom feed (static/feed.xml): valid Atom read by a feed parser, current, escaped."""

from __future__ import annotations

import importlib.util
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import feedparser
import pandas as pd

from exports.feed import ATOM, atom_feed
from loaders import Dataset
from loaders.changelog import parse_changelog, read_changelog
from loaders.history import read_history

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "static" / "feed.xml"
A = f"{{{ATOM}}}"


def _required_elements_problems(xml: bytes) -> list[str]:
    """RFC 4287's MUSTs that a feed parser forgives: one id, title and updated per feed and entry,
    an author for the feed or every entry, content or an alternate link per entry."""
    root = ET.fromstring(xml)
    problems = []
    if root.tag != f"{A}feed":
        return [f"root is {root.tag}"]
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{A}{name}")) != 1:
            problems.append(f"feed needs exactly one {name}")
    entries = root.findall(f"{A}entry")
    has_feed_author = root.find(f"{A}author/{A}name") is not None
    for entry in entries:
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{A}{name}")) != 1:
                problems.append(f"entry needs exactly one {name}")
        if not has_feed_author and entry.find(f"{A}author") is None:
            problems.append("entry without author")
        alternate = [x for x in entry.findall(f"{A}link") if x.get("rel", "alternate") == "alternate"]
        if entry.find(f"{A}content") is None and not alternate:
            problems.append("entry without content or alternate link")
    ids = [e.findtext(f"{A}id") for e in entries]
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat")
    return problems


def test_the_feed_is_valid_atom_for_a_feed_parser_and_the_spec() -> None:
    data = FEED.read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id.startswith("tag:") and parsed.feed.title and parsed.feed.updated
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.id.startswith("tag:overseas-stations-map,2026:data-version/")
        assert entry.title and entry.updated
        assert entry.link.startswith("/map?since=")
    assert _required_elements_problems(data) == []


def test_the_feed_file_is_what_the_build_script_writes_from_the_data() -> None:
    spec = importlib.util.spec_from_file_location("build_feed", ROOT / "scripts" / "build_feed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_feed"] = module
    spec.loader.exec_module(module)
    assert FEED.read_bytes() == module.feed_bytes(), "run python scripts/build_feed.py"


def test_one_entry_per_day_the_data_changed_newest_first_with_its_new_events_and_corrections(
    bundled: Dataset,
) -> None:
    history = read_history()
    parsed = feedparser.parse(atom_feed(bundled, history, read_changelog()))
    days = sorted({v["date"] for v in history["versions"]}, reverse=True)
    assert [e.updated[:10] for e in parsed.entries] == days
    newest = parsed.entries[0]
    latest_version = [v for v in history["versions"] if v["date"] == days[0]][-1]["data_version"]
    assert newest.id.endswith(latest_version) and latest_version == bundled.checksum[:12]
    first_seen = {k for k, r in history["records"].items() if r["first_seen"] == days[0] and k.startswith("event:")}
    assert f"{len(first_seen)} new events" in newest.title
    assert "Corrections" in newest.content[0].value


def test_absolute_links_with_a_site_url_and_data_text_escaped(mini: Dataset) -> None:
    hostile = mini.events.copy()
    hostile.loc[0, "summary"] = "<script>alert(1)</script> & ]]>"
    dataset = Dataset(**{**mini.__dict__, "events": hostile})
    event_id = str(hostile.loc[0, "id"])
    history = {
        "versions": [{"data_version": "abcdef012345", "date": "2026-01-02", "commit": "c"}],
        "records": {f"event:{event_id}": {"first_seen": "2026-01-02", "last_changed": "2026-01-02"}},
    }
    changelog = parse_changelog("## 2026-01-02\n\n- Corrected <b>a</b> date.\n")
    data = atom_feed(dataset, history, changelog, site_url="https://stations.example.org/")
    assert _required_elements_problems(data) == []
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert entry.link == "https://stations.example.org/map?since=2026-01-01"
    assert parsed.feed.links[0].href == "https://stations.example.org/app/static/feed.xml"
    # The HTML content holds the data's text as text: no live tag gets through.
    raw = ET.fromstring(data).find(f"{A}entry/{A}content").text or ""
    assert "&lt;script&gt;" in raw and "<script>" not in raw
    assert "Corrected &lt;b&gt;a&lt;/b&gt; date." in raw


def test_a_correction_subsection_is_listed_by_its_heading_a_bullet_by_its_first_line(mini: Dataset) -> None:
    history = {"versions": [{"data_version": "abcdef012345", "date": "2026-01-02", "commit": "c"}], "records": {}}
    changelog = parse_changelog(
        "## 2026-01-02\n\n### Two events retyped (issue 19)\n\nOnly the type of two events changed; their\n"
        "dates are as they were.\n\n- **a**: x.\n\n### New sources\n\n- Corrected a title.\n"
    )
    entry = feedparser.parse(atom_feed(mini, history, changelog)).entries[0]
    assert "<li>Two events retyped (issue 19)</li>" in entry.content[0].value
    assert "<li>Corrected a title.</li>" in entry.content[0].value
    assert "their</li>" not in entry.content[0].value  # never a paragraph cut at its first line break
    assert entry.title.endswith(", 2 corrections")
    one = parse_changelog("## 2026-01-02\n\n- Fixed a date.\n")
    assert feedparser.parse(atom_feed(mini, history, one)).entries[0].title.endswith(", 1 correction")


def test_an_empty_history_still_gives_a_valid_feed(mini: Dataset) -> None:
    data = atom_feed(mini, {"versions": [], "records": {}}, [])
    assert _required_elements_problems(data) == []
    assert not feedparser.parse(data).bozo
    assert pd.Timestamp(feedparser.parse(data).feed.updated).date() == date(1970, 1, 1)
