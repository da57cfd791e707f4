"""Links from outside are input too: every odd query string opens every page with a notice, never a crash."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import PAGES, assert_clean, metric, shown

LONG = "x" * 10_000  # a 10 kB value

ODD_LINKS: list[dict[str, str | list[str]]] = [
    {"asof": "2000-01-01"},
    {"asof": "2099-01-01"},
    {"country": "NL", "asof": "2021-01-01"},
    {"asof": "garbage"},
    {"asof": ["2023-01-01", "2024-01-01"]},
    {"country": ["NL", "NL"]},
    {"country": ["NL", "IT"]},
    {"status": "closed,closed"},
    {"country": LONG},
    {"asof": LONG},
    {LONG[:500]: "1"},
    {"utm_source": "newsletter", "fbclid": "abc"},
    {"country": ",,,", "status": " ", "bureau": "Fuzhou,fuzhou,FUZHOU"},
    {"report": "<script>alert(1)</script>", "country": "javascript:alert(1)"},
    {"asof": "2023-02-30"},
    {"country": "\u202enl\x00"},
]


def _id(query: dict[str, str | list[str]]) -> str:
    return "&".join(f"{k[:12]}={(v if isinstance(v, str) else '+'.join(v))[:16]}" for k, v in query.items())


@pytest.mark.parametrize("query", ODD_LINKS, ids=[_id(q) for q in ODD_LINKS])
def test_an_odd_link_opens_every_page_with_a_title_and_no_exception(
    fixture_app: Callable[[], AppTest], query: dict[str, str | list[str]]
) -> None:
    for page in PAGES:
        at = fixture_app()
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page(page).run()  # a first visit straight to the page, as a shared link makes it
        assert_clean(at)
        assert at.title, f"{page} has a title for {_id(query)}"


def test_an_odd_link_says_what_it_ignored_or_clamped(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = "NL"
    at.query_params["asof"] = "2021-01-01"
    at.query_params["utm_source"] = "x"
    at.run()
    assert_clean(at)
    notices = " ".join(shown(w.value) for w in at.sidebar.warning)
    assert "2021-01-01" in notices and "2022-09-12" in notices, "the clamped date is named with the one used"
    assert "utm_source" in notices
    assert at.date_input(key="filter_as_of").value.isoformat() == "2022-09-12"
    assert at.query_params["asof"] == "2022-09-12"


def test_a_key_given_twice_keeps_both_values_once_each(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = ["NL", "IT", "NL"]
    at.run()
    assert_clean(at)
    assert at.multiselect(key="filter_countries").value == ["NL", "IT"]
    assert metric(at, "Stations shown") == "4 of 7"
    assert at.query_params["country"] == "NL,IT", "the link is rewritten without the repeat"


def test_a_10_kb_value_gives_a_short_notice(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = LONG
    at.run()
    assert_clean(at)
    notices = [w.value for w in at.sidebar.warning]
    assert notices and all(len(n) < 300 for n in notices)
