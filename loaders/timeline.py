"""Time as an axis: the month steps a reader can scrub or play through. Pure."""

from __future__ import annotations

import calendar
from datetime import date


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def month_steps(first: date, last: date) -> list[date]:
    """The last day of every month from ``first``'s to ``last``'s; the final step is ``last`` itself
    (today, not the end of this month, which has not happened yet)."""
    if last < first:
        return [last]
    steps = []
    year, month = first.year, first.month
    while (year, month) < (last.year, last.month):
        steps.append(month_end(date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    steps.append(last)
    return steps


def step_for(day: date | None, steps: list[date]) -> int:
    """The step showing ``day``: the first step on or after it (None, "latest", is the last)."""
    if day is None:
        return len(steps) - 1
    for n, step in enumerate(steps):
        if step >= day:
            return n
    return len(steps) - 1
