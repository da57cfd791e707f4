"""The Reactions page's data, computed once per data version, filters and choices (ui.caching: for
every session on the server's data, in the session only for an upload), not on every run: the
events shown, the chart's rows and each country's list with its quotes. Read-only for callers."""

from __future__ import annotations

import pandas as pd

from loaders import Dataset, Filters, filter_events
from loaders.geography import country_name
from ui.caching import cached
from ui.frame import View, filtered_stations, filters_key
from ui.panels import event_line
from ui.sources import main_sources

CHART_COLUMNS = ["when", "until", "country", "type_label", "date_shown", "actor", "actor_kind_label", "summary", "link"]


def reactions_of(
    dataset: Dataset, filters: Filters, kinds: tuple[str, ...] = (), types: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The reactions the view lists (loaders.filter_events), of these kinds of actor and types (none: all)."""
    return _reactions_of(dataset, filters_key(filters), filters, tuple(kinds), tuple(types))


@cached
def _reactions_of(
    dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, kinds: tuple[str, ...], types: tuple[str, ...]
) -> pd.DataFrame:
    events = filter_events(dataset, filters, filtered_stations(dataset, dataset.checksum, key, filters))
    if kinds:
        events = events[events["actor_kind"].isin(kinds)]
    if types:
        events = events[events["type"].isin(types)]
    return events


def reactions_chart_rows(
    dataset: Dataset, filters: Filters, kinds: tuple[str, ...] = (), types: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The chart's rows: each reaction with its country's name, its period and its main source."""
    return _chart_rows(dataset, filters_key(filters), filters, tuple(kinds), tuple(types))


@cached
def _chart_rows(
    dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, kinds: tuple[str, ...], types: tuple[str, ...]
) -> pd.DataFrame:
    events = _reactions_of(dataset, key, filters, kinds, types)
    events = events.assign(
        country=[country_name(c) if isinstance(c, str) else "International" for c in events["actor_country"]],
        when=pd.to_datetime(events["start"]),
        until=pd.to_datetime(events["end"]),
        link=main_sources(dataset, events["sources"])["Main source"] if len(events) else [],
    )
    return events[[*CHART_COLUMNS, "precision"]]


def reactions_by_country(
    dataset: Dataset, filters: Filters, kinds: tuple[str, ...] = (), types: tuple[str, ...] = ()
) -> list[tuple[str, int, str]]:
    """(country, number of reactions, Markdown list with sources and quotes) for each country, by name."""
    return _by_country(dataset, filters_key(filters), filters, tuple(kinds), tuple(types))


@cached
def _by_country(
    dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, kinds: tuple[str, ...], types: tuple[str, ...]
) -> list[tuple[str, int, str]]:
    events = _reactions_of(dataset, key, filters, kinds, types)
    rows = _chart_rows(dataset, key, filters, kinds, types)
    view = View(dataset, filters, filtered_stations(dataset, dataset.checksum, key, filters), "")
    ordered = events.assign(country=rows["country"]).sort_values(["country", "sort_key", "id"])
    return [
        (str(country), len(group), "\n".join(event_line(view, e, quotes=True) for e in group.to_dict("records")))
        for country, group in ordered.groupby("country", sort=True)
    ]
