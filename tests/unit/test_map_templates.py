"""The map's folium/branca templates compile once per server, not on every run (issue 17), and the
map's HTML and scripts are what jinja2 itself renders."""

from __future__ import annotations

import re
from collections.abc import Iterator

import branca.element
import jinja2
import pytest
from streamlit_folium import _get_feature_group_string, _get_header, _get_html, _get_map_string

from loaders import Dataset
from maps.build import MapText, PlainText, compiled_template, make_base_map, make_station_layer


def _map_text(mini: Dataset) -> str:
    """What st_folium sends of a base map and the stations layer (its own helpers, as it calls them)."""
    m = make_base_map(tiles="outline", text=MapText("Source", "2026-01-01", title="Title", credit="c"))
    m.get_root().render()
    m.render()
    parts = [_get_html(m), _get_header(m), _get_map_string(m)]
    parts.append(_get_feature_group_string(make_station_layer(mini, mini.stations), m))
    return re.sub(r"[0-9a-f]{32}", "ID", "\n---\n".join(parts))  # element ids are random


@pytest.fixture()
def compiles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, *args: object, **kwargs: object) -> object:
        seen.append(source)
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield seen


def test_a_second_map_compiles_no_template(mini: Dataset, compiles: list[str]) -> None:
    _map_text(mini)
    compiles.clear()
    _map_text(mini)
    assert compiles == [], f"{len(compiles)} templates compiled again"


def test_the_map_is_what_jinja2_renders(mini: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = _map_text(mini)
    monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    assert ours == _map_text(mini)


@pytest.mark.parametrize(
    "text",
    ["", "plain\n", "two\n\n", "<script>var a = {b: 1};</script>\n", "{{ x }}", "{% if 1 %}y{% endif %}", "a\r\nb"],
)
def test_a_template_renders_as_jinja2s(text: str) -> None:
    template = compiled_template(text)
    assert template.render(this=None, kwargs={}) == jinja2.Template(text).render(this=None, kwargs={})
    jinja_syntax = any(mark in text for mark in ("{{", "{%", "{#", "\r"))
    assert isinstance(template, PlainText) != jinja_syntax
