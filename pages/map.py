"""Home: the map of reported stations, one marker per city."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from exports.framing import IncompleteViewError, view_bounds
from loaders import STATUSES
from loaders.permalinks import PLACE_KEYS, link_target
from maps.build import TILE_CHOICES, TILE_LABELS
from maps.opening import frame_map
from ui.frame import View, current_view, filters_key, lazy_expander
from ui.frame import md as inert
from ui.mapview import (
    MapFigures,
    after_the_map,
    base_map_for,
    map_figures,
    places_of,
    places_table,
    skip_map_link,
    station_layer,
)
from ui.panels import place_panel
from ui.search import search_box
from ui.since import map_since, since_control, since_section
from ui.timeslider import time_slider

MAX_LISTED = 200  # unplaced stations listed under the map; the Stations page has them all
MAP_KEY = "station_map"
_LINK = "_map_link_target"  # (filters it was opened with, place id, view) from the session's first run
_FRAME = "_map_frame"  # the maps.opening.MapFrame of the last drawing
# Tall enough to read a region, short enough that title, time controls and map fit a 1440x900 screen.
MAP_HEIGHT_PX = 560
_BEFORE_FIT = ((20.0, 10.0), 1)
# On this page the map is what a reader came for: a smaller title and less space above it, so that on a
# 1440x900 screen the whole map is on the first screen; the figures beside it in smaller type.
_PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem !important; padding-bottom: 0.25rem !important; }
.st-key-map_figures [data-testid="stMetricValue"] { font-size: 1.35rem !important; }
</style>"""  # where the map stands for the instant before the layer fits its frame


@st.fragment
def map_and_figures(view: View, places: gpd.GeoDataFrame, figures_of: MapFigures) -> None:
    """The map, its controls and figures, and a clicked place's panel: a click, a search, another
    basemap or "use this view" reruns only this (a filter or the time slider reruns the app)."""
    ds = view.dataset
    left, right = st.columns([3, 1])
    with right:
        # The figures beside the map, not above it: on a 1440x900 screen the whole map is on the first
        # screen, and on a phone (columns stack) the map comes before them.
        figures = st.container(key="map_figures")
        c1, c2 = figures.columns(2)
        c1.metric("Stations shown", figures_of.stations)
        c2.metric("Cities", figures_of.cities)
        c3, c4 = figures.columns(2)
        c3.metric("Countries", figures_of.countries)
        c4.metric("Not on the map", figures_of.unplaced, help="Counted by a report, placed by no public source.")
        tiles = st.selectbox(
            "Basemap",
            list(TILE_CHOICES),
            format_func=lambda t: TILE_LABELS[t],
            key="basemap",
            help="The outline map is bundled and works offline; online tiles load from their providers.",
        )
        jump = search_box(ds, places, filters_key(view.filters))
        since = since_control()  # "Changed since <date>": rings on the map, a list under it (ui.since)
        track = st.toggle(
            "Use this map view for exports",
            key="track_bounds",
            help="Sends the visible area to the Export page. The page then reruns on every pan and zoom.",
        )
        # One plain Markdown list (the map's legend carries the colours): raw HTML here would make every
        # reader load an HTML parser before the map.
        st.markdown(figures_of.status_list, help="\n\n".join(f"**{s.label}**: {s.definition}" for s in STATUSES))

    # A shared link's place, station or map position applies until the reader changes the filters or clicks.
    link = st.session_state.get(_LINK)
    if link is None:
        query = {k: st.query_params.get_all(k) for k in PLACE_KEYS if k in st.query_params}
        target = link_target(query, places, ds.stations)
        for notice in target.notices:  # they quote the link's own text: shown as written, never as Markdown
            st.info(inert(notice), icon="🔗")
        opened = places["place_id"].iloc[target.place_index] if target.place_index is not None else None
        link = st.session_state[_LINK] = (filters_key(view.filters), opened, target.view)
    link_filters, link_place, _ = link
    clicked = (st.session_state.get(MAP_KEY) or st.session_state.get(MAP_KEY + "_view") or {}).get(
        "last_object_clicked"
    )
    if link_filters != filters_key(view.filters) or clicked:
        link_place = None
        st.session_state[_LINK] = (None, None, None)

    # Which part of the world the map shows (maps.opening): fitted in the browser to the map's real size.
    frame_key = (ds.checksum, filters_key(replace(view.filters, as_of=None)), jump.key if jump is not None else None)
    frame = frame_map(
        places,
        frame_key,
        view.filters.as_of,
        previous=st.session_state.get(_FRAME),
        link_place=link[1],
        link_view=link[2],
        pick=jump.place_ids if jump is not None else None,
    )
    st.session_state[_FRAME] = frame
    open_id = link_place or (frame.open_place if jump is not None else None)
    open_index = next((i for i, pid in enumerate(places["place_id"]) if pid == open_id), None)
    center, zoom = frame.view or (None, None)

    with left:
        returned = ["last_object_clicked"] + (["bounds"] if track else [])
        skip_map_link()
        state = st_folium(
            # The base map opens still (a fitted world would be animating when the layer fits its frame).
            base_map_for(ds, tiles, frame.view or _BEFORE_FIT),
            feature_group_to_add=station_layer(
                ds, view.filters, open_index, fit=frame.fit, fit_max_zoom=frame.max_zoom, since=since
            ),
            returned_objects=returned,
            # st_folium keeps the values it reports from its first drawing: a new key when "use this view"
            # is switched gives a map that reports its bounds (issue 10's view export).
            key=MAP_KEY + ("_view" if track else ""),
            height=MAP_HEIGHT_PX,
            use_container_width=True,
            center=center,
            zoom=zoom,
        )
        after_the_map()
        st.caption("Click a marker for its stations, reactions and sources; the details also appear below the map.")
        if since is not None:
            since_section(view, map_since(ds, view.filters, since), on_map_page=True)

    if track and state:
        # Only a complete view: before the map has drawn once st_folium reports None for every edge.
        with contextlib.suppress(IncompleteViewError):
            st.session_state["export_bounds"] = view_bounds(state.get("bounds"))

    clicked = (state or {}).get("last_object_clicked")
    if clicked and not places.empty:
        # The browser has the coordinates rounded (maps.payload.COORD_DECIMALS): take the nearest place.
        distance = (places.geometry.y - clicked["lat"]).abs() + (places.geometry.x - clicked["lng"]).abs()
        if distance.min() < 1e-3:
            place_panel(view, places.loc[distance.idxmin()])
    elif open_index is not None:
        place_panel(view, places.iloc[open_index])


view = current_view()
ds, stations = view.dataset, view.stations
places = places_of(ds, ds.checksum, filters_key(view.filters), view.filters)
figures_of = map_figures(ds, view.filters, MAX_LISTED)  # once per data version and filters

st.html(_PAGE_CSS)
if ds.credit.bundled:
    st.title("Chinese “overseas police service stations”, as reported")
    st.caption(
        "Sites that Safeguard Defenders reported were run abroad by Chinese public security bureaus, and what host "
        "governments, courts and China said about them. Showing: " + view.description + "."
    )
else:  # an upload is named and credited as its uploader says (issue 19), shown as written
    st.title(inert(ds.credit.title))
    st.caption(inert(f"{ds.credit.source_line}. {ds.credit.compiled_by}.") + " Showing: " + view.description + ".")

# Outside the map's fragment: a step or Play changes the sidebar's date, so it reruns the app.
time_slider(ds)
map_and_figures(view, places, figures_of)

if len(view.filters.countries) == 1:  # one country's whole story is a click away
    code = view.filters.countries[0]
    name = stations["country"].iloc[0] if len(stations) else code
    st.page_link("pages/country.py", label=f"{name} at a glance: its stations, actions and statements")

# The two lists under the map are written only once opened (opening reruns the page): a long Markdown
# table is the browser's largest piece of work on this page, on every visit and every filter change
# (bench/README.md, issue 17). Once opened, a list stays open, in step with the filters.
table = lazy_expander(f"The {len(places)} places on the map, as a table", key="places_table")
if table.open:
    # The map's text alternative, in step with the filters, in the map's reading order.
    table.markdown(places_table(ds, ds.checksum, filters_key(view.filters), view.filters, MAX_LISTED))

if figures_of.unplaced:
    label = f"{figures_of.unplaced} stations counted by the reports but placed by no public source"
    unplaced = lazy_expander(label, key="unplaced_list")
    if unplaced.open:
        unplaced.markdown(figures_of.unplaced_list)
