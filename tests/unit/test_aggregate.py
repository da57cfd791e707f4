import pytest

from loaders import Dataset, aggregate_places, events_by_station, place_detail, place_summary, status_counts, status_mix


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
