from datetime import date

import pytest

from loaders import parse_partial_date


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


@pytest.mark.parametrize("text", ["22-11-01", "2022-13", "2022-02-30", "2022/11/01", "Nov 2022", "", None, 2022])
def test_unparseable_dates_raise_value_error(text: object) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(text)  # type: ignore[arg-type]
