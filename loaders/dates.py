"""Dates known to a year, a month or a day (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    match = _PATTERN.match(text)
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
