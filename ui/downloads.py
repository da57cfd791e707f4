"""Download buttons for the filtered data.

The CSV has its header on the first line and nothing else (it opens anywhere); the zip adds a
README.txt with the citation and data version, and the reactions when asked for; the GeoJSON
carries the citation in its top-level properties.

Each file is built only when its button is pressed (Streamlit runs the button's callable on its
own thread: a page's rerun never waits for it; 100 000 stations take ~45 s a file) and kept per
data version, filters and options (ui.caching: for every session with the server's data, for this
session only with an upload).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
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
from exports.filenames import filename_prefix
from loaders import filter_events, view_link
from ui.caching import dataset_key, store_for
from ui.frame import View, filters_key


def deferred(view: View, what: Hashable, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """``build`` as a download button's data: run when the button is pressed (on Streamlit's own
    thread, so the store is looked up now, in the script's thread), and kept per data version,
    filters and ``what`` (the file and its options)."""
    store = store_for(view.dataset)
    key = ("download", dataset_key(view.dataset), filters_key(view.filters), what)
    return lambda: store.get_or_compute(key, build)


def view_citation(view: View, today: date | None = None) -> str:
    """The citation of this view: the app's link reproducing the filters, the data version, today."""
    return citation_text(view.dataset, view_link(view.filters, st.context.url), today or date.today())


def station_downloads(view: View, key: str = "dl") -> None:
    """CSV, CSV + README (zip) and GeoJSON of the view's stations; ``key`` keeps two pages' widgets apart."""
    today = date.today()
    name = export_filename(view.filters, "csv", today, prefix=filename_prefix(view.dataset.credit))
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
    dataset, stations, description = view.dataset, view.stations, view.description
    filters = view.filters

    def bundle() -> bytes:
        events = filter_events(dataset, filters, stations) if with_reactions else None
        return csv_bundle(
            dataset,
            stations,
            citation=citation,
            base_name=name.removesuffix(".csv"),
            events_df=events,
            selection=description,
            bom=bom,
        )

    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Download CSV",
        deferred(view, ("csv", bom), lambda: stations_csv(dataset, stations, bom=bom)),
        file_name=name,
        mime=MIME_TYPES["csv"],
        width="stretch",
        key=f"{key}_csv",
        help="Header on the first line; the citation is in the zip's README.txt.",
    )
    c2.download_button(
        "Download CSV + reactions + citation (zip)" if with_reactions else "Download CSV + citation (zip)",
        deferred(view, ("zip", bom, with_reactions, citation, name), bundle),
        file_name=name.removesuffix(".csv") + ".zip",
        mime=MIME_TYPES["zip"],
        width="stretch",
        key=f"{key}_zip",
        help="The CSV, README.txt with how to cite it, the data version and what each column means"
        + (", and the reactions CSV." if with_reactions else "."),
    )
    c3.download_button(
        "Download GeoJSON",
        deferred(
            view,
            ("geojson", citation),
            lambda: stations_geojson(dataset, stations, selection=description, citation=citation),
        ),
        file_name=export_filename(view.filters, "geojson", today, prefix=filename_prefix(view.dataset.credit)),
        mime=MIME_TYPES["geojson"],
        width="stretch",
        key=f"{key}_geojson",
        help="The citation and data version are in the collection's top-level properties.",
    )


def reactions_download(view: View, events: pd.DataFrame | None = None, key: str = "dl") -> None:
    """The reactions concerning the view's stations (``loaders.filter_events`` unless given)."""
    dataset, filters, stations = view.dataset, view.filters, view.stations
    bom = st.session_state.get(f"{key}_bom", True)
    given = events

    def build() -> bytes:
        chosen = given if given is not None else filter_events(dataset, filters, stations)
        return reactions_csv(dataset, chosen, bom=bom)

    what = ("reactions", bom, None if given is None else tuple(given["id"]))
    st.download_button(
        "Download reactions (CSV)",
        deferred(view, what, build),
        file_name=export_filename(
            view.filters, "csv", date.today(), prefix=filename_prefix(view.dataset.credit) + "-reactions"
        ),
        mime=MIME_TYPES["csv"],
        key=f"{key}_reactions_csv",
    )
