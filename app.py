"""The frame of the app: page config, navigation, filters, footer. Run: make run."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from loaders import StationDataError
from ui.data import data_path, get_dataset, upload_banner
from ui.filters import describe_filters, sidebar_filters
from ui.frame import footer, in_frame, page_style, set_view
from ui.navigation import PAGES

st.set_page_config(
    page_title="Overseas police stations map",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)

page_style()
pages = [st.Page(p.script, title=p.title, url_path=p.url_path, default=p.default) for p in PAGES]
page = st.navigation(pages)
spec = PAGES[pages.index(page)]  # st.navigation returns one of the pages given

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

upload_banner()
filters = sidebar_filters(dataset, spec.link_params)
set_view(dataset, filters, describe_filters(filters, dataset))
try:
    with in_frame():
        page.run()  # st.stop()/st.rerun() raise BaseException subclasses, which pass through
except Exception as exc:  # the reader gets a message, never a traceback; the log keeps it
    logging.getLogger("overseas_stations").exception("page %s failed", page.url_path)
    st.error(
        f"Something went wrong while drawing this page ({type(exc).__name__}). The data is unchanged; reload to retry."
    )
footer(dataset)
