"""The data dictionary inside the app: every field of every data file, the event types, the download columns."""

from __future__ import annotations

import streamlit as st

from exports.tables import COLUMN_NOTES
from loaders import DEFAULT_DATA_PATH
from loaders.dictionary import event_types_table, fields_markdown, status_table
from loaders.files import SCHEMA_DIR_NAME
from ui.frame import current_view

current_view()  # the frame (filters, footer) around this page
# The schemas are the app's: the bundled ones describe any data file the app accepts.
schemas = DEFAULT_DATA_PATH.parent / SCHEMA_DIR_NAME

st.title("Data dictionary")
st.markdown(
    "What each field of the data means. The stations are one record per reported station (not per city); "
    "their status is never typed but derived from the dated events. Generated from the data's JSON schemas, "
    "so this page and the validation never disagree."
)

st.header("Statuses")
st.table(status_table().set_index("Key"))

st.header("Event types")
st.table(event_types_table().set_index("Type"))

st.header("Fields of the data files")
if schemas.is_dir():
    st.markdown(fields_markdown(schemas))
else:
    st.info("The schemas are not next to this data file, so the field list cannot be shown.")

st.header("Columns of the downloads")
st.markdown(
    "The stations CSV (Stations and Export pages) has the stored fields above plus these derived ones; the zip's "
    "README.txt repeats this list next to the citation."
)
st.table({"Column": list(COLUMN_NOTES), "Meaning": list(COLUMN_NOTES.values())})
