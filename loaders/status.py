"""Derive a station's status from its dated events; the status is never stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .dates import date_sort_key
from .vocab import EVENT_TYPES, STATUS_RANK


@dataclass(frozen=True)
class StatusEvent:
    """What status derivation needs of one event."""

    event_id: str
    type: str
    date_text: str
    known_from: date  # last day the event's date may stand for (see PartialDate.end)


@dataclass(frozen=True)
class DerivedStatus:
    key: str  # one of loaders.vocab.STATUSES
    since: str  # date text of the event that first set it
    event_id: str


def derive_status(events: Iterable[StatusEvent], as_of: date | None = None) -> DerivedStatus | None:
    """The furthest status the events have reached by ``as_of`` (all events if None).

    Steps, from first to furthest: reported, denied, under investigation, no evidence
    found, closure ordered, closed, prosecuted (``loaders.vocab.STATUSES``). Of the events
    that set the furthest step, the earliest gives the date. Events that set no status
    (statements) only make the station known: it is then "reported" from that date.
    Returns None when no event is known by ``as_of``: the station was not yet public.
    """
    known = sorted(
        (e for e in events if as_of is None or e.known_from <= as_of),
        key=lambda e: (e.known_from, _precision(e.date_text), e.event_id),
    )
    if not known:
        return None
    best: tuple[int, StatusEvent] | None = None
    for event in known:
        sets = EVENT_TYPES[event.type][1]
        if sets is None:
            continue
        rank = STATUS_RANK[sets]
        if best is None or rank > best[0]:
            best = (rank, event)
    if best is None:
        first = known[0]
        return DerivedStatus("reported", first.date_text, first.event_id)
    event = best[1]
    return DerivedStatus(EVENT_TYPES[event.type][1] or "reported", event.date_text, event.event_id)


def _precision(text: str) -> int:
    """0 for a day, 1 for a month, 2 for a year: on the same last day, the more precise date comes first."""
    try:
        return date_sort_key(text)[1]
    except ValueError:
        return 0


def status_history(events: Iterable[StatusEvent], as_of: date | None = None) -> list[DerivedStatus]:
    """Each step a station's status took, oldest first, as ``derive_status`` would have said on
    the day each event became known (up to ``as_of``): the panel's small dated timeline."""
    known = sorted(
        (e for e in events if as_of is None or e.known_from <= as_of),
        key=lambda e: (e.known_from, _precision(e.date_text), e.event_id),
    )
    steps: list[DerivedStatus] = []
    for event in known:
        status = derive_status(known, event.known_from)
        if status is not None and (not steps or steps[-1].key != status.key):
            steps.append(status)
    return steps
