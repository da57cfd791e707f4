"""Governments' reactions (and China's statements) on a timeline and per country."""

from __future__ import annotations

import altair as alt
import streamlit as st

from loaders.vocab import ACTOR_KINDS, EVENT_TYPES
from ui.downloads import reactions_download
from ui.frame import current_view
from ui.reactions import reactions_by_country, reactions_chart_rows, reactions_of
from ui.since import reactions_since, since_control, since_section

view = current_view()
ds = view.dataset
ids = set(view.stations["id"])
events = reactions_of(ds, view.filters)

st.title("Reactions")
kinds = st.multiselect(
    "Who acted",
    list(ACTOR_KINDS),
    format_func=lambda k: ACTOR_KINDS[k][0],
    key="reactions_actor_kind",
    placeholder="Everyone: host authorities, China, the press, NGOs, legislators, the operators",
    help="A press investigation or one legislator's letter is not the host government's reaction: "
    "choose the kinds of actor to show.",
)
if kinds:
    events = reactions_of(ds, view.filters, tuple(kinds))
types = st.multiselect(
    "What happened",
    [t for t in EVENT_TYPES if t in set(events["type"])],
    format_func=lambda t: EVENT_TYPES[t][0],
    key="reactions_event_type",
    placeholder="Any event: arrests, expulsions, charges, verdicts, statements…",
)
if types:
    events = reactions_of(ds, view.filters, tuple(kinds), tuple(types))
since = since_control()  # "Changed since <date>": listed first (ui.since)
if since is not None:
    since_section(view, reactions_since(view, events, since), on_map_page=False)
st.caption(
    f"{len(events)} dated reactions and statements concerning the {len(ids)} stations shown ({view.description}), "
    "or countries where none was found. An event that concerns several stations appears once. "
    "A date known only to a month or a year is drawn as a bar across that period."
)
if events.empty:
    st.info("No reactions concern the stations in this selection.")
else:
    data = reactions_chart_rows(ds, view.filters, tuple(kinds), tuple(types))  # cached per filters and choices
    tooltip = [
        alt.Tooltip("date_shown:N", title="Date"),
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("actor_kind_label:N", title="Who"),
        alt.Tooltip("type_label:N", title="Event"),
        alt.Tooltip("summary:N", title="Summary"),
    ]
    y = alt.Y("country:N", title=None, sort="-x")
    colour = alt.Color("type_label:N", title="Event", scale=alt.Scale(scheme="tableau10"))
    spans = (
        alt.Chart(data[data["precision"] != "day"])
        .mark_bar(height=8, opacity=0.45)
        .encode(x="when:T", x2="until:T", y=y, color=colour, tooltip=tooltip, href="link:N")
    )
    points = (
        alt.Chart(data[data["precision"] == "day"])
        .mark_circle(size=110, opacity=0.85, stroke="#333", strokeWidth=0.5)
        .encode(x=alt.X("when:T", title="Date"), y=y, color=colour, tooltip=tooltip, href="link:N")
    )
    chart = (points + spans).properties(height=max(260, 22 * data["country"].nunique()))
    st.altair_chart(chart, width="stretch")

    st.subheader("By country")
    st.caption("Open a country for each event's sources (kind, date accessed) and the verbatim quote behind it.")
    st.page_link("pages/country.py", label="One country's whole story: Country at a glance")
    for country, count, lines in reactions_by_country(ds, view.filters, tuple(kinds), tuple(types)):
        with st.expander(f"{country} ({count})"):
            st.markdown(lines)

    reactions_download(view, events)
