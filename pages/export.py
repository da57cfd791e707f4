"""Exports for reporting: publication images, the embeddable map, data files, the camera snapshot."""

from __future__ import annotations

from datetime import date

import streamlit as st

from exports import (
    AREA_FIT,
    MIME_TYPES,
    Area,
    export_filename,
)
from exports.filenames import filename_prefix
from exports.html import embed_id_of, embed_snippet
from exports.language import selection_text
from ui.downloads import reactions_download, station_downloads
from ui.export_image import image_export
from ui.exporting import export_language, export_link, standalone_html
from ui.frame import current_view, filters_key, md
from ui.mapview import places_of

view = current_view()
ds, stations = view.dataset, view.stations
credit = ds.credit  # who the data comes from: the title and source line default to it
prefix = filename_prefix(credit)
ids = tuple(sorted(stations["id"]))
as_of = view.filters.as_of
places = places_of(ds, ds.checksum, filters_key(view.filters), view.filters)  # cached per data version and filters
today = date.today()

st.title("Export")
st.caption(
    f"Everything here is made from the current filters ({view.description}): {len(stations)} stations, "
    f"{len(places)} places on the map. Rendered on this server, with no network."
)

lang = export_language()
link = export_link(view.filters, lang)
st.caption(f"Link to this export (filters and language): [{md(link)}]({link.replace(')', '%29').replace(' ', '%20')})")

image_tab, html_tab, data_tab, snapshot_tab = st.tabs(
    ["Image (PNG, SVG, PDF)", "Embeddable map (HTML)", "Data (CSV, GeoJSON)", "Snapshot of the map"]
)

with image_tab:
    defaults = image_export(view, lang, prefix, today)

with html_tab:
    st.markdown(
        "One HTML file of the filtered map that opens from disk or any static host with no server and no "
        "network: Leaflet, the outlines, the place names, the popups with their source links and quotes, and "
        "the filtered data are inside it. Embed it (code below once built) or attach it to the story's archive."
    )
    page_title = f"{defaults.title}: {selection_text(view.filters, Area(AREA_FIT), ds, lang, view.description)}"
    html_title = st.text_input("Page title", page_title, key=f"exp_html_title:{page_title}")
    if st.button("Build the embeddable map", key="exp_html_build"):
        with st.spinner("Inlining the map's assets…"):
            st.session_state["exp_html"] = (lang, standalone_html(ds, ds.checksum, ids, as_of, html_title, lang))
    built_lang, built = st.session_state.get("exp_html") or (None, b"")
    if built and built_lang == lang:  # one built in another language is built again in this one
        html_name = export_filename(view.filters, "html", today, prefix=prefix, lang=lang)
        st.download_button(
            f"Download HTML ({len(built) / 1024:,.0f} KiB)",
            built,
            file_name=html_name,
            mime=MIME_TYPES["html"],
            key="exp_download_html",
        )
        st.markdown(
            "**Embed code.** Put the file on the story's server or any static host, then paste this where the "
            "map goes: the frame takes the height the map reports (as Datawrapper and pym.js embeds do), so it "
            "fits the column on a phone too. Add `?plain` to the file's address for the map without legend, "
            "source line and data link. The file carries its own data: readers get the CSV from its "
            "“Get the data” link."
        )
        st.code(embed_snippet(html_name, html_title, embed_id_of(built)), language="html", wrap_lines=True)

with data_tab:
    st.markdown(
        "The filtered stations and the reactions concerning them. The CSV opens as it is in pandas and "
        "spreadsheets (header on the first line); the zip adds README.txt with the citation and the data "
        "version, so a published figure can be traced back to the exact data; the GeoJSON carries them inside."
    )
    station_downloads(view)
    reactions_download(view)

with snapshot_tab:
    st.markdown(
        "The map itself has a **camera button** (top left, under the zoom buttons): it downloads a PNG of "
        "exactly what the map shows at that moment, markers, outlines and legend included. It works offline."
    )
