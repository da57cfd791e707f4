"""Hostile text in the data comes out inert in popups and tooltips."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from loaders import load_dataset
from maps.build import MapText, make_base_map, make_station_layer
from maps.safe import escape_text, link, safe_url
from tests.conftest import FIXTURE

HOSTILE = "<script>alert(1)</script> ${alert(2)} `x` \\` <img src=x onerror=alert(3)>"


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


def hostile_dataset(tmp_path: Path):
    for f in FIXTURE.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    stations = json.loads((tmp_path / "stations.geojson").read_text())
    stations["features"][0]["properties"]["note"] = HOSTILE
    stations["features"][0]["properties"]["city"] = "Amsterdam`${alert(4)}"
    (tmp_path / "stations.geojson").write_text(json.dumps(stations))
    events = json.loads((tmp_path / "events.json").read_text())
    events["events"][0]["summary"] = HOSTILE
    events["events"][0]["actor"] = "${document.body.innerHTML=''}"
    (tmp_path / "events.json").write_text(json.dumps(events))
    sources = json.loads((tmp_path / "sources.json").read_text())
    sources["sources"][2]["title"] = HOSTILE
    (tmp_path / "sources.json").write_text(json.dumps(sources))
    return load_dataset(tmp_path / "stations.geojson")


def test_hostile_fields_come_out_inert_in_the_rendered_map(tmp_path: Path) -> None:
    ds = hostile_dataset(tmp_path)
    m = make_base_map(text=MapText("Source", "2026-11-23"))
    make_station_layer(ds, ds.stations).add_to(m)
    html = m.get_root().render()
    assert "alert(" in html  # the text is there, as text …
    assert "<script>alert" not in html  # … but never as markup
    assert "<img src=x" not in html
    assert "${alert" not in html and "${document" not in html
    # Inside every template literal folium writes, no unescaped backtick or ${ from the data remains.
    for literal in re.findall(r"\$\(`(.*?)`\)\[0\]", html, flags=re.S):
        assert "${" not in literal and "`" not in literal
    for literal in re.findall(r"bindTooltip\(\s*`(.*?)`,", html, flags=re.S):
        assert "${" not in literal and "`" not in literal
