"""An Atom feed (RFC 4287) of the data's versions: the events each one recorded and the corrections
it made, for reporters who follow the map without visiting it.

One entry per day the data changed (the day's last data version, loaders.history), newest first,
with the events that entered the data that day and the CHANGELOG's corrections of that day; its
link opens the map with ``?since=`` the day before, where the same changes are highlighted. Built
from files in the repository (dataset, data/history.json, data/CHANGELOG.md), never at request
time: scripts/build_feed.py writes it to static/feed.xml. Pure; the same input gives the same bytes.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from loaders.changelog import ChangelogEntry
from loaders.dataset import Dataset

from .citation import APP_NAME, DATA_LICENCE

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "/app/static/feed.xml"  # where Streamlit's static serving answers static/feed.xml
TAG_AUTHORITY = "tag:overseas-stations-map,2026"  # RFC 4151 tag URIs: ids that never depend on a host
MAX_ENTRIES = 50
MAX_EVENTS_LISTED = 40  # per entry; the rest are counted, and the map's ?since= view lists them all


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name), attrs)
    if text is not None:
        element.text = text
    return element


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"  # the history knows days (UTC): midnight keeps the order and says no more


def _url(base: str, path: str) -> str:
    return base.rstrip("/") + path if base else path


def _days(history: Mapping[str, Any]) -> list[dict[str, str]]:
    """The last data version of each day, newest first."""
    by_day: dict[str, dict[str, str]] = {}
    for version in history.get("versions", []):
        by_day[version["date"]] = version
    return [by_day[d] for d in sorted(by_day, reverse=True)][:MAX_ENTRIES]


def _entry_html(events: list[dict[str, Any]], added: int, changed: int, entry: ChangelogEntry | None) -> str:
    parts = [f"<p>{added} records added, {changed} changed (stations, events, sources, reports, disagreements).</p>"]
    if events:
        shown = events[:MAX_EVENTS_LISTED]
        items = "".join(
            f"<li>{html.escape(str(e['date_shown']))} · {html.escape(str(e['type_label']))} · "
            f"{html.escape(str(e['actor']))}: {html.escape(str(e['summary']))}</li>"
            for e in shown
        )
        more = f"<p>…and {len(events) - len(shown)} more.</p>" if len(events) > len(shown) else ""
        parts.append(f"<h3>New events</h3><ul>{items}</ul>{more}")
    if entry is not None and entry.corrections:
        items = "".join(f"<li>{html.escape(item.title)}</li>" for item in entry.corrections)
        parts.append(f"<h3>Corrections</h3><ul>{items}</ul>")
    return "".join(parts)


def atom_feed(
    dataset: Dataset,
    history: Mapping[str, Any],
    changelog: Sequence[ChangelogEntry],
    *,
    site_url: str = "",
) -> bytes:
    """The feed as UTF-8 XML. ``site_url`` (e.g. "https://stations.example.org") makes the links
    absolute; without it they are absolute paths ("/map?since=…"), which a feed reader resolves
    against the feed's own address."""
    days = _days(history)
    records = history.get("records", {})
    events = {str(e["id"]): e for e in dataset.events.to_dict("records")}
    changelog_by_day = {e.day.isoformat(): e for e in changelog}

    ET.register_namespace("", ATOM)
    feed = ET.Element(_tag("feed"))
    _sub(feed, "id", f"{TAG_AUTHORITY}:data-feed")
    _sub(feed, "title", f"{APP_NAME}: new events and corrections")
    _sub(feed, "subtitle", "Each day the curated data changed: the events it recorded and the corrections it made.")
    _sub(feed, "updated", _stamp(days[0]["date"]) if days else "1970-01-01T00:00:00Z")
    _sub(feed, "link", rel="self", href=_url(site_url, FEED_PATH), type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=_url(site_url, "/"), type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", f"The {APP_NAME} team")
    _sub(feed, "rights", f"Data licence {DATA_LICENCE}")
    _sub(feed, "generator", "scripts/build_feed.py")
    for version in days:
        day = version["date"]
        added = sorted(k for k, r in records.items() if r["first_seen"] == day)
        # The history keeps each record's last change only: an earlier day's edits show as that record's later day.
        changed = sum(1 for r in records.values() if r["last_changed"] == day and r["first_seen"] < day)
        new_events = [events[k.split(":", 1)[1]] for k in added if k.startswith("event:") and k[6:] in events]
        new_events.sort(key=lambda e: (e["sort_key"], e["id"]), reverse=True)
        before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{TAG_AUTHORITY}:data-version/{version['data_version']}")
        title = f"Data version {version['data_version']} ({day}): {len(new_events)} new events"
        corrections = changelog_by_day.get(day)
        if corrections is not None and corrections.corrections:
            n = len(corrections.corrections)
            title += f", {n} correction{'' if n == 1 else 's'}"
        _sub(entry, "title", title)
        _sub(entry, "updated", _stamp(day))
        _sub(entry, "link", rel="alternate", href=_url(site_url, f"/map?since={before}"), type="text/html")
        _sub(entry, "link", rel="related", href=_url(site_url, "/about"), type="text/html", title="Data changelog")
        content = _entry_html(new_events, len(added), changed, corrections)
        _sub(entry, "content", content, type="html")
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
