"""The Export page's image tab: the settings, the preview, the download and the alt text of a
publication image (PNG, SVG, PDF) of the view, in the export's language. Called by pages/export.py;
the drawing itself is exports.image's, cached and deferred by ui.exporting."""

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
from exports.image import check_image_options as check_image
from exports.language import alt_text_in, default_image_text, selection_text
from loaders import aggregate_places
from ui.exporting import deferred_map_image, map_preview
from ui.frame import View

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


def image_export(view: View, lang: str, prefix: str, today: date) -> ImageText:
    """The image tab's widgets and outputs for ``view`` in ``lang``; returns the image's default
    texts (the embeddable map's page title starts from them)."""
    ds, stations, as_of = view.dataset, view.stations, view.filters.as_of
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
    return defaults
