"""The "Changed since <date>" view on the Map and Reactions pages (issue 18).

The date lives in the session (``_SINCE``: it survives a visit to a page without it) and in the
URL (``?since=YYYY-MM-DD``, loaders.permalinks.SINCE_KEY); a shared link's date is read on the
session's first run, and a bad one is refused with a notice quoting it. What changed is decided by
loaders.since (pure), once per data version, filters and date (ui.caching); here it is only drawn:
a compact list (each item linking to its place on the map, or its source's page) and the
CHANGELOG's sections in an expander. The map's rings come from the same SinceView (ui.mapview).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from loaders import Dataset, Filters
from loaders.dates import display_date
from loaders.permalinks import SINCE_KEY, app_root, parse_since, place_link
from loaders.since import SinceItem, SinceView, read_since_sources, since_view, view_events
from ui.caching import cached
from ui.frame import View, filtered_stations, filters_key
from ui.frame import md as inert
from ui.panels import md_url

SINCE_WIDGET = "since_date"
_SINCE = "_since"  # the session's date (widget state is dropped on the pages that do not draw it)
_READ = "_since_link_read"
_NOTICE = "_since_notice"
_LINKED = "_since_in_link"  # the date the sidebar's "Link to this view" was last drawn with
EARLIEST = date(2000, 1, 1)  # the date box's lower bound: long before any event in the data
MAX_LISTED = 60  # lines per part of the list; the rest is counted ("…and 12 more")


def current_since(page_params: Sequence[str]) -> date | None:
    """The session's "since" date on a page that reads it (``page_params`` has ``since``): the
    link's on the first such run (a bad value leaves a notice for ``since_control``), then the
    reader's choice. None on the other pages."""
    if SINCE_KEY not in page_params:
        return None
    if not st.session_state.get(_READ):
        st.session_state[_READ] = True
        if SINCE_KEY in st.query_params:
            day, notice = parse_since(st.query_params.get_all(SINCE_KEY), date.today())
            st.session_state[_SINCE] = day
            if notice:
                st.session_state[_NOTICE] = notice
    return st.session_state.get(_SINCE)


def since_query(page_params: Sequence[str]) -> dict[str, str]:
    """What the page's "link to this view" adds for the "since" date: ``{"since": "2025-01-01"}``."""
    day = current_since(page_params)
    st.session_state[_LINKED] = day  # what the sidebar's link says (since_control compares)
    return {SINCE_KEY: day.isoformat()} if day else {}


def _keep() -> None:
    st.session_state[_SINCE] = st.session_state.get(SINCE_WIDGET)


def since_control() -> date | None:
    """The "Changed since" date box; keeps the date in the session and in the URL."""
    for_link = current_since((SINCE_KEY,))
    notice = st.session_state.pop(_NOTICE, None)
    if notice:  # it quotes the link's own text: shown as written, never as Markdown
        st.warning(inert(notice), icon="🔗")
    if SINCE_WIDGET not in st.session_state:
        st.session_state[SINCE_WIDGET] = for_link
    day = st.date_input(
        "Changed since",
        key=SINCE_WIDGET,
        min_value=EARLIEST,
        max_value=date.today(),
        format="YYYY-MM-DD",
        on_change=_keep,
        help="Highlight and list what happened after this date (events, status changes) and what the data "
        "learned after it (records added or corrected). Empty: off.",
    )
    day = day if isinstance(day, date) else None
    st.session_state[_SINCE] = day
    if _LINKED in st.session_state and st.session_state[_LINKED] != day:
        # Changed inside the Map page's fragment: the sidebar's "Link to this view" (drawn by the
        # whole app's run) still carries the old date; one rerun of the app brings it along.
        st.rerun(scope="app")
    if day is not None:
        if st.query_params.get(SINCE_KEY) != day.isoformat():
            st.query_params[SINCE_KEY] = day.isoformat()
    elif SINCE_KEY in st.query_params:
        del st.query_params[SINCE_KEY]
    return day


@cached
def _sources(dataset: Dataset) -> tuple[dict[str, Any], list[Any]]:
    return read_since_sources(dataset)  # the history and changelog beside the data, read once per version


def map_since(dataset: Dataset, filters: Filters, since: date) -> SinceView:
    """What changed since ``since`` among the view's stations and their events (the Map page's)."""
    return _map_since(dataset, filters_key(filters), filters, since)


@cached
def _map_since(dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, since: date) -> SinceView:
    history, changelog = _sources(dataset)
    stations = filtered_stations(dataset, dataset.checksum, key, filters)
    return since_view(dataset, history, changelog, since, stations, view_events(dataset, filters, stations))


def reactions_since(view: View, events: pd.DataFrame, since: date) -> SinceView:
    """What changed since ``since`` among the events the Reactions page lists (its own choices applied)."""
    return _reactions_since(view.dataset, filters_key(view.filters), view.filters, tuple(events["id"]), since)


@cached
def _reactions_since(
    dataset: Dataset, key: tuple[tuple[str, str], ...], filters: Filters, ids: tuple[str, ...], since: date
) -> SinceView:
    history, changelog = _sources(dataset)
    stations = filtered_stations(dataset, dataset.checksum, key, filters)
    events = dataset.events[dataset.events["id"].isin(set(ids))]
    return since_view(dataset, history, changelog, since, stations, events)


def _line(item: SinceItem, map_url: str | None, filters: Filters, since: date) -> str:
    what = inert(item.text)
    if item.place_id is not None:
        link = place_link(map_url, filters, item.place_id, since)
        what = f"[{what}]({md_url(link)})"
    elif item.url:  # loaders.since keeps http(s) links only
        what = f"[{what}]({md_url(item.url)})"
    return f"| {inert(item.day) or '—'} | {what} |"


def _table(items: Sequence[SinceItem], map_url: str | None, filters: Filters, since: date, empty: str) -> str:
    if not items:
        return empty
    rows = [_line(i, map_url, filters, since) for i in items[:MAX_LISTED]]
    more = f"\n\n…and {len(items) - MAX_LISTED} more." if len(items) > MAX_LISTED else ""
    return "| Date | What |\n|---|---|\n" + "\n".join(rows) + more


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def since_section(view: View, changes: SinceView, *, on_map_page: bool) -> None:
    """The list under the map (or on Reactions): what happened, what the data learned, the CHANGELOG."""
    map_url = st.context.url if on_map_page else app_root(st.context.url)
    since, filters = changes.since, view.filters
    with st.container(key="since_list"):
        st.subheader(changes.label)
        where = "ringed in magenta on the map" if on_map_page else "on the map"
        st.caption(
            inert(changes.summary())
            + f" Places concerned are {where}; each line links to its place"
            + (" (a source to its page)." if changes.has_history else ".")
        )
        # Compact: what happened open, the longer lists folded with their counts in their titles.
        happened = f"What happened: {_n(len(changes.happened), 'event')} dated after it, newest first"
        with st.expander(happened, expanded=True):
            st.markdown(_table(changes.happened, map_url, filters, since, "_No event dated after it._"))
        with st.expander(f"Status changes: {_n(len(changes.status_changes), 'station')}, the status then and now"):
            st.markdown(_table(changes.status_changes, map_url, filters, since, "_No status changed._"))
        if changes.learned_known:
            learned = f"What the data learned: {_n(len(changes.learned), 'record')} added, corrected or removed"
            with st.expander(learned):
                st.markdown(_table(changes.learned, map_url, filters, since, "_Nothing added or corrected._"))
        elif changes.has_history and changes.history_starts is not None:
            st.caption(
                f"The data's own history begins on {display_date(changes.history_starts.isoformat())}: what it "
                "learned before then is not recorded, so only events and statuses are compared. Pick a later "
                "date to see the records added or corrected."
            )
        else:
            st.caption(
                "This data carries no history of its records (an upload): only events and statuses are compared."
            )
        if changes.changelog:
            with st.expander(f"Data changelog since then ({_n(len(changes.changelog), 'version')})"):
                # The curators' own Markdown (data/CHANGELOG.md, in the repository): shown as written.
                st.markdown(
                    "\n\n".join(f"#### {e.day.isoformat()}\n\n{e.text}" for e in changes.changelog),
                )
