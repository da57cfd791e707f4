"""The floor: what Streamlit itself costs for a page with our sidebar Country filter (bench/README.md).

The same filter as ours (a sidebar multiselect of "Name (count)" options, filled from the link's
``?country=`` on a session's first run) and one line of text where ours draws the map: how many
places the chosen countries have, counted as ours counts them (one per city; one per country for
stations placed only in a country). The stations file is read once per server, so a page view
is Streamlit's own work and nothing else. OVERSEAS_STATIONS_DATA names the stations file.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pycountry
import streamlit as st

KEY = "country"


@st.cache_resource
def read_places(path: str) -> tuple[dict[str, str], Counter[str], dict[str, int]]:
    """(country name by code, stations by code, places by code); names as ours (loaders.geography)."""
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    names: dict[str, str] = {}
    stations: Counter[str] = Counter()
    places: dict[str, set[str]] = {}
    for feature in features:
        p = feature["properties"]
        code = p["country_code"]
        if not code:  # a station whose country is not known is in no country's option (as in ours)
            continue
        if code not in names:
            country = pycountry.countries.get(alpha_2=code)
            names[code] = (getattr(country, "common_name", None) or country.name) if country else code
        stations[code] += 1
        if feature["geometry"] and p["location_precision"] in ("city", "country"):
            place = p["city"] if p["location_precision"] == "city" else "*"
            places.setdefault(code, set()).add(place)
    return names, stations, {code: len(cities) for code, cities in places.items()}


names, stations, places = read_places(os.environ["OVERSEAS_STATIONS_DATA"])
if KEY not in st.session_state:  # a link's filter, on the session's first run
    asked = ",".join(st.query_params.get_all("country")).split(",")
    st.session_state[KEY] = [c for c in asked if c in names]
countries = sorted(names, key=names.__getitem__)

st.title("Overseas police stations (floor)")
with st.sidebar:
    st.header("Filters")
    chosen = st.multiselect(
        "Country",
        countries,
        key=KEY,
        format_func=lambda c: f"{names[c]} ({stations[c]})",
        placeholder="All countries",
    )
shown = sum(places.get(c, 0) for c in (chosen or countries))
st.markdown(f"{shown} places shown")
