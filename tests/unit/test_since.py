"""The "since <date>" view: the link's date, and what a view lists and rings (loaders.since)."""

from __future__ import annotations

from datetime import date

import pytest

from loaders import Dataset, Filters, aggregate_places, filter_stations
from loaders.permalinks import parse_since, place_link
from loaders.since import read_since_sources, since_view, view_events

TODAY = date(2026, 12, 7)


def _view(mini: Dataset, since: date, filters: Filters = Filters()):  # noqa: B008 (a frozen dataclass)
    history, changelog = read_since_sources(mini)
    stations = filter_stations(mini, filters)
    return since_view(mini, history, changelog, since, stations, view_events(mini, filters, stations))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-01-01", date(2025, 1, 1)),
        (" 2025-01-01 ", date(2025, 1, 1)),
        (["2024-06-01", "2025-01-01"], date(2024, 6, 1)),  # a repeated key: the first counts
        (None, None),
        ("", None),
    ],
)
def test_since_in_a_link_is_a_day(raw: object, expected: date | None) -> None:
    assert parse_since(raw, TODAY) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["yesterday", "2025-13-01", "2025-02-30", "20250101", "2025-1-1", "2025-01-01T00:00"])
def test_a_bad_since_date_is_refused_with_a_notice_quoting_it(raw: str) -> None:
    day, notice = parse_since(raw, TODAY)
    assert day is None
    assert notice and f"“{raw}”" in notice and "YYYY-MM-DD" in notice


def test_a_since_date_after_today_is_refused() -> None:
    day, notice = parse_since("2027-01-01", TODAY)
    assert day is None and notice and "after today" in notice


def test_an_event_after_the_date_is_listed_and_one_before_it_is_not(mini: Dataset) -> None:
    view = _view(mini, date(2024, 6, 1))
    assert [i.key for i in view.happened] == ["event:it-rome-verdict"]  # 18 Dec 2024
    assert view.happened[0].place_id == "IT:Rome" and view.happened[0].day == "18 Dec 2024"
    # The day before the Montreal investigation's month ended, it is "after"; the month's last day, not.
    assert "event:ca-montreal-investigation" in {i.key for i in _view(mini, date(2023, 3, 30)).happened}
    assert "event:ca-montreal-investigation" not in {i.key for i in _view(mini, date(2023, 3, 31)).happened}


def test_a_status_changed_after_the_date_is_listed_with_before_and_after(mini: Dataset) -> None:
    view = _view(mini, date(2024, 6, 1))
    assert [(i.key, i.place_id) for i in view.status_changes] == [("station:it-rome-qingtian-1", "IT:Rome")]
    assert "Under investigation → Convicted" in view.status_changes[0].text


def test_a_record_corrected_after_the_date_is_listed_and_ringed(mini: Dataset) -> None:
    view = _view(mini, date(2024, 6, 1))
    learned = {i.key: i for i in view.learned}
    montreal = learned["station:ca-montreal-unknown-1"]
    assert montreal.text.endswith("corrected") and montreal.day == "1 Feb 2025" and montreal.place_id == "CA:Montreal"
    assert learned["event:it-rome-verdict"].text.startswith("Event added")
    assert "removed" in learned["event:nl-utrecht-statement"].text
    assert "station:nl-amsterdam-fuzhou-1" not in learned, "unchanged since 2024-01-01"
    assert [i.when for i in view.learned] == sorted((i.when for i in view.learned), reverse=True)
    assert view.places == {"IT:Rome", "CA:Montreal"}
    # After the correction nothing is new.
    later = _view(mini, date(2025, 2, 1))
    assert (later.happened, later.status_changes, later.learned, later.places) == ((), (), (), frozenset())
    assert later.summary() == "Since 1 Feb 2025: 0 events, 0 status changes, 0 records added, corrected or removed."


def test_the_changelog_sections_since_the_date_come_with_it(mini: Dataset) -> None:
    assert [e.day for e in _view(mini, date(2025, 1, 10)).changelog] == [date(2025, 2, 1)]
    assert len(_view(mini, date(2024, 6, 1)).changelog) == 2


def test_the_view_narrows_to_the_filtered_stations(mini: Dataset) -> None:
    view = _view(mini, date(2024, 6, 1), Filters(countries=("CA",)))
    assert view.happened == () and view.places == {"CA:Montreal"}
    assert {i.key for i in view.learned} >= {"station:ca-montreal-unknown-1"}
    assert "event:it-rome-verdict" not in {i.key for i in view.learned}


def test_data_without_a_history_learns_nothing_rather_than_everything(mini: Dataset) -> None:
    upload = Dataset(**{**mini.__dict__, "files": []})
    history, changelog = read_since_sources(upload)
    view = since_view(
        upload, history, changelog, date(2024, 6, 1), mini.stations, view_events(upload, Filters(), mini.stations)
    )
    assert not view.has_history and view.learned == ()
    assert [i.key for i in view.happened] == ["event:it-rome-verdict"]
    assert view.places == {"IT:Rome"}


def test_every_ringed_place_is_a_place_of_the_view(mini: Dataset) -> None:
    stations = filter_stations(mini, Filters())
    view = _view(mini, date(2020, 1, 1))
    assert view.places == set(aggregate_places(stations)["place_id"])


def test_a_place_link_carries_the_since_date() -> None:
    link = place_link("http://host/map?x=1", Filters(countries=("IT",)), "IT:Rome", date(2025, 1, 1))
    assert link == "http://host/map?country=IT&since=2025-01-01&place=IT:Rome"


def test_the_view_message_flags_the_changed_places_by_their_index_and_stays_small(mini: Dataset) -> None:
    from maps.payload import script_json, view_payload

    stations = filter_stations(mini, Filters())
    places = aggregate_places(stations)
    atlas = {pid: n for n, pid in enumerate(places["place_id"])}
    plain = view_payload(mini, stations, places, None, atlas, "digest")
    assert plain["changed"] is None
    view = _view(mini, date(2024, 6, 1))
    ringed = view_payload(mini, stations, places, None, atlas, "digest", (view.label, view.places))
    ids = list(places["place_id"])
    assert ringed["changed"] == {
        "label": "Changed since 1 Jun 2024",
        "places": sorted(ids.index(p) for p in ("IT:Rome", "CA:Montreal")),
    }
    assert {k: v for k, v in ringed.items() if k != "changed"} == {k: v for k, v in plain.items() if k != "changed"}
    assert len(script_json(ringed)) - len(script_json(plain)) < 60


def test_a_date_before_the_history_begins_compares_events_and_statuses_only(mini: Dataset) -> None:
    # The fixture's history begins on 2024-01-01: before it, every record would look "added" (the
    # bundled data's history begins in December 2026, so a reporter's 2023 date would ring them all).
    view = _view(mini, date(2023, 6, 1))
    assert view.has_history and view.history_starts == date(2024, 1, 1) and not view.learned_known
    assert view.learned == ()
    assert "record" not in view.summary()
    events_and_statuses = {i.place_id for i in (*view.happened, *view.status_changes)} - {None}
    assert view.places == events_and_statuses
    assert _view(mini, date(2024, 6, 1)).learned_known
