"""The reference: what a tutorial st_folium app does with the same data (bench/README.md).

geopandas reads the stations; every row becomes a folium.Marker with a folium.Popup; the map
is rebuilt on every rerun and handed to st_folium. Same vendored Leaflet as ours, no basemap,
one country filter. Run by bench/bench_map.py from a folder whose static/ holds Leaflet and
jQuery (folium's popups need it); OVERSEAS_STATIONS_DATA names the stations file.
"""

from __future__ import annotations

import html
import os

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

PREFIX = "/app/static"

gdf = gpd.read_file(os.environ["OVERSEAS_STATIONS_DATA"])
gdf = gdf[gdf.geometry.notna() & (gdf["location_precision"] == "city")]

st.title("Overseas police stations (naive)")
countries = sorted(gdf["country_code"].dropna().unique())
country = st.selectbox("Country", ["All", *countries])
shown = gdf if country == "All" else gdf[gdf["country_code"] == country]
st.caption(f"{len(shown)} stations")

m = folium.Map(location=[30, 10], zoom_start=2, tiles=None, max_zoom=12)
m.default_js = [("leaflet", f"{PREFIX}/leaflet.js"), ("jquery", f"{PREFIX}/jquery.min.js")]
m.default_css = [("leaflet_css", f"{PREFIX}/leaflet.css")]
for row in shown.itertuples():
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in row.sources)
    popup = (
        f"<b>{html.escape(row.city)}</b><br>{html.escape(row.id)}<br>Bureau: {html.escape(row.bureau)}"
        f"<br>Reports: {html.escape(', '.join(row.reports))}<ul>{sources}</ul>"
    )
    folium.Marker([row.geometry.y, row.geometry.x], popup=folium.Popup(popup, max_width=300), tooltip=row.city).add_to(
        m
    )
if country != "All" and len(shown):
    minx, miny, maxx, maxy = shown.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
st_folium(m, height=620, use_container_width=True, returned_objects=[])
