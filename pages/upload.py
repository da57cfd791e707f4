"""Bring your own data: a CSV or GeoJSON of points, or a zipped data folder, shown in this session only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders import StationDataError
from loaders.upload import COLUMNS, MAX_UPLOAD_MB, TEMPLATE_CSV, dataset_from_upload
from ui.data import uploaded, use_upload
from ui.frame import current_view

current_view()  # the frame; this page itself shows no stations
_SEEN, _PROBLEMS = "_upload_seen_file", "_upload_problems"

st.title("Bring your own data")
st.markdown(
    f"""
Explore your own list on the same map, with the same filters, popups and exports. It stays in **this browser
session only**: nothing is stored on the server and the bundled data is not changed. Every problem in the file
is listed, with its row (or feature) and column, before anything is drawn. Files up to **{MAX_UPLOAD_MB} MB**.

- **A CSV** (comma, semicolon or tab separated, UTF-8) or **a GeoJSON** FeatureCollection of Point features in
  WGS 84 longitude/latitude, one row or feature per place, with these columns (or feature properties):
"""
)
st.dataframe(
    pd.DataFrame([{"Column": c, "Required": "yes" if req else "", "What it holds": what} for c, req, what in COLUMNS]),
    hide_index=True,
    width="stretch",
)
st.download_button("Download a template CSV", TEMPLATE_CSV.encode(), file_name="stations-template.csv", mime="text/csv")
st.markdown(
    "Rows are numbered as a spreadsheet shows them (the header is row 1); GeoJSON features from 0. "
    "Two rows with the same place and country must have the same point (one marker per place).\n\n"
    "- **Or a zipped data folder** in the bundled schema: `stations.geojson`, `events.json`, `sources.json`, "
    "`reports.json` and `disagreements.json` (as in the project's `data/` folder, schemas in `data/schema/`)."
)

file = st.file_uploader(
    "Your file",
    type=["csv", "geojson", "json", "zip"],
    key="upload_file",
    help=f"CSV, GeoJSON or a zipped data folder, up to {MAX_UPLOAD_MB} MB.",
)
if file is not None and st.session_state.get(_SEEN) != file.file_id:
    st.session_state[_SEEN] = file.file_id  # checked once: reruns and the way back do not re-apply it
    try:
        with st.spinner(f"Checking {file.name}…"):
            upload = dataset_from_upload(file.name, file.getvalue())
    except StationDataError as exc:
        st.session_state[_PROBLEMS] = (file.name, exc.problems)
    else:
        st.session_state.pop(_PROBLEMS, None)
        use_upload(upload)
        st.rerun()  # every part of the frame (filters, banner, footer) now takes the upload

failed = st.session_state.get(_PROBLEMS)
if failed:
    name, problems = failed
    count = len(problems)
    st.error(
        f"{count} problem{'s' if count != 1 else ''} in {name}: nothing from it is drawn until "
        f"{'they are' if count != 1 else 'it is'} fixed."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {"File": p.file, "Row or feature": p.record or "", "Field": p.field or "", "Problem": p.message}
                for p in problems
            ]
        ),
        hide_index=True,
        width="stretch",
    )

current = uploaded()
if current is not None:
    ds = current.dataset
    st.success(
        f"{current.name}: {len(ds.stations)} places, shown on every page of this session (map, filters, tables, "
        "exports) until you go back to the bundled data."
    )
    st.page_link("pages/map.py", label="Open the map", icon=":material/map:")
