"""Suggest a correction: a short form that gives a structured correction to e-mail or download.

Opened from every popup, panel and Country page as ``correct?record=<id>&version=<data version>``.
Nothing is stored on the server: the correction lives in the reader's session until they send or
download it (loaders.corrections).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from loaders.corrections import (
    CorrectionProblem,
    clean_record,
    clean_version,
    compose_correction,
    correction_address,
    describe_record,
    mailto_link,
)
from ui.frame import current_view
from ui.panels import md

view = current_view()
ds = view.dataset
current_version = ds.checksum[:12]
record = clean_record(st.query_params.get("record"))
version = clean_version(st.query_params.get("version"), current_version)


def _secrets() -> Mapping[str, Any]:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than return nothing
        return {}


st.title("Suggest a correction")
st.markdown(
    "Something wrong or missing? Say what, and give a source that shows it. The curators check every "
    "suggestion against its source, as they check the data itself, and list what they change in the "
    "data changelog (About page). Nothing you write here is stored on this server: you send it by "
    "e-mail or keep the file."
)
if record:
    described = describe_record(ds, record)
    st.markdown(f"**About:** {md(described or record + ' (not in the data shown: say what it should be)')}")
else:
    st.markdown("**About:** the data as a whole (no record chosen).")
st.caption(f"Data version {md(version)}" + ("" if version == current_version else f" (current: {current_version})"))

with st.form("correction"):
    what = st.text_area("What is wrong", max_chars=2000, placeholder="e.g. The station in … closed in March 2024.")
    source = st.text_input("A source that shows it (a link)", max_chars=2000, placeholder="https://…")
    quote = st.text_area("A quote from that source (the passage that shows it)", max_chars=600)
    submitted = st.form_submit_button("Prepare the correction", type="primary")

if submitted:
    try:
        st.session_state["composed_correction"] = compose_correction(record, version, what, source, quote, date.today())
    except CorrectionProblem as problem:
        st.session_state.pop("composed_correction", None)
        st.warning(str(problem))

correction = st.session_state.get("composed_correction")
if correction is not None:
    st.subheader("Your correction")
    st.code(correction.to_json().decode("utf-8"), language="json")
    address = correction_address(os.environ, _secrets())
    columns = st.columns(2)
    with columns[0]:
        st.download_button(
            "Download it (JSON)",
            correction.to_json(),
            file_name=f"correction_{correction.record.replace(':', '_') or 'data'}_{correction.written}.json",
            mime="application/json",
            key="download_correction",
        )
    with columns[1]:
        if address:
            st.link_button(f"Send it by e-mail to {address}", mailto_link(address, correction))
        else:
            st.caption("This server has no address for corrections: send the file to the people who run it.")
