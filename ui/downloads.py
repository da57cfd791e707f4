"""Download buttons for the filtered data.

The CSV has its header on the first line and nothing else (it opens anywhere); the zip adds a
README.txt with the citation and data version, and the reactions when asked for; the GeoJSON
carries the citation in its top-level properties.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from exports import (
    MIME_TYPES,
    citation_text,
    csv_bundle,
    export_filename,
    reactions_csv,
    stations_csv,
    stations_geojson,
)
from loaders import filter_events, view_link
from ui.frame import View


def view_citation(view: View, today: date | None = None) -> str:
    """The citation of this view: the app's link reproducing the filters, the data version, today."""
    return citation_text(view.dataset, view_link(view.filters, st.context.url), today or date.today())


def station_downloads(view: View, key: str = "dl") -> None:
    """CSV, CSV + README (zip) and GeoJSON of the view's stations; ``key`` keeps two pages' widgets apart."""
    today = date.today()
    name = export_filename(view.filters, "csv", today)
    o1, o2 = st.columns(2)
    bom = o1.toggle(
        "For spreadsheets (UTF-8 with BOM)",
        True,
        key=f"{key}_bom",
        help="Excel needs the byte-order mark to show accents and curly quotes rightly; pandas and R skip it. "
        "Switch off for plain UTF-8.",
    )
    with_reactions = o2.toggle(
        "Include the reactions (in the zip)", False, key=f"{key}_reactions", help="Governments', courts' and "
        "China's statements concerning these stations, as a second CSV beside the stations.",
    )  # fmt: skip
    citation = view_citation(view, today)
    events = filter_events(view.dataset, view.filters, view.stations) if with_reactions else None
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Download CSV",
        stations_csv(view.dataset, view.stations, bom=bom),
        file_name=name,
        mime=MIME_TYPES["csv"],
        width="stretch",
        key=f"{key}_csv",
        help="Header on the first line; the citation is in the zip's README.txt.",
    )
    c2.download_button(
        "Download CSV + reactions + citation (zip)" if with_reactions else "Download CSV + citation (zip)",
        csv_bundle(
            view.dataset,
            view.stations,
            citation=citation,
            base_name=name.removesuffix(".csv"),
            events_df=events,
            selection=view.description,
            bom=bom,
        ),
        file_name=name.removesuffix(".csv") + ".zip",
        mime=MIME_TYPES["zip"],
        width="stretch",
        key=f"{key}_zip",
        help="The CSV, README.txt with how to cite it, the data version and what each column means"
        + (", and the reactions CSV." if with_reactions else "."),
    )
    c3.download_button(
        "Download GeoJSON",
        stations_geojson(view.dataset, view.stations, selection=view.description, citation=citation),
        file_name=export_filename(view.filters, "geojson", today),
        mime=MIME_TYPES["geojson"],
        width="stretch",
        key=f"{key}_geojson",
        help="The citation and data version are in the collection's top-level properties.",
    )


def reactions_download(view: View, events: pd.DataFrame | None = None, key: str = "dl") -> None:
    """The reactions concerning the view's stations (``loaders.filter_events`` unless given)."""
    if events is None:
        events = filter_events(view.dataset, view.filters, view.stations)
    st.download_button(
        "Download reactions (CSV)",
        reactions_csv(view.dataset, events, bom=st.session_state.get(f"{key}_bom", True)),
        file_name=export_filename(view.filters, "csv", date.today()).replace(
            "overseas-stations", "overseas-stations-reactions"
        ),
        mime=MIME_TYPES["csv"],
        key=f"{key}_reactions_csv",
    )
