"""A country at a glance: its stations, what its government did, what China said there, the disagreements."""

from __future__ import annotations

import streamlit as st

from loaders.country_profile import PANEL_PARAM, country_codes
from loaders.geography import country_name
from ui.country import country_panel
from ui.frame import current_view

view = current_view()
codes = country_codes(view.dataset)

st.title("Country")
st.caption(
    "One country's story in one place: each government action once and in date order, with its sources. "
    f"Opens on the country in the link (?{PANEL_PARAM}=NL), else on the one country chosen in the filters."
)

wanted = st.query_params.get(PANEL_PARAM)
if wanted not in codes:
    wanted = view.filters.countries[0] if len(view.filters.countries) == 1 else None
if wanted is not None and st.session_state.get("country_pick") not in codes:
    st.session_state["country_pick"] = wanted
code = st.selectbox(
    "Country",
    codes,
    index=None,
    format_func=lambda c: country_name(c) or c,
    placeholder="Choose a country…",
    key="country_pick",
)
if code is None:
    st.info("Choose a country above, or filter the map on one country.")
else:
    st.query_params[PANEL_PARAM] = code
    country_panel(view, code)
