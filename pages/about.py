"""What the data is and is not, how status is derived, coverage, disagreements, citation, changelog."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from loaders import LOCATION_PRECISIONS, ORIGINS
from loaders.coverage import coverage_by_report, quiet_event_types, status_table
from ui.data import stale_data
from ui.frame import CODE_LICENCE, DATA_LICENCE, current_view, data_as_of
from ui.panels import md, sources_frame

view = current_view()
ds = view.dataset
ROOT = Path(__file__).resolve().parent.parent

st.title("About & method")
if (stale := stale_data()) is not None:  # the server's files changed and are invalid (ui/data.py)
    st.warning(
        f"The data files on this server were changed at {stale.since:%Y-%m-%d %H:%M} UTC and did not pass "
        f"validation, so every reader still sees the last valid version ({stale.serving.checksum[:12]}). "
        "It is replaced as soon as the files are fixed. The problems, with file, record and field:"
    )
    st.code("\n".join(str(p) for p in stale.problems), language=None)
st.markdown(
    f"""
This map shows the **reported** “overseas police service stations”: sites that the NGO Safeguard Defenders said
Chinese local public security bureaus (Fuzhou, Qingtian, Nantong, Wenzhou) ran abroad, plus sites that host
governments or courts named themselves. It records what governments, police, courts and the Chinese government
**said and did**, each with its source. It does not assert that any site was a police station: the Chinese government
says they were volunteer-run service centres, and that position is recorded too.

- **What it is:** a curated, sourced record of public reporting; every fact links to a page the curators
  retrieved and read.
- **What it is not:** an investigation of its own, a list of addresses (points are city centres), or a verdict.
- Data as of **{data_as_of(ds)}**, version `{ds.checksum[:12]}`.
"""
)

st.header("Status: derived from dated events, never typed")
st.markdown(
    "A station's status is the **furthest step** its dated events have reached, in the order below. "
    "An event dated only to a month or a year counts from the last day of that period in the *as of* view."
)
st.dataframe(status_table().drop(columns="Key"), hide_index=True, width="stretch")
st.caption(
    f"Events that set no status: {quiet_event_types()}. Status colours are the Okabe–Ito palette, "
    "distinguishable with common colour-vision deficiencies."
)

st.header("Where the points are")
st.markdown("\n".join(f"- **{k}**: {v}" for k, v in LOCATION_PRECISIONS.items()))
st.markdown("Who named a station:\n" + "\n".join(f"- **{k}**: {v}" for k, v in ORIGINS.items()))

st.header("Coverage")
st.dataframe(coverage_by_report(ds), hide_index=True, width="stretch")
st.caption(
    "“Patrol and Persuade” counts the 54 stations of “110 Overseas” within its “at least 102”; the row for it "
    "holds the stations it added (48, plus two in its revision of 13 December 2022). Where the press or a "
    "government tied a station to a city it is placed there; the report tables themselves could not be read "
    "as text. The gaps are listed in data/README.md."
)

st.header("Where sources disagree")
if not ds.disagreements:
    st.write("No disagreements recorded.")
for d in ds.disagreements:
    with st.expander(f"{d['subject']} ({d['topic']})"):
        for claim in d["claims"]:
            st.markdown(f"- {md(claim['claim'])}")
        ids = list(dict.fromkeys(s for c in d["claims"] for s in c["sources"]))
        st.dataframe(
            sources_frame(view, ids),
            hide_index=True,
            width="stretch",
            column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
        )

st.header("How to cite")
st.code(
    f"Overseas Stations Map (data version {ds.checksum[:12]}, as of {data_as_of(ds)}), compiled from "
    "Safeguard Defenders' reports “110 Overseas” (2022) and “Patrol and Persuade” (2022) and government, "
    f"court and press sources listed per station. Data licence {DATA_LICENCE}.",
    language=None,
)
st.markdown(
    f"Data licence **{DATA_LICENCE}** (the curated files in `data/`); code licence **{CODE_LICENCE}**. "
    "The reports and articles linked belong to their publishers."
)

st.header("All sources")
st.dataframe(
    sources_frame(view, list(ds.sources["id"])),
    hide_index=True,
    width="stretch",
    column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
)

st.header("Data changelog")
changelog = ROOT / "data" / "CHANGELOG.md"
st.markdown(changelog.read_text(encoding="utf-8") if changelog.exists() else "No changelog found.")

# --- How current the data is (issue 8): one block, appended --------------------------------
import pandas as pd

from loaders.evidence import dataset_quote_coverage
from loaders.freshness import data_freshness

st.header("How current the data is")
fresh = data_freshness(ds)
quotes = dataset_quote_coverage(ds)
st.markdown(
    f"Latest event: **{fresh.latest_event_shown()}** · sources last reviewed **{fresh.last_reviewed or 'unknown'}** · "
    f"**{quotes.quoted} of {quotes.claims}** claims carry a verbatim quote from their source "
    "(the others are marked “no quote yet”)."
)
if fresh.differs():
    st.dataframe(
        pd.DataFrame(
            {"Country": list(fresh.differs()), "Latest event concerning its stations": list(fresh.differs().values())}
        ),
        hide_index=True,
        width="stretch",
    )
