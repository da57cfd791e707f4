"""How current the data is: the latest event, overall and per country, and when it was last reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dataset import Dataset
from .dates import date_sort_key, display_date, parse_partial_date
from .geography import country_name


@dataclass(frozen=True)
class Freshness:
    latest_event: str | None  # date text of the latest event (YYYY[-MM[-DD]]), None if there is none
    last_reviewed: date | None  # the latest access date of any source
    by_country: dict[str, str]  # ISO2 -> date text of the latest event concerning a station there

    def latest_event_shown(self) -> str:
        return display_date(self.latest_event) if self.latest_event else "none"

    def differs(self) -> dict[str, str]:
        """Countries whose latest event is not the overall latest, by name, as readers see the date."""
        return {
            country_name(code) or code: display_date(text)
            for code, text in sorted(self.by_country.items(), key=lambda kv: country_name(kv[0]) or kv[0])
            if text != self.latest_event
        }


def data_freshness(dataset: Dataset) -> Freshness:
    """The latest event (by the period's end, then precision) overall and per host country.

    Per country counts the events that name a station there or the country itself; statements
    about every station (``global``) count only in the overall figure.
    """
    events = dataset.events
    latest = max(events["date"], key=date_sort_key) if len(events) else None
    by_country: dict[str, str] = {}
    country_of = dict(zip(dataset.stations["id"], dataset.stations["country_code"], strict=True))
    concerned: dict[str, set[str]] = {}
    for event_id, station_id in zip(dataset.links["event_id"], dataset.links["station_id"], strict=True):
        code = country_of.get(station_id)
        if isinstance(code, str):
            concerned.setdefault(event_id, set()).add(code)
    for row in events[["id", "date", "countries", "global"]].to_dict("records"):
        if row["global"]:
            continue
        for code in concerned.get(row["id"], set()) | set(row["countries"]):
            if code not in by_country or date_sort_key(row["date"]) > date_sort_key(by_country[code]):
                by_country[code] = row["date"]
    accessed = [parse_partial_date(a).end for a in dataset.sources["accessed"]]
    return Freshness(latest, max(accessed, default=None), by_country)


def freshness_line(fresh: Freshness) -> str:
    """One line for the footer: the latest event and the date the sources were last reviewed."""
    reviewed = fresh.last_reviewed.isoformat() if fresh.last_reviewed else "unknown"
    return f"Latest event on record: {fresh.latest_event_shown()} · sources last reviewed {reviewed}."
