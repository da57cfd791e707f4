"""A country at a glance: stations, the government's actions once and in order, China's statements, disagreements."""

from __future__ import annotations

from datetime import date

import pytest

from loaders import Dataset
from loaders.country_profile import country_codes, country_summary


def test_a_countrys_summary_lists_its_stations_and_their_mix(mini: Dataset) -> None:
    nl = country_summary(mini, "NL")
    assert nl.name == "Netherlands"
    assert sorted(nl.stations["id"]) == ["nl-amsterdam-fuzhou-1", "nl-rotterdam-fuzhou-1"]
    assert nl.headline == "Netherlands: 2 stations (all closure ordered)"
    assert len(nl.places) == 2


def test_an_action_on_several_stations_is_listed_once(mini: Dataset) -> None:
    nl = country_summary(mini, "NL")
    assert [e["id"] for e in nl.actions] == ["nl-closure-order"]  # linked to both stations, listed once
    assert "src-ministry" in nl.source_ids


def test_actions_are_in_date_order_and_include_those_about_the_whole_country(mini: Dataset) -> None:
    it = country_summary(mini, "IT")
    assert [e["id"] for e in it.actions] == ["it-investigation", "it-rome-verdict"]
    assert [e["start"] for e in it.actions] == sorted(e["start"] for e in it.actions)


def test_general_chinese_statements_are_counted_not_repeated(mini: Dataset) -> None:
    nl = country_summary(mini, "NL")
    assert nl.china_statements == []
    assert nl.general_china_statements == 1


def test_as_of_leaves_out_what_was_not_yet_public(mini: Dataset) -> None:
    it = country_summary(mini, "IT", as_of=date(2023, 1, 1))
    assert [e["id"] for e in it.actions] == ["it-investigation"]
    assert set(it.stations["status"]) <= {"reported", "under_investigation"}


def test_disagreements_about_the_country_are_kept(mini: Dataset) -> None:
    concerned = {code for d in mini.disagreements for code in d.get("countries", [])} | {
        s.split("-")[0].upper() for d in mini.disagreements for s in d.get("stations", [])
    }
    for code in concerned:
        assert country_summary(mini, code).disagreements


def test_an_unknown_country_code_is_refused_with_a_clear_message(mini: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown country code 'XX'"):
        country_summary(mini, "XX")


def test_the_country_list_names_every_country_with_stations_or_events(mini: Dataset) -> None:
    assert {"NL", "IT", "DE", "CA"} <= set(country_codes(mini))
    assert "CN" not in country_codes(mini)


def test_the_printable_page_escapes_data_links_only_to_the_web_and_runs_no_script(mini: Dataset) -> None:
    from exports.country import country_html

    events = mini.events.copy()
    i = events.index[events["id"] == "nl-closure-order"][0]
    events.at[i, "summary"] = "<script>alert(1)</script> ordered closure"
    sources = mini.sources.copy()
    sources.loc["src-ministry", "url"] = "javascript:alert(2)"
    evil = Dataset(**{**mini.__dict__, "events": events, "sources": sources})
    page = country_html(
        country_summary(evil, "NL"), evil, citation="Cite <b>me</b>", link_url="https://x.org/country?panel=NL"
    )
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; ordered closure" in page
    assert "javascript:" not in page
    assert "Cite &lt;b&gt;me&lt;/b&gt;" in page
    assert '<a href="https://x.org/country?panel=NL"' in page
    assert "@media print" in page and "Netherlands" in page
