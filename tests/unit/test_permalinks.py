import pytest

from loaders import Dataset, Filters, aggregate_places
from loaders.geography import MERCATOR_MAX_LAT
from loaders.permalinks import link_target, parse_view, place_link


def test_a_place_link_finds_its_place(mini: Dataset) -> None:
    places = aggregate_places(mini.stations)
    target = link_target({"place": "IT:Rome"}, places, mini.stations)
    assert places["place_id"].iloc[target.place_index] == "IT:Rome" and target.notices == ()


def test_a_station_link_finds_the_place_it_is_in(mini: Dataset) -> None:
    places = aggregate_places(mini.stations)
    rome = mini.stations[mini.stations["city"] == "Rome"]["id"].iloc[0]
    target = link_target({"station": [rome]}, places, mini.stations)
    assert places["place_id"].iloc[target.place_index] == "IT:Rome"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"place": "ZZ:Nowhere"}, "No place “ZZ:Nowhere”"),
        ({"station": "no-such-station"}, "No station “no-such-station”"),
        ({"view": "north,of,here"}, "Ignored the map position"),
        ({"place": "x" * 10_000}, "…”"),
    ],
)
def test_an_unknown_target_is_ignored_with_a_gentle_notice(mini: Dataset, query: dict, says: str) -> None:
    target = link_target(query, aggregate_places(mini.stations), mini.stations)
    assert target.place_index is None and len(target.notices) == 1 and says in target.notices[0]
    assert len(target.notices[0]) < 200


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("52.37,4.9,7", ((52.37, 4.9), 7)),
        ("95,200,40", ((MERCATOR_MAX_LAT, -160.0), 12)),  # clamped to Web Mercator and wrapped
        ("1,2", None),
        ("nan,1,2", None),
        ("1,inf,2", None),
    ],
)
def test_a_map_position_is_read_and_clamped(text: str, view: object) -> None:
    assert parse_view(text) == view


def test_a_place_link_keeps_the_filters_and_drops_the_old_query() -> None:
    link = place_link("https://maps.example/?country=FR&view=1,2,3", Filters(countries=("NL",)), "NL:Amsterdam")
    assert link == "https://maps.example/?country=NL&place=NL:Amsterdam"
