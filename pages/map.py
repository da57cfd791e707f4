"""Home: the map of reported stations, one marker per city."""

from __future__ import annotations

import contextlib

import streamlit as st
from streamlit_folium import st_folium

from exports.framing import IncompleteViewError, view_bounds
from loaders import STATUS_BY_KEY, STATUSES, status_counts
from loaders.permalinks import PLACE_KEYS, link_target
from maps.build import TILE_CHOICES, TILE_LABELS, view_for_places
from ui.frame import current_view, filters_key
from ui.mapview import after_the_map, base_map_for, places_of, places_table, skip_map_link, station_layer
from ui.panels import md, place_panel
from ui.search import search_box
from ui.timeslider import time_slider

MAX_LISTED = 200  # unplaced stations listed under the map; the Stations page has them all
MAP_KEY = "station_map"
_LINK = "_map_link_target"  # (filters it was opened with, place id, view) from the session's first run

view = current_view()
ds, stations = view.dataset, view.stations
total = len(ds.stations)
places = places_of(ds, ds.checksum, filters_key(view.filters), view.filters)
placed = stations[stations["location_precision"] != "unplaced"]

st.title("Chinese “overseas police service stations”, as reported")
st.caption(
    "Sites that Safeguard Defenders reported were run abroad by Chinese public security bureaus, and what host "
    "governments, courts and China said about them. Showing: " + view.description + "."
)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Stations shown", f"{len(stations)} of {total}")
c2.metric("Cities", f"{int((places['location_precision'] == 'city').sum())} of {ds.stations['city'].nunique()}")
c3.metric("Countries", f"{stations['country_code'].nunique()} of {ds.stations['country_code'].nunique()}")
c4.metric("Not on the map", int(len(stations) - len(placed)), help="Counted by a report, placed by no public source.")

left, right = st.columns([3, 1])
with right:
    tiles = st.selectbox(
        "Basemap",
        list(TILE_CHOICES),
        format_func=lambda t: TILE_LABELS[t],
        key="basemap",
        help="The outline map is bundled and works offline; online tiles load from their providers.",
    )
    jump = search_box(ds, places, filters_key(view.filters))
    track = st.toggle(
        "Use this map view for exports",
        key="track_bounds",
        help="Sends the visible area to the Export page. The page then reruns on every pan and zoom.",
    )
    # One plain Markdown list (the map's legend carries the colours): raw HTML here would make every
    # reader load an HTML parser before the map.
    st.markdown(
        "**Status** (furthest step)\n\n"
        + "\n".join(f"- {STATUS_BY_KEY[key].label}: {n}" for key, n in status_counts(stations)),
        help="\n\n".join(f"**{s.label}**: {s.definition}" for s in STATUSES),
    )

# A shared link's place, station or map position applies until the reader changes the filters or clicks.
link = st.session_state.get(_LINK)
if link is None:
    query = {k: st.query_params.get_all(k) for k in PLACE_KEYS if k in st.query_params}
    target = link_target(query, places, ds.stations)
    for notice in target.notices:
        st.info(notice, icon="🔗")
    opened = places["place_id"].iloc[target.place_index] if target.place_index is not None else None
    link = st.session_state[_LINK] = (filters_key(view.filters), opened, target.view)
link_filters, link_place, link_view = link
clicked = (st.session_state.get(MAP_KEY) or st.session_state.get(MAP_KEY + "_view") or {}).get("last_object_clicked")
if link_filters != filters_key(view.filters) or clicked:
    link_place = link_view = None
    st.session_state[_LINK] = (None, None, None)
open_index = next((i for i, pid in enumerate(places["place_id"]) if pid == link_place), None)

if open_index is not None:
    row = places.iloc[open_index]
    wanted = (row.geometry.y, row.geometry.x), (9 if row["location_precision"] == "city" else 5)
elif link_view is not None:
    wanted = link_view
elif jump is not None:
    targets = places[places["place_id"].isin(jump.place_ids)]
    if len(targets) == 1 and targets["location_precision"].iloc[0] == "country":
        wanted = (targets.geometry.y.iloc[0], targets.geometry.x.iloc[0]), 5
    else:
        wanted = view_for_places(targets)
else:  # follow the filters: the map moves to what they select
    wanted = view_for_places(places)
center, zoom = wanted or (None, None)

with left:
    time_slider(ds)
    returned = ["last_object_clicked"] + (["bounds"] if track else [])
    skip_map_link()
    state = st_folium(
        base_map_for(ds, tiles, wanted),
        feature_group_to_add=station_layer(ds, view.filters, open_index),
        returned_objects=returned,
        # st_folium keeps the values it reports from its first drawing: a new key when "use this view"
        # is switched gives a map that reports its bounds (issue 10's view export).
        key=MAP_KEY + ("_view" if track else ""),
        height=620,
        use_container_width=True,
        center=center,
        zoom=zoom,
    )
    after_the_map()
    st.caption("Click a marker for its stations, reactions and sources; the details also appear below the map.")

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

if len(view.filters.countries) == 1:  # one country's whole story is a click away
    code = view.filters.countries[0]
    name = stations["country"].iloc[0] if len(stations) else code
    st.page_link("pages/country.py", label=f"{name} at a glance: its stations, actions and statements", icon="🏳️")

with st.expander(f"The {len(places)} places on the map, as a table"):
    # The map's text alternative, in step with the filters, in the map's reading order.
    st.markdown(places_table(ds, ds.checksum, filters_key(view.filters), view.filters, MAX_LISTED))

unplaced = stations[stations["location_precision"] == "unplaced"]
if not unplaced.empty:
    with st.expander(f"{len(unplaced)} stations counted by the reports but placed by no public source"):
        st.markdown(
            "\n".join(
                f"- `{md(row.id)}` · {md(row.bureau)} bureau · listed in {md(', '.join(row.reports) or 'no report')}"
                + (f" · _{md(row.note)}_" if isinstance(row.note, str) and row.note.strip() else "")
                for row in unplaced.head(MAX_LISTED).itertuples()
            )
            + (f"\n\n…and {len(unplaced) - MAX_LISTED} more: Stations page." if len(unplaced) > MAX_LISTED else "")
        )
