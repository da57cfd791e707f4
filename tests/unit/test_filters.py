from datetime import date

import pytest

from loaders import (
    NO_REPORT,
    Dataset,
    Filters,
    filter_stations,
    filters_from_query,
    filters_to_query,
    select_stations,
    view_link,
)

TODAY = date(2026, 11, 23)


def ids(gdf) -> set[str]:
    return set(gdf["id"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"nl-amsterdam-fuzhou-1", "nl-rotterdam-fuzhou-1", "it-rome-qingtian-1", "it-rome-wenzhou-1",
                     "de-country-nantong-1", "unplaced-wenzhou-1", "ca-montreal-unknown-1"}),
        (Filters(countries=("NL",)), {"nl-amsterdam-fuzhou-1", "nl-rotterdam-fuzhou-1"}),
        (Filters(statuses=("convicted",)), {"it-rome-qingtian-1"}),
        (Filters(bureaus=("Wenzhou",)), {"it-rome-wenzhou-1", "unplaced-wenzhou-1"}),
        (Filters(reports=("report-a",)), {"nl-amsterdam-fuzhou-1", "nl-rotterdam-fuzhou-1", "it-rome-qingtian-1"}),
        (Filters(reports=(NO_REPORT,)), {"ca-montreal-unknown-1"}),
        (Filters(countries=("IT",), bureaus=("Qingtian",)), {"it-rome-qingtian-1"}),
        (Filters(countries=("NL",), statuses=("reported",)), set()),
    ],
)  # fmt: skip
def test_filters_keep_the_matching_stations(mini: Dataset, filters: Filters, expected: set[str]) -> None:
    assert ids(filter_stations(mini, filters)) == expected


def test_as_of_keeps_only_stations_public_by_then_with_their_status_then(mini: Dataset) -> None:
    before = filter_stations(mini, Filters(as_of=date(2022, 9, 11)))
    assert before.empty
    sept = filter_stations(mini, Filters(as_of=date(2022, 9, 30)))
    assert ids(sept) == {"nl-amsterdam-fuzhou-1", "nl-rotterdam-fuzhou-1", "it-rome-qingtian-1"}
    assert set(sept["status"]) == {"reported"}
    nov = filter_stations(mini, Filters(as_of=date(2022, 11, 30)))
    status = dict(zip(nov["id"], nov["status"], strict=True))
    assert status["nl-amsterdam-fuzhou-1"] == "closure_ordered"
    assert status["it-rome-qingtian-1"] == "under_investigation"  # the verdict came in 2024


def test_status_filter_applies_to_the_status_as_of_the_date(mini: Dataset) -> None:
    then = filter_stations(mini, Filters(statuses=("prosecuted",), as_of=date(2023, 1, 1)))
    assert then.empty


def test_filters_round_trip_through_query_parameters(mini: Dataset) -> None:
    filters = Filters(countries=("NL", "IT"), statuses=("closed",), bureaus=("Fuzhou",), reports=("report-b",),
                      as_of=date(2023, 5, 1))  # fmt: skip
    query = filters_to_query(filters)
    assert query == {
        "country": "NL,IT",
        "status": "closed",
        "bureau": "Fuzhou",
        "report": "report-b",
        "asof": "2023-05-01",
    }
    assert filters_from_query(query, mini) == (filters, [])


def test_default_filters_leave_the_url_empty() -> None:
    assert filters_to_query(Filters()) == {}


def test_unknown_query_values_are_dropped_with_a_warning(mini: Dataset) -> None:
    filters, warnings = filters_from_query({"country": "NL,ZZ", "status": "bogus", "asof": "yesterday"}, mini)
    assert filters == Filters(countries=("NL",))
    assert len(warnings) == 3 and any("ZZ" in w for w in warnings)


def test_filter_events_lists_shared_reactions_once_and_respects_as_of(mini: Dataset) -> None:
    from loaders import filter_events

    nl = Filters(countries=("NL",))
    events = filter_events(mini, nl, filter_stations(mini, nl))
    assert list(events["id"]).count("nl-closure-order") == 1
    assert "it-rome-verdict" not in set(events["id"])
    assert not events["derived"].any(), "report listings are not reactions"
    early = Filters(as_of=date(2022, 10, 31))
    assert "nl-closure-order" not in set(filter_events(mini, early, filter_stations(mini, early))["id"])


def test_select_stations_returns_those_ids_with_their_status_as_of_a_date(mini: Dataset) -> None:
    ids = list(mini.stations["id"][:2])
    now = select_stations(mini, ids)
    assert sorted(now["id"]) == sorted(ids)
    before_any_event = select_stations(mini, ids, date(2000, 1, 1))
    assert before_any_event.empty, "nothing was public in 2000"


def test_a_view_link_carries_the_filters_and_replaces_the_old_query() -> None:
    filters = Filters(countries=("NL", "IE"), as_of=date(2023, 1, 1))
    link = view_link(filters, "https://maps.example/stations?country=FR#top")
    assert link == "https://maps.example/stations?country=NL,IE&asof=2023-01-01"
    assert view_link(Filters(), "https://maps.example/") == "https://maps.example/"
    assert view_link(filters, None) == "?country=NL,IE&asof=2023-01-01"


# Each of these failed on a deliberate bug the other tests missed (several reports combined with
# AND instead of OR, repeated query parameters keeping only the first value, or not de-duplicated).


def test_several_reports_select_the_stations_of_any_of_them(mini: Dataset) -> None:
    either = set(filter_stations(mini, Filters(reports=("report-a", "report-b")))["id"])
    assert either == {
        "nl-amsterdam-fuzhou-1",
        "nl-rotterdam-fuzhou-1",
        "it-rome-qingtian-1",
        "it-rome-wenzhou-1",
        "de-country-nantong-1",
        "unplaced-wenzhou-1",
    }, "OR, not AND (AND would leave only Rome's Qingtian station, listed by both)"
    with_none = set(filter_stations(mini, Filters(reports=("report-a", NO_REPORT)))["id"])
    assert with_none == {
        "nl-amsterdam-fuzhou-1",
        "nl-rotterdam-fuzhou-1",
        "it-rome-qingtian-1",
        "ca-montreal-unknown-1",
    }


def test_a_query_key_given_twice_keeps_every_value(mini: Dataset) -> None:
    filters, _ = filters_from_query({"country": ["NL", "IT"], "report": ["report-a", "none"]}, mini)
    assert filters.countries == ("NL", "IT")
    assert filters.reports == ("report-a", "none")


def test_repeated_query_values_are_kept_once_with_a_notice(mini: Dataset) -> None:
    filters, warnings = filters_from_query({"country": ["NL", "NL,IT"], "status": "closed,closed"}, mini)
    assert filters.countries == ("NL", "IT")
    assert filters.statuses == ("closed",)
    assert any("repeated country" in w and "NL" in w for w in warnings)
    assert any("repeated status" in w for w in warnings)


@pytest.mark.parametrize(
    ("given", "used", "notice"),
    [
        ("2000-01-01", date(2022, 9, 12), "before the first event"),
        ("2099-01-01", TODAY, "after today"),
        ("2022-09-12", date(2022, 9, 12), None),
        ("garbage", None, "expected YYYY-MM-DD"),
    ],
)
def test_an_as_of_date_outside_the_date_box_is_clamped_with_a_notice(
    mini: Dataset, given: str, used: date | None, notice: str | None
) -> None:
    filters, warnings = filters_from_query({"asof": given}, mini, today=TODAY)
    assert filters.as_of == used
    if notice:
        assert len(warnings) == 1 and notice in warnings[0]
    else:
        assert warnings == []


def test_unknown_keys_and_huge_values_give_short_notices(mini: Dataset) -> None:
    filters, warnings = filters_from_query(
        {"fbclid": "x", "country": ",".join(["ZZ"] * 5000) + "," + "Q" * 10_000}, mini
    )
    assert filters == Filters()
    assert len(warnings) == 2 and all(len(w) < 300 for w in warnings)
    assert "fbclid" in warnings[0]


def test_a_pages_own_link_parameters_are_not_called_unknown_and_others_are(mini: Dataset) -> None:
    query = {"panel": "NL", "place": "NL:Amsterdam", "embed": "true"}
    _, on_country = filters_from_query(query, mini, page_params=("panel",))
    assert on_country == ["Ignored the unknown link parameter “place”."]
    _, on_map = filters_from_query(query, mini, page_params=("place", "station", "view"))
    assert on_map == ["Ignored the unknown link parameter “panel”."]
