"""The frame of the app: page config, navigation, filters, footer. Run: make run."""

from __future__ import annotations

import logging

import streamlit as st

from loaders import StationDataError
from ui.data import data_path, get_dataset
from ui.filters import describe_filters, sidebar_filters
from ui.frame import footer, set_view

st.set_page_config(page_title="Overseas police stations map", page_icon=":material/map:", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page("pages/stations.py", title="Stations", icon=":material/table:", url_path="stations"),
    st.Page("pages/reactions.py", title="Reactions", icon=":material/account_balance:", url_path="reactions"),
    st.Page("pages/export.py", title="Export", icon=":material/download:", url_path="export"),
    st.Page("pages/about.py", title="About & method", icon=":material/info:", url_path="about"),
]
page = st.navigation(PAGES)

try:
    dataset = get_dataset()
except StationDataError as exc:
    st.title("The station data cannot be shown")
    st.error(
        f"The data files next to `{data_path()}` did not pass validation, so nothing is shown rather than "
        "something wrong. Every problem, with its file, record and field:"
    )
    st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.info("Check them with `python -m loaders.validate data/stations.geojson`.")
    footer(None)
    st.stop()

filters = sidebar_filters(dataset)
set_view(dataset, filters, describe_filters(filters, dataset))
try:
    page.run()  # st.stop()/st.rerun() raise BaseException subclasses, which pass through
except Exception as exc:  # the reader gets a message, never a traceback; the log keeps it
    logging.getLogger("overseas_stations").exception("page %s failed", page.url_path)
    st.error(f"Something went wrong while drawing this page ({type(exc).__name__}). The data is unchanged; reload to retry.")
footer(dataset)
