from collections.abc import Iterable
from datetime import date

import pytest

from loaders import (
    Dataset,
    Filters,
    aggregate_places,
    events_by_station,
    filter_stations,
    place_detail,
    place_summary,
    status_counts,
    status_mix,
)
from loaders.aggregate import SINCE_CHARS, PlacePopup, listing_text, place_popup, place_popups, since_text


def test_one_place_per_city_and_one_per_country_only_group(mini: Dataset) -> None:
    places = aggregate_places(mini.stations).set_index("place_id")
    assert set(places.index) == {"NL:Amsterdam", "NL:Rotterdam", "IT:Rome", "DE:*", "CA:Montreal"}
    assert places.loc["IT:Rome", "count"] == 2
    assert places.loc["DE:*", "label"] == "Germany (city not known)"
    assert places.loc["DE:*", "location_precision"] == "country"


def test_unplaced_stations_are_not_places(mini: Dataset) -> None:
    places = aggregate_places(mini.stations)
    assert "unplaced-wenzhou-1" not in {sid for ids in places["station_ids"] for sid in ids}
    assert places["count"].sum() == len(mini.stations) - 1


def test_a_place_takes_the_furthest_status_of_its_stations(mini: Dataset) -> None:
    places = aggregate_places(mini.stations).set_index("place_id")
    assert places.loc["IT:Rome", "status"] == "convicted"


def test_place_detail_stores_a_shared_reaction_once_and_collects_its_sources(mini: Dataset) -> None:
    nl = mini.stations[mini.stations["country_code"] == "NL"]
    detail = place_detail(mini, nl, events_by_station(mini, None), "Netherlands")
    order_events = [e["id"] for s in detail.stations for e in s.events if e["id"] == "nl-closure-order"]
    assert len(order_events) == 2  # linked to both stations …
    assert mini.events["id"].tolist().count("nl-closure-order") == 1  # … stored once
    assert [e["id"] for e in detail.china_statements] == ["cn-mfa-service-centres"]
    assert "src-ministry" in detail.source_ids and "src-mfa" in detail.source_ids


def test_place_detail_shows_disagreements_for_the_country(mini: Dataset) -> None:
    rome = mini.stations[mini.stations["city"] == "Rome"]
    detail = place_detail(mini, rome, events_by_station(mini, None), "Rome, Italy")
    assert [d["id"] for d in detail.disagreements] == ["it-count"]


def test_status_counts_cover_every_status_in_order(mini: Dataset) -> None:
    counts = dict(status_counts(mini.stations))
    assert counts["closure_ordered"] == 2 and counts["convicted"] == 1 and counts["closed"] == 0
    assert sum(counts.values()) == len(mini.stations)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["prosecuted", "reported"], "2 stations (1 prosecuted, 1 reported)"),
        (["reported", "prosecuted"], "2 stations (1 prosecuted, 1 reported)"),
        (["reported"], "1 station (reported)"),
        (["closed", "closed", "closed"], "3 stations (all closed)"),
        (["denied", "reported", "denied"], "3 stations (2 denied by host, 1 reported)"),
        ([], "no stations"),
    ],
)
def test_status_mix_says_how_many_stations_have_each_status_furthest_first(statuses: list[str], expected: str) -> None:
    assert status_mix(statuses) == expected


def test_a_place_summary_says_the_mix_behind_its_colour(mini: Dataset) -> None:
    rome = aggregate_places(mini.stations).set_index("place_id").loc["IT:Rome"]
    statuses = mini.stations.set_index("id").loc[rome["station_ids"], "status"]
    assert place_summary(rome["label"], statuses).startswith("Rome, Italy: 2 stations (1 convicted, ")


# ---- the popup plan: one decision for the popup and the panel (loaders.aggregate.place_popups) ----


def _popup(dataset: Dataset, place_id: str, as_of: date | None = None) -> PlacePopup:
    stations = filter_stations(dataset, Filters(as_of=as_of))
    popup = place_popup(dataset, stations, place_id, as_of)
    assert popup is not None
    return popup


def _ids(dataset: Dataset, positions: Iterable[int]) -> list[str]:
    return [dataset.events["id"].iloc[n] for n in positions]


def test_a_popup_puts_the_latest_development_first(mini: Dataset) -> None:
    popup = _popup(mini, "IT:Rome")
    reactions = next(s for s in popup.sections if s.key == "reactions")
    assert _ids(mini, reactions.events) == ["it-rome-verdict", "it-investigation"]  # newest first
    assert _ids(mini, [popup.latest]) == ["it-rome-verdict"]
    earlier = _popup(mini, "IT:Rome", date(2023, 1, 1))  # before the verdict
    assert _ids(mini, [earlier.latest]) == ["it-investigation"]
    assert "it-rome-verdict" not in _ids(mini, [n for s in earlier.sections for n in s.events])


def test_a_stations_since_says_which_event_set_it_at_that_date(mini: Dataset) -> None:
    lines = {line.station_id: line for line in _popup(mini, "IT:Rome").stations}
    today = lines["it-rome-qingtian-1"]
    assert (today.status, today.set_by) == ("convicted", "it-rome-verdict")
    assert today.since.startswith("18 Dec 2024 (Fixture Court: ")
    lines = {line.station_id: line for line in _popup(mini, "IT:Rome", date(2023, 1, 1)).stations}
    then = lines["it-rome-qingtian-1"]
    assert then.status == "under_investigation" and then.since.startswith(
        "Nov 2022 (day unknown) (Fixture Prosecutor: "
    )
    assert [line.station_id for line in _popup(mini, "IT:Rome").stations] == ["it-rome-qingtian-1", "it-rome-wenzhou-1"]


def test_since_text_clips_a_long_event_at_a_word() -> None:
    event = {"actor": "Ministry of Justice", "summary": "Ordered the closure of the two stations " + "word " * 30}
    text = since_text("2022-12-05", event)
    assert text.startswith("5 Dec 2022 (Ministry of Justice: Ordered the closure of the two stations word")
    assert text.endswith("…)") and len(text) < len("5 Dec 2022 ()") + SINCE_CHARS + 1
    assert since_text("2022-12-05", None) == "5 Dec 2022"


def test_a_popup_shows_the_latest_two_general_chinese_statements_and_counts_the_rest(bundled: Dataset) -> None:
    place = aggregate_places(bundled.stations).iloc[0]
    popup = _popup(bundled, place["place_id"])
    events = bundled.events.set_index("id")
    linked = set(bundled.links.loc[bundled.links["station_id"].isin(place["station_ids"]), "event_id"])
    general = [
        e for e in bundled.events["id"] if e in linked and events.loc[e, "global"] and not events.loc[e, "derived"]
    ]
    general_china = [e for e in general if events.loc[e, "type"] == "china_statement"]
    assert len(general_china) > 2, "the bundled data has more general statements than a popup shows"
    china = _ids(bundled, next(s for s in popup.sections if s.key == "china").events)
    assert [e for e in china if e in general] == list(reversed(general_china[-2:]))
    assert popup.more == f"{len(general) - 2} more general statements on all stations: Reactions page."


def test_the_popup_chooses_the_events_place_detail_chose_for_every_bundled_place(bundled: Dataset) -> None:
    # Order is the popup's (newest first); the choice of events is the one the package always made.
    by_station = events_by_station(bundled, None)
    popups = place_popups(bundled, bundled.stations, aggregate_places(bundled.stations), None)
    for popup, place in zip(popups, aggregate_places(bundled.stations).itertuples(), strict=True):
        stations = bundled.stations[bundled.stations["id"].isin(place.station_ids)]
        detail = place_detail(bundled, stations, by_station, place.label)
        sections = {s.key: _ids(bundled, s.events) for s in popup.sections}
        assert sections.get("reactions", []) == [e["id"] for e in reversed(detail.reactions)]
        assert sections.get("others", []) == [e["id"] for e in reversed(detail.other_voices)]
        assert sections.get("china", []) == [e["id"] for e in reversed(detail.china_statements)]
        assert [bundled.disagreements[n]["id"] for n in popup.disagreements] == [d["id"] for d in detail.disagreements]
        assert popup.summary == place_summary(place.label, stations["status"])


def test_places_alike_share_their_lists(bundled: Dataset) -> None:
    popups = place_popups(bundled, bundled.stations, aggregate_places(bundled.stations), None)
    by_country: dict[str, set[int]] = {}
    for popup in popups:
        by_country.setdefault(popup.place_id.split(":")[0], set()).add(id(popup.sections))
    assert any(len(ids) < sum(p.place_id.startswith(c + ":") for p in popups) for c, ids in by_country.items())


def test_the_listing_says_which_reports_or_who_named_the_station() -> None:
    reports = [
        {"title": "110 Overseas", "published": "2022-09-12"},
        {"title": "Patrol and Persuade", "published": "2022-12-05"},
    ]
    assert listing_text(reports, "report") == "110 Overseas (2022-09-12); Patrol and Persuade (2022-12-05)"
    assert listing_text([], "host-government") == "not in the reports; named by host government"
