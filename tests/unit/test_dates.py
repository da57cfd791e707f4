from datetime import date

import pytest

from loaders import parse_partial_date
from loaders.dates import date_sort_key, display_date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("2022-02", date(2022, 2, 1), date(2022, 2, 28), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2022-11-01", date(2022, 11, 1), date(2022, 11, 1), "day"),
    ],
)
def test_partial_dates_span_the_period_they_name(text: str, start: date, end: date, precision: str) -> None:
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end, parsed.precision, str(parsed)) == (start, end, precision, text)


@pytest.mark.parametrize(
    "text",
    ["22-11-01", "2022-13", "2022-02-30", "2022/11/01", "Nov 2022", "", None, 2022, "2022-10\n", "٢٠٢٢", "２０２２"],
)
def test_unparseable_dates_raise_value_error(text: object) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(text)  # type: ignore[arg-type]


def test_a_year_or_month_sorts_after_the_dated_events_of_that_period() -> None:
    texts = ["2022", "2022-11", "2022-12-31", "2022-11-30", "2022-12-01", "2022-11-01", "2023-01-01"]
    assert sorted(texts, key=date_sort_key) == [
        "2022-11-01",
        "2022-11-30",
        "2022-11",
        "2022-12-01",
        "2022-12-31",
        "2022",
        "2023-01-01",
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2022", "2022 (month unknown)"),
        ("2022-11", "Nov 2022 (day unknown)"),
        ("2022-11-01", "1 Nov 2022"),
        ("2025-07-07", "7 Jul 2025"),
        ("not a date", "not a date"),
    ],
)
def test_dates_are_shown_as_precisely_as_known_never_as_the_first_day(text: str, shown: str) -> None:
    assert display_date(text) == shown
