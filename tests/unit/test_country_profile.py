"""A country at a glance: stations, the government's actions once and in order, China's statements, disagreements."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from loaders import Dataset
from loaders.aggregate import event_role, events_by_station, place_detail
from loaders.country_profile import CountrySummary, country_codes, country_summary


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
    assert [e["sort_key"] for e in it.actions] == sorted(e["sort_key"] for e in it.actions)


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


def _ids(events: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in events]


def _shown_by_role(summary: CountrySummary) -> dict[str | None, list[dict[str, Any]]]:
    """The profile's lists by the role each stands for: the listings are the reports' (no role) and
    the press reports or members' words that made stations public (the other voices)."""
    return {
        None: [e for e in summary.listings if e["derived"]],
        "reaction": summary.reactions,
        "other": sorted(
            [e for e in summary.listings if not e["derived"]] + summary.other_voices,
            key=lambda e: (e["sort_key"], e["id"]),
        ),
        "china": summary.china_statements,
    }


@pytest.mark.parametrize("as_of", [None, date(2023, 1, 1)], ids=["latest", "2023-01-01"])
def test_every_countrys_profile_puts_each_event_where_the_popup_does_in_the_same_order(
    bundled: Dataset, as_of: date | None, subtests: pytest.Subtests
) -> None:
    """The Country page and the popup must not contradict each other: the same event_role, the
    same order (sort_key), for every country of the bundled data."""
    station_events = events_by_station(bundled, as_of)
    for code in country_codes(bundled):
        with subtests.test(code=code):
            summary = country_summary(bundled, code, as_of)
            shown = _shown_by_role(summary)
            for role, events in shown.items():
                assert [event_role(e) for e in events] == [role] * len(events), f"{code}: not {role}"
            assert [e["type"] for e in summary.listings if not e["derived"]] == ["reported"] * len(
                [e for e in summary.listings if not e["derived"]]
            )
            if not len(summary.stations):
                # No popup, no station made public: only its own authorities' acts and what names the
                # country itself are listed (Norway's and Poland's press lines that none was found).
                assert summary.listings == []
                assert all(e["actor_country"] == code or code in e["countries"] for e in summary.reactions)
                assert all(code in e["countries"] for e in [*shown["other"], *shown["china"]])
                continue
            popup = place_detail(bundled, summary.stations, station_events, summary.name)
            popup_by_role = {
                "reaction": popup.reactions,
                "other": popup.other_voices,
                "china": [e for e in popup.china_statements if event_role(e) == "china"],
            }
            for role, events in popup_by_role.items():
                in_popup = set(_ids(events))
                assert [i for i in _ids(shown[role]) if i in in_popup] == _ids(events), f"{code}: {role} order"
                extra = [e for e in shown[role] if e["id"] not in in_popup]
                assert all(role == "reaction" and e["actor_country"] == code for e in extra), (
                    f"{code}: only its own authorities' acts elsewhere are on the Country page alone"
                )
            general = {
                e["id"]
                for sid in summary.stations["id"]
                for e in station_events.get(sid, [])
                if event_role(e) == "general_china"
            }
            assert summary.general_china_statements == len(general)


def test_a_press_line_about_a_country_without_stations_is_another_voice_not_made_public_by(bundled: Dataset) -> None:
    """Norway's and Poland's press lines say no station was found: the Country page lists them under
    the press, never under "Made public by" (there is nothing it made public)."""
    with_stations = set(bundled.stations["country_code"].dropna())
    found = {}
    for event in bundled.events.to_dict("records"):
        if event_role(event) == "other" and event["type"] == "reported":
            for code in set(event["countries"]) - with_stations:
                found.setdefault(code, []).append(event["id"])
    assert found  # the bundled data has such lines (NO, PL)
    for code, event_ids in found.items():
        summary = country_summary(bundled, code)
        assert summary.listings == []
        assert set(event_ids) <= set(_ids(summary.other_voices)), code


def test_the_press_legislators_and_operators_are_never_the_authorities_on_the_bundled_data(bundled: Dataset) -> None:
    """The cases the issue found: a House letter and a congresswoman (US), the operators' notice and
    suit (CA), an operator's denial (GB), members' questions (IT, FR), a press report (EC). Italy's
    case (Quartapelle and Bizzotto's questions) left the data with the verification pass (its only
    source is not stored): every Italian member's question the data holds stands in for it."""
    italian_questions = [
        e["id"]
        for e in bundled.events.to_dict("records")
        if e["actor_kind"] == "legislator" and e["actor_country"] == "IT"
    ]
    assert italian_questions
    for code, event_id in [
        ("US", "us-2022-10-07-house-gop-letter"),
        ("US", "us-2022-12-malliotakis"),
        ("CA", "ca-2023-12-01-quebec-centres-formal-notice"),
        ("CA", "ca-2024-03-06-quebec-centres-sue-rcmp"),
        ("GB", "gb-2022-11-lin-denies-croydon"),
        *[("IT", event_id) for event_id in italian_questions],
        ("FR", "fr-2024-le-grip-written-question-17760"),
        ("EC", "ec-2024-05-quito-closed"),
    ]:
        summary = country_summary(bundled, code)
        assert event_id not in _ids(summary.actions)
        assert event_id in _ids(summary.other_voices)


def test_a_year_sorts_after_the_dated_events_of_that_year_as_in_the_panel(bundled: Dataset) -> None:
    """An event dated only "2024" comes after the country's events dated within 2024 (in a month or
    on a day), in every list, as in the popup and panel. The bundled data must hold such a pair."""
    pairs = 0
    for code in country_codes(bundled):
        summary = country_summary(bundled, code)
        for events in (summary.listings, summary.reactions, summary.other_voices, summary.china_statements):
            for i, event in enumerate(events):
                if len(event["date"]) != 4:
                    continue
                within = [j for j, e in enumerate(events) if e["date"].startswith(f"{event['date']}-")]
                assert all(j < i for j in within), f"{code}: {event['id']} before an event dated in its year"
                pairs += len(within)
    assert pairs
