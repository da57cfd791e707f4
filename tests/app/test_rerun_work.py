"""A rerun with the same data and filters redoes nothing that depends only on them (issue 17):
what such a rerun would rebuild row by row comes from ui.caching. Each test views a page, then
counts the calls of the row-by-row work while the same view runs again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import assert_clean


def _counting(monkeypatch: pytest.MonkeyPatch, target: str) -> list[Any]:
    module_name, name = target.rsplit(".", 1)
    module = __import__(module_name, fromlist=[name])
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
