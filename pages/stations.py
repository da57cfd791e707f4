"""The filtered stations as a table, with downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.dates import display_date
from loaders.evidence import quotes_summary
from ui.downloads import station_downloads
from ui.frame import current_view
from ui.panels import quote_lines, source_link
from ui.sources import MAIN_SOURCE_COLUMN, main_sources

view = current_view()
ds, stations = view.dataset, view.stations

st.title("Stations")
st.caption(f"{len(stations)} of {len(ds.stations)} stations · {view.description}.")

query = st.text_input("Search", placeholder="City, country, bureau, id or note…", key="stations_search")
table = pd.DataFrame(
    {
        "id": stations["id"],
        "City": stations["city"],
        "Country": stations["country"],
        "Placed at": stations["location_precision"],
        "Bureau": stations["bureau"],
        "Status": stations["status_label"],
        "Since": [display_date(d) for d in stations["status_since"]],
        "Reports": ["; ".join(ds.reports.loc[r, "title"] for r in reps) for reps in stations["reports"]],
        "Named by": stations["origin"],
        **main_sources(ds, stations["sources"]),
        "Quotes": [quotes_summary(e) for e in stations["evidence"]],
        "Sources": [len(s) for s in stations["sources"]],
        "Note": stations["note"],
    }
)
if query:
    needle = query.casefold()
    table = table[table.astype(str).apply(lambda col: col.str.casefold().str.contains(needle, regex=False)).any(axis=1)]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=520,
    column_config={
        "Main source": MAIN_SOURCE_COLUMN,
        "Sources": st.column_config.NumberColumn("Sources", help="Sources that list or place the station"),
        "Quotes": st.column_config.TextColumn(
            "Quotes",
            help="The verbatim quote behind the placement, the bureau and the listing (click a cell to read it all)",
            width="large",
        ),
    },
)

with st.expander("Every source and quote of one station"):
    chosen = st.selectbox("Station", list(stations["id"]), index=None, key="stations_sources_of")
    if chosen:
        row = stations[stations["id"] == chosen].iloc[0]
        st.markdown("\n".join(f"- {source_link(view, sid, detail=True)}" for sid in row["sources"]))
        st.markdown(quote_lines(view, row["evidence"], indent=""))

if len(view.filters.countries) == 1:
    code = view.filters.countries[0]
    st.page_link(
        "pages/country.py",
        label=f"{stations['country'].iloc[0] if len(stations) else code} at a glance: actions, statements, sources",
        icon=":material/flag:",
    )
st.subheader("Download")
station_downloads(view, key="stations_dl")
