"""Sidebar filters, kept in the URL so that a shared link reproduces the view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from exports.framing import ALL_STATIONS
from loaders import BUREAUS, NO_REPORT, STATUS_BY_KEY, STATUSES, Dataset, Filters
from loaders.filters import QUERY_KEYS, as_of_bounds, filters_from_query, filters_to_query, view_link
from ui.caching import cached
from ui.frame import md
from ui.since import since_query

_KEYS = {name: f"filter_{name}" for name in QUERY_KEYS}
AS_OF_KEY = _KEYS["as_of"]  # the sidebar's date box: where the as-of date lives (and the URL mirrors it)
_INITIALISED = "_filters_initialised"
_REQUESTS = "_filter_requests"  # filter name -> value for the next run, asked for after the sidebar was drawn


def request_filter(name: str, value: object) -> None:
    """Ask for filter ``name`` (a field of Filters) to be ``value`` from the next run on.

    Streamlit refuses a write to a widget's key once that widget is drawn in the run: the time
    slider's Play steps (a fragment) and the search box's bureau pick come after the sidebar. So
    they leave the value here and rerun the app; ``sidebar_filters`` applies it before it draws
    the filters, so the filter (and the URL) stays the one place the value lives.
    """
    st.session_state.setdefault(_REQUESTS, {})[name] = value


def request_as_of(day: date | None) -> None:
    """Ask for ``day`` (None: latest) as the as-of date from the next run on (request_filter)."""
    request_filter("as_of", day)


def _apply_requests() -> None:
    for name, value in st.session_state.pop(_REQUESTS, {}).items():
        st.session_state[_KEYS[name]] = value if name == "as_of" else list(value)  # type: ignore[call-overload]


def _initialise_from_url(dataset: Dataset, page_params: tuple[str, ...]) -> None:
    """Take the filters from the query parameters on a session's first run, and check them
    again whenever the dataset changes (an upload, or the data files edited on the server):
    a value the new data does not have is dropped with a notice, never a crash."""
    seen = st.session_state.get(_INITIALISED)
    if seen == dataset.checksum:
        return
    if seen is None:
        query: dict[str, str | list[str]] = {k: st.query_params.get_all(k) for k in st.query_params}
    else:
        query = dict(filters_to_query(_filters_in_state()))
    filters, warnings = filters_from_query(query, dataset, page_params=page_params)
    for name, key in _KEYS.items():
        if seen is None and QUERY_KEYS[name] not in query:
            # Not in the link: the widget takes the value the browser sent with this first run, if
            # any (a reader whose session was lost with its server, e.g. a replica that died, and
            # whose next click, a page switch, sends no query string), else its default.
            continue
        value = getattr(filters, name)
        st.session_state[key] = value if name == "as_of" else list(value)
    st.session_state["_filter_warnings"] = warnings
    st.session_state[_INITIALISED] = dataset.checksum


def _filters_in_state() -> Filters:
    state = st.session_state
    return Filters(
        countries=tuple(state.get(_KEYS["countries"]) or ()),
        statuses=tuple(state.get(_KEYS["statuses"]) or ()),
        bureaus=tuple(state.get(_KEYS["bureaus"]) or ()),
        reports=tuple(state.get(_KEYS["reports"]) or ()),
        as_of=state.get(_KEYS["as_of"]),
    )


def choose_countries(codes: list[str]) -> None:
    """Filter on ``codes`` from a widget's callback (before the sidebar is drawn again)."""
    st.session_state[_KEYS["countries"]] = list(codes)


def _reset() -> None:
    for name, key in _KEYS.items():
        st.session_state[key] = None if name == "as_of" else []


def sidebar_filters(dataset: Dataset, page_params: tuple[str, ...] = ()) -> Filters:
    """Draw the filters in the sidebar; return them and mirror them into the URL. ``page_params``:
    the page's own link parameters (ui.navigation), which are not called unknown."""
    _initialise_from_url(dataset, page_params)
    _apply_requests()
    countries, country_labels, report_labels, (first_event, today) = _options(dataset, date.today())
    with st.sidebar:
        st.header("Filters")
        for warning in st.session_state.pop("_filter_warnings", []):
            st.warning(md(warning))  # it quotes the link's own text: shown as written, never as Markdown
        st.multiselect(
            "Country",
            countries,
            key=_KEYS["countries"],
            format_func=country_labels.__getitem__,
            placeholder="All countries",
        )
        st.multiselect(
            "Status",
            [s.key for s in STATUSES],
            key=_KEYS["statuses"],
            format_func=lambda k: STATUS_BY_KEY[k].label,
            placeholder="Any status",
            help="The furthest step a station's dated events have reached. Definitions: About & method.",
        )
        st.multiselect("Bureau", list(BUREAUS), key=_KEYS["bureaus"], placeholder="Any bureau")
        st.multiselect(
            "First listed in",
            list(report_labels),
            key=_KEYS["reports"],
            format_func=report_labels.__getitem__,
            placeholder="Any report",
            help="The report that first listed a station. “Patrol and Persuade” (at least 102) counts the 54 of "
            "“110 Overseas”; here it stands for the stations it added.",
        )
        st.date_input(
            "As of",
            value=None,  # empty means the latest, also on a run that follows st.switch_page (not "today")
            key=_KEYS["as_of"],
            min_value=first_event,
            max_value=today,
            format="YYYY-MM-DD",
            help="Show what was public on that date: stations reported by then, status as of then. Empty: latest.",
        )
        st.button("Reset filters", on_click=_reset, width="stretch")
    filters = _filters_in_state()
    with st.sidebar:
        # A plain link rather than st.code: the code block's highlighter is a 1.5 MB script that every
        # reader would load before the map (bench/README.md).
        link = view_link(filters, st.context.url, since_query(page_params))
        st.caption(f"Link to this view (filters and page): [{link}]({link.replace(')', '%29').replace(' ', '%20')})")
    query = filters_to_query(filters)
    # Compared with every value of a key, so that a repeated key (?country=NL&country=NL) is rewritten once.
    if {k: st.query_params.get_all(k) for k in QUERY_KEYS.values() if k in st.query_params} != {
        k: [v] for k, v in query.items()
    }:
        for key in QUERY_KEYS.values():
            if key in st.query_params and key not in query:
                del st.query_params[key]
        st.query_params.update(query)
    return filters


@cached
def _options(dataset: Dataset, today: date) -> tuple[list[str], dict[str, str], dict[str, str], tuple[date, date]]:
    """The filters' choices and labels and the date box's range, once per data version and day
    (every run of every page draws the sidebar)."""
    stations = dataset.stations
    counts = stations["country_code"].value_counts()
    names = dict(zip(stations["country_code"], stations["country"], strict=False))
    countries = sorted((c for c in counts.index if isinstance(c, str)), key=lambda c: names.get(c) or c)
    country_labels = {c: f"{names.get(c) or c} ({counts[c]})" for c in countries}
    reports = dataset.reports
    report_labels = {r: f"{reports.loc[r, 'title']} ({reports.loc[r, 'published']})" for r in reports["id"]}
    report_labels[NO_REPORT] = "Not in a report (named by governments or press)"
    return countries, country_labels, report_labels, as_of_bounds(dataset, today)


def describe_filters(filters: Filters, dataset: Dataset) -> str:
    """Plain words for the active filters, for headings, alt text and exports."""
    if filters.is_default:
        return ALL_STATIONS
    names = dict(zip(dataset.stations["country_code"], dataset.stations["country"], strict=False))
    parts = []
    if filters.countries:
        parts.append(", ".join(names.get(c) or c for c in filters.countries))
    if filters.statuses:
        parts.append("status: " + ", ".join(STATUS_BY_KEY[s].label for s in filters.statuses))
    if filters.bureaus:
        parts.append("bureau: " + ", ".join(filters.bureaus))
    if filters.reports:
        parts.append(
            "report: "
            + ", ".join(
                "not in a report" if r == NO_REPORT else str(dataset.reports.loc[r, "title"]) for r in filters.reports
            )
        )
    if filters.as_of:
        parts.append(f"as of {filters.as_of.isoformat()}")
    return "; ".join(parts)
