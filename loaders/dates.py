"""Dates known to a year, a month or a day (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# ASCII digits only (\d takes any script's, "٢٠٢٢"), and the whole text ($ also matches before a final newline).
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to some precision.

    ``start`` and ``end`` are the first and last days it may stand for. An "as of"
    view counts an event only from ``end``, so it never shows something before it
    could have happened.
    """

    start: date
    end: date
    text: str
    precision: str  # "year" | "month" | "day"

    def __str__(self) -> str:
        return self.text


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"expected a date as text (YYYY, YYYY-MM or YYYY-MM-DD), got {text!r}")
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = match.groups()
    y = int(year)
    if month is None:
        return PartialDate(date(y, 1, 1), date(y, 12, 31), text, "year")
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"month {m} out of range in {text!r}")
    if day is None:
        last = calendar.monthrange(y, m)[1]
        return PartialDate(date(y, m, 1), date(y, m, last), text, "month")
    try:
        d = date(y, m, int(day))
    except ValueError as exc:
        raise ValueError(f"{exc} in {text!r}") from None
    return PartialDate(d, d, text, "day")


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
# Fixed English abbreviations: calendar.month_abbr follows the process locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_sort_key(text: str) -> tuple[date, int]:
    """Sort key for a partial date: the period's last day, then precision (day, month, year).

    An event known only as "2022" or "2022-11" sorts after every dated event of that
    period, never at its first day: "2022" comes after "2022-12-31", "2022-11" after
    "2022-11-30" and before "2022-12-01".
    """
    parsed = parse_partial_date(text)
    return (parsed.end, _PRECISION_RANK[parsed.precision])


def display_date(text: str) -> str:
    """A partial date as readers see it: "2022 (month unknown)", "Nov 2022 (day unknown)", "1 Nov 2022".

    The one place that writes a date for display, so that a year or a month is never shown as
    if it were the first day of that period. Text that is not a partial date is returned as is.
    """
    try:
        parsed = parse_partial_date(text)
    except ValueError:
        return "" if text is None else str(text)
    if parsed.precision == "year":
        return f"{parsed.start.year} (month unknown)"
    month = _MONTHS[parsed.start.month - 1]
    if parsed.precision == "month":
        return f"{month} {parsed.start.year} (day unknown)"
    return f"{parsed.start.day} {month} {parsed.start.year}"
