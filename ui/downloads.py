"""Download buttons for the filtered data (CSV and GeoJSON carry a citation line and the data version)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from exports import export_filename, reactions_csv, stations_csv, stations_geojson
from loaders import filter_events
from ui.frame import View


def station_downloads(view: View) -> None:
    today = date.today()
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download CSV",
        stations_csv(view.dataset, view.stations),
        file_name=export_filename(view.filters, "csv", today),
        mime="text/csv",
        width="stretch",
    )
    c2.download_button(
        "Download GeoJSON",
        stations_geojson(view.dataset, view.stations),
        file_name=export_filename(view.filters, "geojson", today),
        mime="application/geo+json",
        width="stretch",
    )


def reactions_download(view: View, events: pd.DataFrame | None = None) -> None:
    """The reactions concerning the view's stations (``loaders.filter_events`` unless given)."""
    if events is None:
        events = filter_events(view.dataset, view.filters, view.stations)
    st.download_button(
        "Download reactions (CSV)",
        reactions_csv(view.dataset, events),
        file_name=export_filename(view.filters, "csv", date.today()).replace(
            "overseas-stations", "overseas-stations-reactions"
        ),
        mime="text/csv",
    )
