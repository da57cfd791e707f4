"""Filter the stations, and carry the filters in URL query parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd

from .dataset import Dataset, with_status
from .vocab import BUREAUS, STATUS_BY_KEY

NO_REPORT = "none"  # report filter value for stations no report listed


@dataclass(frozen=True)
class Filters:
    """What the journalist asked to see. Empty tuples mean "all"."""

    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    bureaus: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    as_of: date | None = None

    @property
    def is_default(self) -> bool:
        return self == Filters()


# Filters field -> query parameter name. Short names keep shared links readable.
QUERY_KEYS = {"countries": "country", "statuses": "status", "bureaus": "bureau", "reports": "report", "as_of": "asof"}


def filters_to_query(filters: Filters) -> dict[str, str]:
    """Query parameters that reproduce ``filters``; defaults are left out."""
    query: dict[str, str] = {}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if f.name == "as_of":
            if value is not None:
                query[QUERY_KEYS[f.name]] = value.isoformat()
        elif value:
            query[QUERY_KEYS[f.name]] = ",".join(value)
    return query


def view_link(filters: Filters, page_url: str | None, extra: Mapping[str, str] | None = None) -> str:
    """A link that reopens ``page_url`` with ``filters`` (its own query string replaced) and the
    page's own lasting parameters ``extra`` (the Map's and Reactions' ``since``, the Export page's ``lang``).

    Without a page URL (no browser, e.g. in tests) the link is the query string alone.
    """
    base = (page_url or "").split("?", 1)[0].split("#", 1)[0]
    query = urlencode({**filters_to_query(filters), **(extra or {})}, safe=",")
    return f"{base}?{query}" if query else (base or "?")


# Query parameters that are not filters but belong to Streamlit or to embedding; never warned about.
# A page's own parameters (the Map page's place, station and view; the Country page's panel) are
# declared with the page (ui.navigation.PageSpec.link_params) and passed in as ``page_params``.
_PASS_THROUGH_KEYS = frozenset({"embed", "embed_options"})
_SHOWN_CHARS = 40  # a value quoted in a notice is cut here: a 10 kB link must not make a 10 kB notice
_SHOWN_VALUES = 5  # at most this many ignored values are named per notice


def _quoted(value: str) -> str:
    cut = value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "…"
    return f"“{cut}”"


def _listed(values: list[str]) -> str:
    shown = ", ".join(_quoted(v) for v in values[:_SHOWN_VALUES])
    more = len(values) - _SHOWN_VALUES
    return shown + (f" and {more} more" if more > 0 else "")


def as_of_bounds(dataset: Dataset, today: date | None = None) -> tuple[date, date]:
    """The range the "as of" date box accepts: the first event's first day to today."""
    today = today or date.today()
    starts = list(dataset.events["start"]) if len(dataset.events) else []
    first = min(starts) if starts else today
    return min(first, today), today


def filters_from_query(
    query: Mapping[str, str | list[str]],
    dataset: Dataset,
    today: date | None = None,
    page_params: Iterable[str] = (),
) -> tuple[Filters, list[str]]:
    """Parse query parameters, whatever they hold; return the filters and a notice per thing ignored.
    ``page_params``: the parameters the page itself reads (it says what it ignores in them).

    Never raises: unknown keys and values are dropped, repeated values kept once (a key given
    several times contributes all its values: ``?country=NL&country=IT`` is both), a date outside
    the date box's range is clamped to it, and a second date is ignored.
    """
    warnings: list[str] = []

    def values(key: str) -> list[str]:
        raw = query.get(key)
        if raw is None:
            return []
        parts = [raw] if isinstance(raw, str) else [str(r) for r in raw]
        return [v.strip() for part in parts for v in part.split(",") if v.strip()]

    def keep(key: str, allowed: set[str]) -> tuple[str, ...]:
        given = values(key)
        unknown = list(dict.fromkeys(v for v in given if v not in allowed))
        good = tuple(dict.fromkeys(v for v in given if v in allowed))
        if unknown:
            noun = "value" if len(unknown) == 1 else "values"
            warnings.append(f"Ignored unknown {key} {noun} {_listed(unknown)} in the link.")
        repeated = [v for v in good if given.count(v) > 1]
        if repeated:
            warnings.append(f"Kept the repeated {key} {_listed(repeated)} in the link once.")
        return good

    known = set(QUERY_KEYS.values()) | _PASS_THROUGH_KEYS | set(page_params)
    stray = [str(k) for k in query if k not in known]
    if stray:
        noun = "parameter" if len(stray) == 1 else "parameters"
        warnings.append(f"Ignored the unknown link {noun} {_listed(stray)}.")
    countries = set(dataset.stations["country_code"].dropna())
    reports = set(dataset.reports["id"]) | {NO_REPORT}
    filters = Filters(
        countries=keep("country", countries),
        statuses=keep("status", set(STATUS_BY_KEY)),
        bureaus=keep("bureau", set(BUREAUS)),
        reports=keep("report", reports),
        as_of=_as_of_from_query(values(QUERY_KEYS["as_of"]), as_of_bounds(dataset, today), warnings),
    )
    return filters, warnings


def _as_of_from_query(given: list[str], bounds: tuple[date, date], warnings: list[str]) -> date | None:
    if not given:
        return None
    first, *rest = dict.fromkeys(given)
    if rest:
        warnings.append(f"Ignored the further dates {_listed(rest)} in the link: one “as of” date is used.")
    try:
        as_of = date.fromisoformat(first)
    except ValueError:
        warnings.append(f"Ignored the date {_quoted(first)} in the link: expected YYYY-MM-DD.")
        return None
    low, high = bounds
    if as_of < low:
        warnings.append(
            f"The date {as_of.isoformat()} in the link is before the first event; showing {low.isoformat()} instead."
        )
        return low
    if as_of > high:
        warnings.append(f"The date {as_of.isoformat()} in the link is after today; showing {high.isoformat()} instead.")
        return high
    return as_of


def filter_stations(dataset: Dataset, filters: Filters) -> gpd.GeoDataFrame:
    """The stations matching ``filters``, with status derived as of ``filters.as_of``.

    With an as-of date, only stations public by then are kept and their status is the
    one their events had reached by then. The status filter applies to that status.
    """
    if filters.as_of is None:
        gdf = dataset.stations
    else:
        gdf = with_status(dataset.stations, dataset.links, dataset.events, filters.as_of)
    mask = gdf["id"].notna()
    if filters.countries:
        mask &= gdf["country_code"].isin(filters.countries)
    if filters.statuses:
        mask &= gdf["status"].isin(filters.statuses)
    if filters.bureaus:
        mask &= gdf["bureau"].isin(filters.bureaus)
    if filters.reports:
        wanted = set(filters.reports)
        listed = [bool(wanted & set(reps)) or (NO_REPORT in wanted and not reps) for reps in gdf["reports"]]
        mask &= pd.Series(listed, index=gdf.index)
    return gdf[mask]


def select_stations(dataset: Dataset, ids: Iterable[str], as_of: date | None = None) -> gpd.GeoDataFrame:
    """The stations with these ids, with their status as of ``as_of``: what a cache keyed on
    (ids, as_of) rebuilds instead of hashing a GeoDataFrame."""
    stations = filter_stations(dataset, Filters(as_of=as_of))
    return stations[stations["id"].isin(set(ids))]


def filter_events(dataset: Dataset, filters: Filters, stations: gpd.GeoDataFrame) -> pd.DataFrame:
    """The reactions and statements (not the derived report listings) a view should list.

    Those concerning any of ``stations``, plus those about a country with no station in the
    data (e.g. a security service saying it found none) when that country is not filtered out.
    Known by ``filters.as_of`` when it is set.
    """
    events = dataset.events[~dataset.events["derived"]]
    linked = set(dataset.links["event_id"])
    concerned = set(dataset.links.loc[dataset.links["station_id"].isin(set(stations["id"])), "event_id"])
    unlinked = ~events["id"].isin(linked)
    if filters.countries:
        unlinked &= events["countries"].map(lambda codes: bool(set(codes) & set(filters.countries)))
    if filters.statuses or filters.bureaus or filters.reports:
        unlinked &= False  # such events concern no station, so no station filter can match them
    events = events[events["id"].isin(concerned) | unlinked]
    if filters.as_of is not None:
        events = events[events["end"] <= filters.as_of]
    return events
