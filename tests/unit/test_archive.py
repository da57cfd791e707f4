"""Archived copies of a source (loaders.archive): Wayback for the access date, archive.today, gone pages first."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from loaders.archive import ArchiveLinks, archive_links, source_links

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "schema" / "sources.schema.json"


def test_the_wayback_link_asks_for_the_capture_nearest_the_access_date() -> None:
    links = archive_links("https://www.example.org/news/a?id=3&x=y", "2026-11-23")
    assert links == ArchiveLinks(
        "https://web.archive.org/web/20261123/https://www.example.org/news/a?id=3&x=y",
        "https://archive.ph/newest/https://www.example.org/news/a?id=3&x=y",
    )


@pytest.mark.parametrize("accessed", [None, "", "2026-11", "2026", "not a date", 20261123])
def test_without_a_full_access_date_the_wayback_link_asks_for_the_latest_capture(accessed: object) -> None:
    links = archive_links("https://example.org/a", accessed)
    assert links is not None
    assert links.wayback == "https://web.archive.org/web/https://example.org/a"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//example.org/a", "/a", "", None, 3])
def test_a_link_that_is_not_http_gets_no_archive_link(url: object) -> None:
    assert archive_links(url, "2026-11-23") is None
    assert source_links(url, "2026-11-23") == []


def test_characters_that_would_break_the_archives_path_are_escaped_and_the_rest_kept() -> None:
    links = archive_links(' https://example.org/a b"c<d>?q=ü#frag ', "2026-01-02")
    assert links is not None
    assert links.wayback == "https://web.archive.org/web/20260102/https://example.org/a%20b%22c%3Cd%3E?q=%C3%BC#frag"
    assert " " not in links.archive_today and '"' not in links.archive_today and "<" not in links.archive_today


def test_a_gone_page_shows_its_archived_copy_first() -> None:
    alive = source_links("https://example.org/a", "2026-11-23")
    gone = source_links("https://example.org/a", "2026-11-23", gone=True)
    assert [kind for kind, _ in alive] == ["page", "wayback", "archive.today"]
    assert [kind for kind, _ in gone] == ["wayback", "archive.today", "page"]
    assert gone[0][1] == "https://web.archive.org/web/20261123/https://example.org/a"
    assert next(k for k, _ in source_links("https://example.org/a", "2026-11-23", gone="yes")) == "page"


def test_the_sources_schema_lets_a_source_say_its_page_is_gone_and_only_as_a_boolean() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    source = {
        "id": "x",
        "title": "T",
        "publisher": "P",
        "url": "https://example.org/a",
        "published": "2026-11-01",
        "accessed": "2026-11-23",
        "kind": "news",
    }
    jsonschema.validate({"sources": [{**source, "gone": True}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"sources": [{**source, "gone": "yes"}]}, schema)
