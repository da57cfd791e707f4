from datetime import date, timedelta

import pytest

from loaders import Dataset, StatusEvent, derive_status
from loaders.dates import parse_partial_date
from loaders.status import derive_statuses, status_history
from loaders.vocab import EVENT_TYPES, STATUSES


def ev(event_id: str, type_: str, when: str) -> StatusEvent:
    return StatusEvent(event_id, type_, when, parse_partial_date(when).end)


NL = [
    ev("listed", "reported", "2022-09-12"),
    ev("investigating", "investigation_opened", "2022-10-25"),
    ev("order", "closure_ordered", "2022-11-01"),
    ev("closed", "closed", "2022-12-20"),
]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2022, 9, 11), None),  # before the first event: not yet public
        (date(2022, 9, 12), ("reported", "2022-09-12")),
        (date(2022, 10, 24), ("reported", "2022-09-12")),
        (date(2022, 10, 25), ("under_investigation", "2022-10-25")),
        (date(2022, 10, 31), ("under_investigation", "2022-10-25")),
        (date(2022, 11, 1), ("closure_ordered", "2022-11-01")),
        (date(2022, 12, 19), ("closure_ordered", "2022-11-01")),
        (date(2022, 12, 20), ("closed", "2022-12-20")),
        (None, ("closed", "2022-12-20")),
    ],
)
def test_status_as_of_each_date_before_and_after_each_event(
    as_of: date | None, expected: tuple[str, str] | None
) -> None:
    result = derive_status(NL, as_of)
    assert (None if result is None else (result.key, result.since)) == expected


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([ev("a", "reported", "2022-09-12")], "reported"),
        ([ev("a", "reported", "2022-09-12"), ev("b", "denial", "2022-12-04")], "denied"),
        ([ev("a", "denial", "2022-10"), ev("b", "investigation_opened", "2022-12")], "under_investigation"),
        ([ev("a", "investigation_opened", "2022-10"), ev("b", "no_evidence_found", "2023-06")], "no_evidence_found"),
        ([ev("a", "search_raid", "2022-10"), ev("b", "arrest", "2023-04-17")], "under_investigation"),
        ([ev("a", "arrest", "2023-04-17"), ev("b", "charges", "2023-04-17")], "prosecuted"),
        ([ev("a", "guilty_plea", "2024-12-18"), ev("b", "closed", "2022-10")], "prosecuted"),
        ([ev("a", "guilty_verdict", "2025"), ev("b", "reported", "2022")], "convicted"),
        ([ev("a", "charges", "2023"), ev("b", "acquittal", "2025")], "prosecuted"),
        ([ev("a", "guilty_plea", "2024-12-18"), ev("b", "sentence", "2025-06")], "sentenced"),
        ([ev("a", "arrest", "2023-04-17"), ev("b", "expulsion", "2026-03-05")], "under_investigation"),
        ([ev("a", "reported", "2022-09-12"), ev("b", "expulsion", "2026-03-05")], "under_investigation"),
        # a later investigation does not undo a closure: status is the furthest step, not the latest
        ([ev("a", "closed", "2022-12-20"), ev("b", "investigation_opened", "2023-02")], "closed"),
        ([ev("a", "no_evidence_found", "2023-06-06"), ev("b", "closed", "2023-06-06")], "closed"),
    ],
)
def test_status_is_the_furthest_step_reached(events: list[StatusEvent], expected: str) -> None:
    result = derive_status(events)
    assert result is not None and result.key == expected


def test_statements_make_a_station_known_but_set_no_status() -> None:
    events = [ev("s", "host_statement", "2022-10-26"), ev("c", "china_statement", "2022-10-24")]
    result = derive_status(events)
    assert result is not None and (result.key, result.since, result.event_id) == ("reported", "2022-10-24", "c")


def test_event_known_to_a_month_counts_from_its_last_day() -> None:
    events = [ev("r", "reported", "2022-09-12"), ev("i", "investigation_opened", "2022-11")]
    assert derive_status(events, date(2022, 11, 29)).key == "reported"  # type: ignore[union-attr]
    assert derive_status(events, date(2022, 11, 30)).key == "under_investigation"  # type: ignore[union-attr]


def test_the_date_given_is_that_of_the_first_event_reaching_the_status() -> None:
    events = [ev("b", "investigation_opened", "2023-02"), ev("a", "investigation_opened", "2022-10-28")]
    result = derive_status(events)
    assert result is not None and (result.since, result.event_id) == ("2022-10-28", "a")


def test_every_event_type_sets_a_known_status_or_none() -> None:
    keys = {s.key for s in STATUSES}
    assert {sets for _, sets in EVENT_TYPES.values()} - {None} <= keys
    assert {sets for _, sets in EVENT_TYPES.values()} >= keys  # every status is reachable


# The steps after prosecution, as New York's Fuzhou station took them (plus a sentence to come).
TRIAL = [
    ev("search", "search_raid", "2022-10"),
    ev("closed", "closed", "2022"),
    ev("arrests", "arrest", "2023-04-17"),
    ev("charges", "charges", "2023-04-17"),
    ev("plea", "guilty_plea", "2024-12-18"),
    ev("verdict", "guilty_verdict", "2026-05"),
    ev("sentence", "sentence", "2026-09-01"),
]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2022, 10, 30), None),
        (date(2022, 10, 31), ("under_investigation", "2022-10", "search")),
        (date(2022, 12, 31), ("closed", "2022", "closed")),
        (date(2023, 4, 17), ("prosecuted", "2023-04-17", "charges")),
        (date(2024, 12, 18), ("prosecuted", "2023-04-17", "charges")),  # a plea is a step of the prosecution
        (date(2026, 5, 30), ("prosecuted", "2023-04-17", "charges")),  # a verdict "2026-05" counts from 31 May
        (date(2026, 5, 31), ("convicted", "2026-05", "verdict")),
        (date(2026, 8, 31), ("convicted", "2026-05", "verdict")),
        (date(2026, 9, 1), ("sentenced", "2026-09-01", "sentence")),
        (None, ("sentenced", "2026-09-01", "sentence")),
    ],
)
def test_after_the_charges_a_guilty_verdict_convicts_and_a_sentence_sentences(
    as_of: date | None, expected: tuple[str, str, str] | None
) -> None:
    result = derive_status(TRIAL, as_of)
    assert (None if result is None else (result.key, result.since, result.event_id)) == expected
    history = [s.key for s in status_history(TRIAL, as_of)]
    assert history == sorted(history, key=[s.key for s in STATUSES].index), "each step further than the last"


def test_the_steps_after_prosecution_come_last_in_the_order() -> None:
    assert [s.key for s in STATUSES][-3:] == ["prosecuted", "convicted", "sentenced"]


def test_an_acquittal_leaves_the_station_prosecuted_since_the_charges() -> None:
    events = [ev("c", "charges", "2023-04-17"), ev("a", "acquittal", "2025-02-01")]
    result = derive_status(events)
    assert result is not None and (result.key, result.event_id) == ("prosecuted", "c")


def test_new_yorks_fuzhou_station_reads_convicted_since_the_guilty_verdict(bundled: Dataset) -> None:
    station = bundled.stations.set_index("id").loc["us-new-york-fuzhou-1"]
    verdict = bundled.events.set_index("id").loc[station["status_event"]]
    assert station["status"] == "convicted"
    assert verdict["type"] == "guilty_verdict" and station["status_since"] == verdict["date"]


def test_an_expulsion_is_an_action_the_status_and_the_filters_use(bundled: Dataset) -> None:
    assert EVENT_TYPES["expulsion"][1] == "under_investigation"
    italy = bundled.events.set_index("id").loc["it-2026-03-05-expulsion-eight-chinese-nationals"]
    assert italy["type"] == "expulsion" and italy["actor_group"] == "host"


def test_a_civil_suit_does_not_change_the_status() -> None:
    before = [ev("r", "reported", "2022-09-12"), ev("d", "denial", "2022-12-04")]
    after = derive_status([*before, ev("suit", "civil_suit", "2023-05")])
    assert after == derive_status(before)
    assert after is not None and after.key == "denied"


def test_a_civil_suit_alone_only_makes_the_station_known() -> None:
    result = derive_status([ev("suit", "civil_suit", "2023-05-02")])
    assert result is not None and (result.key, result.since) == ("reported", "2023-05-02")


@pytest.mark.parametrize("earlier", ["investigation_opened", "closure_ordered", "denial"])
def test_a_parliamentary_answer_behaves_like_a_host_statement(earlier: str) -> None:
    base = [ev("a", earlier, "2022-11-01")]
    with_answer = derive_status([*base, ev("q", "parliamentary_answer", "2023-01-16")])
    with_statement = derive_status([*base, ev("q", "host_statement", "2023-01-16")])
    assert with_answer == with_statement == derive_status(base)


def test_an_answer_in_parliament_that_states_an_action_is_typed_as_that_action() -> None:
    # e.g. a minister answering that the station was told to close: the event is closure_ordered
    result = derive_status([ev("r", "reported", "2022-09-12"), ev("q", "closure_ordered", "2022-10-25")])
    assert result is not None and result.key == "closure_ordered"
    assert EVENT_TYPES["parliamentary_answer"][1] is None


def test_on_the_same_last_day_a_dated_event_comes_before_a_year_or_month() -> None:
    events = [ev("year", "closed", "2022"), ev("day", "closed", "2022-12-31")]
    result = derive_status(events)
    assert result is not None and (result.since, result.event_id) == ("2022-12-31", "day")


def test_a_prosecution_on_other_grounds_does_not_make_the_station_prosecuted() -> None:
    events = [ev("i", "investigation_opened", "2023-01-05"), ev("o", "other_prosecution", "2024-02-02")]
    result = derive_status(events)
    assert result is not None and result.key == "under_investigation"


def test_the_history_lists_each_step_once_oldest_first() -> None:
    events = [
        StatusEvent("a", "reported", "2022-09-12", date(2022, 9, 12)),
        StatusEvent("b", "host_statement", "2022-10", date(2022, 10, 31)),
        StatusEvent("c", "investigation_opened", "2022-10-25", date(2022, 10, 25)),
        StatusEvent("d", "closed", "2022-12-20", date(2022, 12, 20)),
    ]
    history = status_history(events)
    assert [(s.key, s.since) for s in history] == [
        ("reported", "2022-09-12"),
        ("under_investigation", "2022-10-25"),
        ("closed", "2022-12-20"),
    ]
    assert [s.key for s in status_history(events, date(2022, 11, 1))] == ["reported", "under_investigation"]
    assert status_history([]) == []


# Every station at once agrees with the one-station rule


@pytest.mark.parametrize("as_of", [None, *(date(2021, 6, 1) + timedelta(days=61 * n) for n in range(34))])
def test_all_stations_at_once_agree_with_the_one_station_rule(bundled: Dataset, as_of: date | None) -> None:
    expected = {}
    for sid, events in bundled.status_events().items():
        result = derive_status(events, as_of)
        if result is not None:
            expected[sid] = (result.key, result.since, result.event_id)
    derived = derive_statuses(bundled.links, bundled.events, as_of)
    got = {sid: (r.status, r.status_since, r.status_event) for sid, r in derived.iterrows()}
    assert got == expected


def test_no_event_known_yet_means_no_station(bundled: Dataset) -> None:
    assert derive_statuses(bundled.links, bundled.events, date(2000, 1, 1)).empty
