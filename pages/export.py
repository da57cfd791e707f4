"""Exports for reporting: publication images, the embeddable map, data files, the camera snapshot."""

from __future__ import annotations

from datetime import date

import streamlit as st

from exports import (
    AREA_FIT,
    AREA_VIEW,
    AREA_WORLD,
    MIME_TYPES,
    PRESETS,
    REGIONS,
    Area,
    ImageText,
    IncompleteViewError,
    area_bounds,
    custom_preset,
    describe_area,
    export_filename,
    stations_in_area,
    view_bounds,
)
from exports.filenames import filename_prefix
from exports.html import embed_id_of, embed_snippet
from exports.image import check_image_options as check_image
from exports.language import alt_text_in, default_image_text, selection_text
from loaders import aggregate_places
from ui.downloads import reactions_download, station_downloads
from ui.exporting import deferred_map_image, export_language, export_link, map_preview, standalone_html
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

PRESET_LABELS = {
    "16:9": "16:9 · 1200×675 (web, social)",
    "1:1": "1:1 · 1080×1080 (Instagram)",
    "4:5": "4:5 · 1080×1350 (portrait)",
    "a4-landscape": "A4 landscape (print)",
    "custom": "Custom size",
}
AREA_LABELS = {
    AREA_FIT: "Fit the stations shown",
    AREA_WORLD: "Whole world",
    **{r: r for r in REGIONS},
    AREA_VIEW: "The view on the Map page",
}

with image_tab:
    settings, preview = st.columns([2, 3])
    with settings:
        fmt = st.radio("Format", ["png", "svg", "pdf"], format_func=str.upper, horizontal=True, key="exp_fmt")
        preset_key = st.selectbox("Size", list(PRESET_LABELS), format_func=PRESET_LABELS.get, key="exp_preset")
        if preset_key == "custom":
            w_col, h_col = st.columns(2)
            width = w_col.number_input("Width (px)", 100, 6000, 1600, step=10, key="exp_w")
            height = h_col.number_input("Height (px)", 100, 6000, 900, step=10, key="exp_h")
            preset = custom_preset(int(width), int(height))
        else:
            preset = PRESETS[preset_key]
        scale = st.radio(
            "Scale",
            [1, 2, 3],
            index=1,
            format_func=lambda s: f"{s}×",
            horizontal=True,
            key="exp_scale",
            disabled=fmt != "png",
            help="PNG pixel density. SVG and PDF are vector: sharp at any size.",
        )
        background = st.radio(
            "Background", ["light", "dark", "transparent"], format_func=str.capitalize, horizontal=True, key="exp_bg"
        )
        area_kind = st.selectbox(
            "Area",
            list(AREA_LABELS),
            format_func=AREA_LABELS.get,
            key="exp_area",
            help="A region shows its countries' stations, framed tightly on them. “The view on the Map page” needs "
            "“Use this map view for exports” switched on there.",
        )
        area, area_problem = Area(area_kind), None
        if area_kind == AREA_VIEW:
            try:  # the Map page stores what the map reported, which is None-filled until it has drawn
                area = Area(AREA_VIEW, view_bounds(st.session_state.get("export_bounds")))
            except IncompleteViewError as exc:
                area_problem = str(exc)
        area_stations = stations_in_area(stations, area) if area_problem is None else stations.iloc[:0]
        area_places = aggregate_places(area_stations)
        selection = describe_area(view.description, area)
        selection_words = selection_text(view.filters, area, ds, lang, selection)  # in the export's language
        defaults = default_image_text(ds, area_stations, selection_words, as_of, lang)

        st.markdown("**Text burned into the image**")
        plain = st.toggle("Plain map (no text, no legend)", key="exp_plain")
        # Keyed on the default: another upload (or the way back to the bundled data) or another
        # language gives its own; a new area or filter a new subtitle (an edit stays until then).
        title = st.text_input("Title", defaults.title, key=f"exp_title:{defaults.title}", disabled=plain)
        subtitle = st.text_input("Subtitle", defaults.subtitle, key=f"exp_sub:{defaults.subtitle}", disabled=plain)
        source = st.text_input(
            "Source line", defaults.source_line, key=f"exp_source:{defaults.source_line}", disabled=plain
        )
        byline = st.text_input("Credit / byline", "", placeholder="Graphic: your name, outlet", key="exp_credit")
        t1, t2, t3, t4 = st.columns(4)
        show_legend = t1.checkbox("Legend", True, key="exp_legend", disabled=plain)
        show_labels = t2.checkbox("City names", True, key="exp_labels", disabled=plain)
        show_as_of = t3.checkbox("Data as of", True, key="exp_asof", disabled=plain)
        show_attr = t4.checkbox("Basemap credit", True, key="exp_attr", disabled=plain)

    text = (
        ImageText.plain()
        if plain
        else ImageText(
            title=title,
            subtitle=subtitle,
            source_line=source,
            data_as_of=defaults.data_as_of,
            credit=byline,
            attribution=defaults.attribution,
            show_data_as_of=show_as_of,
            show_attribution=show_attr,
        )
    )
    with preview:
        if area_problem is not None:  # say what to do; the other tabs still render
            st.warning(area_problem, icon=":material/pan_tool:")
            st.page_link("pages/map.py", label="Open the Map page", icon=":material/map:")
        else:
            options = {
                "preset": preset,
                "background": background,
                "bounds": area_bounds(area, area_places),
                "text": text,
                "show_legend": show_legend and not plain,
                "labels": show_labels and not plain,
                "lang": lang,
            }
            area_ids = tuple(sorted(area_stations["id"]))
            final = {**options, "fmt": fmt, "scale": scale if fmt == "png" else 1}
            try:
                check_image(**final)  # a size or area it cannot make: said now, not when pressed
                with st.spinner("Rendering the preview…"):
                    png_preview = map_preview(ds, area_ids, as_of, **options)
                st.image(png_preview, caption="Preview (1×)", width="stretch")
            except ValueError as exc:  # bad size or area: say which, keep the page
                st.error(f"This image cannot be made: {exc}")
            else:
                # Drawn when pressed (on its own thread, within its own budget), not on every rerun.
                st.download_button(
                    f"Download {fmt.upper()}",
                    deferred_map_image(ds, area_ids, as_of, **final),
                    file_name=export_filename(
                        view.filters, fmt, today, area, area_stations["country_code"], prefix=prefix, lang=lang
                    ),
                    mime=MIME_TYPES[fmt],
                    type="primary",
                    width="stretch",
                    key="exp_download_image",
                )
            st.markdown("**Alt text** (for the image's description field)")
            st.code(alt_text_in(area_stations, area_places, selection_words, lang), language=None, wrap_lines=True)

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
