"""Governments' reactions (and China's statements) on a timeline and per country."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from loaders import filter_events
from loaders.countries import country_name
from maps.safe import safe_url
from ui.downloads import reactions_download
from ui.frame import current_view
from ui.panels import md, source_link

view = current_view()
ds = view.dataset
ids = set(view.stations["id"])
events = filter_events(ds, view.filters, view.stations)

st.title("Reactions")
st.caption(
    f"{len(events)} dated reactions and statements concerning the {len(ids)} stations shown ({view.description}), "
    "or countries where none was found. An event that concerns several stations appears once."
)
if events.empty:
    st.info("No reactions concern the stations in this selection.")
else:
    events = events.assign(
        country=[country_name(c) if isinstance(c, str) else "International" for c in events["actor_country"]],
        when=pd.to_datetime(events["start"]),
        link=[safe_url(ds.sources.loc[s[0], "url"]) for s in events["sources"]],
    )
    chart = (
        alt.Chart(events)
        .mark_circle(size=110, opacity=0.85, stroke="#333", strokeWidth=0.5)
        .encode(
            x=alt.X("when:T", title="Date (start of the period the source gives)"),
            y=alt.Y("country:N", title=None, sort="-x"),
            color=alt.Color("type_label:N", title="Event", scale=alt.Scale(scheme="tableau10")),
            tooltip=["date:N", "country:N", "actor:N", "type_label:N", "summary:N"],
            href="link:N",
        )
        .properties(height=max(260, 22 * events["country"].nunique()))
    )
    st.altair_chart(chart, width="stretch")

    st.subheader("By country")
    st.caption("For one country's whole story (stations, actions in order, China's statements, disagreements):")
    st.page_link("pages/country.py", label="Country at a glance", icon=":material/flag:")
    for country, group in events.sort_values(["country", "start"]).groupby("country", sort=True):
        with st.expander(f"{country} ({len(group)})"):
            st.markdown(
                "\n".join(
                    f"- {md(e.date)} · _{md(e.type_label)}_ · {md(e.actor)}: {md(e.summary)} "
                    + " ".join(source_link(view, s) for s in e.sources)
                    for e in group.itertuples()
                )
            )

    reactions_download(view, events)
