"""Bring your own data: a CSV or GeoJSON of points, or a zipped data folder, shown in this session only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders import StationDataError
from loaders.credit import upload_credit
from loaders.upload import COLUMNS, FORMATS, MAX_UPLOAD_MB, TEMPLATE_CSV, dataset_from_upload, upload_suffixes
from ui.data import set_credit, uploaded, use_upload
from ui.frame import current_view, md

current_view()  # the frame; this page itself shows no stations
_SEEN, _PROBLEMS = "_upload_seen_file", "_upload_problems"
CREDIT_KEYS = ("upload_title", "upload_source", "upload_credit", "upload_licence")

st.title("Bring your own data")
st.markdown(
    f"""
Explore your own list on the same map, with the same filters, popups and exports. It stays in **this browser
session only**: it is never written to the server's disk, nothing derived from it outlives the session, and the
bundled data is not changed. Every problem in the file is listed, with its row (or feature) and column, before
anything is drawn. Files up to **{MAX_UPLOAD_MB} MB**.

- **A CSV** (comma, semicolon or tab separated, UTF-8) or **a GeoJSON** FeatureCollection of Point features in
  WGS 84 longitude/latitude, one row or feature per place, with these columns (or feature properties):
"""
)
st.dataframe(
    pd.DataFrame(
        [{"Column": c.name, "Required": "yes" if c.required else "", "What it holds": c.describe()} for c in COLUMNS]
    ),
    hide_index=True,
    width="stretch",
)
st.download_button("Download a template CSV", TEMPLATE_CSV.encode(), file_name="stations-template.csv", mime="text/csv")
st.markdown(
    "Rows are numbered as a spreadsheet shows them (the header is row 1); GeoJSON features from 0. "
    "Two rows with the same place and country must have the same point (one marker per place); a point must lie "
    "in its country (within about 30 km of its borders and coast).\n\n"
    "- **Or a zipped data folder** in the bundled schema: `stations.geojson`, `events.json`, `sources.json`, "
    "`reports.json` and `disagreements.json` (as in the project's `data/` folder, schemas in `data/schema/`)."
)

with st.expander("Who the data comes from (shown as its title, source line, credit and licence)", expanded=True):
    st.caption(
        "The map's title, the footer, the exports' titles, source lines, file names and README name your data "
        "as you say here; by default, by its file name. Nothing here is credited to the bundled data's sources."
    )
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", key="upload_title", placeholder="Default: the file's name")
    source = c2.text_input("Source", key="upload_source", placeholder="Default: Source: <file name> (uploaded)")
    c3, c4 = st.columns(2)
    credit_text = c3.text_input("Credit", key="upload_credit", placeholder="e.g. Compiled by our newsroom's data desk")
    licence = c4.text_input("Licence", key="upload_licence", placeholder="Default: none stated")

file = st.file_uploader(
    "Your file",
    type=upload_suffixes(),
    key="upload_file",
    help=f"{'; '.join(f.what for f in FORMATS)}; up to {MAX_UPLOAD_MB} MB.",
)
if file is not None and st.session_state.get(_SEEN) != file.file_id:
    st.session_state[_SEEN] = file.file_id  # checked once: reruns and the way back do not re-apply it
    try:
        with st.spinner(f"Checking {md(file.name)}…"):
            upload = dataset_from_upload(file.name, file.getvalue())
    except StationDataError as exc:
        st.session_state[_PROBLEMS] = (file.name, exc.problems)
    else:
        st.session_state.pop(_PROBLEMS, None)
        use_upload(upload)
        set_credit(upload_credit(file.name, title=title, source=source, credit=credit_text, licence=licence))
        st.rerun()  # every part of the frame (filters, banner, footer) now takes the upload

current = uploaded()
# The credit follows what the uploader types; the frame (title, footer) was drawn with the old one.
if current is not None and set_credit(
    upload_credit(current.name, title=title, source=source, credit=credit_text, licence=licence)
):
    st.rerun()

failed = st.session_state.get(_PROBLEMS)
if failed:
    name, problems = failed
    count = len(problems)
    st.error(
        f"{count} problem{'s' if count != 1 else ''} in {md(name)}: nothing from it is drawn until "
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

if current is not None:
    ds = current.dataset
    st.success(
        f"{md(current.name)}: {len(ds.stations)} places, shown on every page of this session (map, filters, tables, "
        f"exports) as “{md(ds.credit.title)}” until you go back to the bundled data."
    )
    st.page_link("pages/map.py", label="Open the map", icon=":material/map:")
