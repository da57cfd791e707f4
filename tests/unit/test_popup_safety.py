"""Hostile text in the data comes out inert: escaped in HTML controls, inert JSON for the renderer.

The browser side (textContent only, http(s) links only) is tested in tests/e2e/test_popup_safety_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders import load_dataset
from maps.atlas import atlas_payload
from maps.build import MapText, make_base_map, make_station_layer
from maps.safe import escape_text, link, safe_url
from tests.hostile import HOSTILE, write_hostile_data


@pytest.mark.parametrize(
    ("text", "must_not_contain"),
    [
        ("<script>alert(1)</script>", ["<script"]),
        ("${alert(1)}", ["${", "$"]),
        ("`backtick`", ["`"]),
        ("back\\slash", ["\\"]),
        ('"><img onerror=alert(1)>', ["<img", '"']),
    ],
)
def test_escape_text_leaves_no_html_or_template_literal_syntax(text: str, must_not_contain: list[str]) -> None:
    escaped = escape_text(text)
    for bad in must_not_contain:
        assert bad not in escaped


def test_escaped_text_still_reads_as_written_once_decoded() -> None:
    import html

    assert html.unescape(escape_text(HOSTILE)) == HOSTILE


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org/x", False),
        ("/relative", False),
        ("ftp://example.org", False),
        (None, False),
    ],
)
def test_only_http_and_https_links_are_rendered(url: object, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok
    rendered = link(url, "title")
    assert ("<a " in rendered) == ok
    if ok:
        assert 'target="_blank"' in rendered and 'rel="noopener noreferrer"' in rendered


def test_hostile_fields_travel_as_inert_json_in_the_map_script(tmp_path: Path) -> None:
    ds = load_dataset(write_hostile_data(tmp_path))
    m = make_base_map(text=MapText("Source", "2026-11-23"))
    make_station_layer(ds, ds.stations).add_to(m)
    html = m.get_root().render()
    assert "__pwned" in html  # the text is there, as text …
    assert "<script>window" not in html and "<img src=x" not in html and "</script><!--" not in html  # … never markup
    atlas = atlas_payload(ds)
    assert any(HOSTILE in label for label in atlas["places"]["label"])  # and it reads back exactly as written
    assert all(HOSTILE in e["summary"] for e in atlas["events"])
    assert all(HOSTILE in d["subject"] for d in atlas["disagreements"])
    assert any(HOSTILE in listing for listing in atlas["listings"])  # the report titles
    view = html.split("OverseasStations.draw(", 1)[1]
    assert "__pwned" in view and "<script>window" not in view  # the since lines quote actors and summaries


def test_a_javascript_link_in_the_data_reaches_the_browser_as_no_link(tmp_path: Path) -> None:
    stations_file = write_hostile_data(tmp_path)
    sources = json.loads((tmp_path / "sources.json").read_text())
    ds = load_dataset(stations_file)
    atlas = atlas_payload(ds)
    for source in atlas["sources"]:
        assert source["url"] is None or source["url"].startswith(("http://", "https://"))
        assert source["archive"] is None or all(u.startswith("https://") for u in source["archive"])
    assert len(atlas["sources"]) == len(sources["sources"])
