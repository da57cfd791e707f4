"""exports.html: the standalone map file."""

from __future__ import annotations

import re

import pytest

from exports import (
    ImageText,
    StandaloneExportError,
    standalone_map_html,
)
from exports.html import external_loads, inline_assets
from loaders import Dataset
from maps.assets import Assets

WORLD = (-170.0, -58.0, 190.0, 80.0)
TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Where they were reported and what happened next",
    source_line="Source: Safeguard Defenders; government statements",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def standalone(mini: Dataset) -> str:
    return standalone_map_html(mini, mini.stations, title="Stations <all> & more")


def test_standalone_html_loads_nothing_from_a_server_or_cdn(standalone: str) -> None:
    assert "/app/static" not in standalone
    # Checked on URLs, not the whole text: base64 image data can spell "cdN" by chance.
    assert not [u for u in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", standalone) if "cdn" in u.lower()]
    assert not re.search(r"<script[^>]+src=", standalone)
    assert not re.search(r"<link[^>]+href=", standalone)
    assert external_loads(standalone) == []
    assert "url(images/" not in standalone  # leaflet.css images became data: URIs


def test_standalone_html_inlines_leaflet_the_renderer_and_the_outlines(standalone: str) -> None:
    assert "Leaflet 1.9.4" in standalone and "OverseasStations" in standalone and "Supercluster" in standalone
    assert '"type": "FeatureCollection"' in standalone or '"type":"FeatureCollection"' in standalone
    assert (
        '"atlas_url":null' in standalone and '"listings":[' in standalone
    )  # the atlas inline: no server to fetch from


def test_standalone_html_has_the_escaped_title_and_the_data_version(mini: Dataset, standalone: str) -> None:
    assert "<title>Stations &lt;all&gt; &amp; more</title>" in standalone
    assert mini.checksum[:12] in standalone


def test_inlining_refuses_assets_that_are_not_vendored() -> None:
    page = '<head><script src="https://cdn.example.org/leaflet.js"></script></head>'
    with pytest.raises(StandaloneExportError, match="need the network"):
        inline_assets(page, Assets())
    with pytest.raises(StandaloneExportError):
        inline_assets('<script src="/app/static/../../etc/passwd"></script>', Assets())


# --- areas: the map's view, regions ------------------------------------------------------------


def test_the_legend_and_source_box_come_from_templates_with_every_value_escaped() -> None:
    # issue 16: HTML from Jinja with autoescape, not f-strings with hand-placed escape calls.
    from pathlib import Path

    import maps.build
    from maps.build import MapText, legend_html, source_html

    hostile = 'Source: <img src=x onerror="alert(1)"> & `${x}`'
    box = source_html(MapText(hostile, "2026-12-01"), '<a href="https://www.naturalearthdata.com/">Natural Earth</a>')
    assert "<img" not in box and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp;" in box
    assert '<a href="https://www.naturalearthdata.com/">Natural Earth</a>' in box  # the basemap's own credit
    assert legend_html().count("<div title=") == len(maps.build.STATUSES) + 2
    code = Path(maps.build.__file__).read_text(encoding="utf-8")
    assert "escape(" not in code and "escape_text" not in code, "maps/build.py escapes by hand again"
