"""A rerun with the same data and filters redoes nothing that depends only on them (issue 17):
what such a rerun would rebuild row by row comes from ui.caching. Each test views a page, then
counts the calls of the row-by-row work while the same view runs again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from .conftest import assert_clean


def _counting(monkeypatch: pytest.MonkeyPatch, target: str | tuple[object, str]) -> list[Any]:
    """Calls of ``target`` ("module.function", or (an object, its attribute's name)) from now on."""
    if isinstance(target, str):
        module_name, name = target.rsplit(".", 1)
        module: object = __import__(module_name, fromlist=[name])
    else:
        module, name = target
    real = getattr(module, name)
    calls: list[Any] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def _expanders(at: AppTest) -> list[tuple[str, list[str]]]:
    return [(e.label, [m.value for m in e.markdown]) for e in at.expander]


def test_a_rerun_of_the_reactions_page_builds_no_source_link_again(
    bundled_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = bundled_app()
    at.run()
    at.switch_page("pages/reactions.py").run()
    assert_clean(at)
    first = _expanders(at)
    assert sum(len(lines) for _, lines in first) > 10, "the reactions are listed by country"
    calls = _counting(monkeypatch, "ui.panels.md_link")
    at.run()
    assert_clean(at)
    assert _expanders(at) == first
    assert calls == [], f"{len(calls)} source links built again by a rerun"


def test_a_rerun_of_the_about_page_builds_no_sources_table_again(
    bundled_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = bundled_app()
    at.run()
    at.switch_page("pages/about.py").run()
    assert_clean(at)
    tables = [len(d.value) for d in at.dataframe]
    assert max(tables) > 50, "All sources is listed"
    calls = _counting(monkeypatch, "ui.sources.safe_url")
    at.run()
    assert_clean(at)
    assert [len(d.value) for d in at.dataframe] == tables
    assert calls == [], f"{len(calls)} source links checked again by a rerun"


def test_a_rerun_of_the_map_page_makes_no_filter_choices_months_or_figures_again(
    bundled_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = bundled_app()
    at.run()
    assert_clean(at)
    figures = [(m.label, m.value) for m in at.metric]
    calls = [
        _counting(monkeypatch, "ui.filters.as_of_bounds"),  # the sidebar's date range
        _counting(monkeypatch, "ui.timeslider.month_steps"),  # the time slider's months
        _counting(monkeypatch, (pd.Series, "nunique")),  # the figures beside the map
    ]
    at.run()
    assert_clean(at)
    assert [(m.label, m.value) for m in at.metric] == figures
    assert [len(c) for c in calls] == [0, 0, 0]
