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


def test_the_lists_under_the_map_are_written_once_opened_and_then_follow_the_filters(
    bundled_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The long Markdown table was the browser's largest piece of work on the Map page, on every
    # visit and filter change (bench/README.md, issue 17): closed, it is not sent at all.
    calls = _counting(monkeypatch, "ui.mapview.places_table")
    at = bundled_app()
    at.run()
    assert_clean(at)
    table, unplaced = at.expander
    assert table.label.endswith("places on the map, as a table") and "placed by no public source" in unplaced.label
    assert [len(e.markdown) for e in at.expander] == [0, 0] and calls == [], "closed: nothing written"
    at.session_state["places_table"] = True  # what opening it in the browser does (it reruns the page)
    at.run()
    rows = [line for line in at.expander[0].markdown[0].value.splitlines() if line.startswith("| [")]
    n_all = int(table.label.split()[1])
    assert len(rows) == n_all > 20
    at.multiselect(key="filter_countries").set_value(["NL"]).run()
    assert_clean(at)
    rows = [line for line in at.expander[0].markdown[0].value.splitlines() if line.startswith("| [")]
    assert 0 < len(rows) == int(at.expander[0].label.split()[1]) < n_all, "still open, in step with the filter"
    assert all(len(e.markdown) == 0 for e in at.expander[1:]), "the other list stays closed"
