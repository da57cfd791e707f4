"""What the data is and is not, how status is derived, coverage, disagreements, citation, changelog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from exports import citation_text
from loaders import LOCATION_PRECISIONS, ORIGINS
from loaders.changelog import corrections, read_changelog
from loaders.coverage import coverage_by_report
from loaders.dictionary import markdown_section, quiet_event_types, status_table
from loaders.freshness import data_freshness
from loaders.vocab import PALETTE_NOTE
from ui.data import stale_data
from ui.frame import CODE_LICENCE, DATA_LICENCE, current_view, data_as_of, quote_coverage
from ui.panels import md
from ui.sources import sources_table

view = current_view()
ds = view.dataset
ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "data" / "README.md"

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
st.table(status_table().drop(columns="Key").set_index("Status"))  # a table wraps its text: it fits the page
st.caption(f"Events that set no status: {quiet_event_types()}. {PALETTE_NOTE}")

st.header("Where the points are")
st.markdown("\n".join(f"- **{k}**: {v}" for k, v in LOCATION_PRECISIONS.items()))
st.markdown("Who named a station:\n" + "\n".join(f"- **{k}**: {v}" for k, v in ORIGINS.items()))

st.header("Coverage")
st.table(coverage_by_report(ds).set_index("Listed by"))  # wraps instead of running off the right edge
st.caption(
    "“Patrol and Persuade” counts the 54 stations of “110 Overseas” within its “at least 102”; the row for it "
    "holds the stations it added (48, plus two in its revision of 13 December 2022). Where the press or a "
    "government tied a station to a city it is placed there; the report tables themselves could not be read "
    "as text."
)
gaps = markdown_section(README.read_text(encoding="utf-8"), "Gaps we could not close") if README.exists() else ""
if gaps:
    with st.expander("Gaps we could not close"):
        st.markdown(gaps)
st.page_link("pages/dictionary.py", label="Data dictionary: every field, event type and download column",
             icon=":material/menu_book:")  # fmt: skip

st.header("Where sources disagree")
if not ds.disagreements:
    st.write("No disagreements recorded.")
for d in ds.disagreements:
    with st.expander(f"{d['subject']} ({d['topic']})"):
        for claim in d["claims"]:
            st.markdown(f"- {md(claim['claim'])}")
        ids = list(dict.fromkeys(s for c in d["claims"] for s in c["sources"]))
        sources_table(view, ids)

st.header("How to cite")
app_url = (st.context.url or "").split("?", 1)[0].split("#", 1)[0].removesuffix("/about") or None
st.caption("Copy with the button at the block's top right. Today's date is the access date.")
st.code(citation_text(ds, app_url, date.today()), language=None, wrap_lines=True)
st.markdown(
    f"Data licence **{DATA_LICENCE}** (the curated files in `data/`); code licence **{CODE_LICENCE}**. "
    "The reports and articles linked belong to their publishers."
)
st.markdown(
    "News pages move and disappear. Beside its link, every source has an **archived copy**: the Wayback "
    "Machine's capture nearest the day the curators read it (`web.archive.org/web/<YYYYMMDD>/<url>`) and "
    "archive.today's newest capture. A source the data marks as gone shows its archived copy first. When "
    "you cite a source that has moved, cite the archived copy with its date."
)

st.header("How current the data is")
fresh = data_freshness(ds)
quotes = quote_coverage(ds)
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

st.header("All sources")
sources_table(view, list(ds.sources["id"]))

st.header("Corrections made so far")
st.markdown(
    "Every correction is listed in the data changelog below, with what changed and why. Follow new events and "
    "corrections with the [Atom feed](/app/static/feed.xml) (one entry per data version), or "
    "suggest a correction yourself:"
)
st.page_link("pages/correct.py", label="Suggest a correction", icon=":material/edit_note:")
made = corrections(read_changelog(ROOT / "data" / "CHANGELOG.md"))
if not made:
    st.write("None yet.")
for day, item in made:
    # The changelog is the curators' own Markdown (data/CHANGELOG.md), rendered below in full as well.
    with st.expander(f"{day.isoformat()}: {item.heading or item.first_line}"[:140]):
        st.markdown(item.text)

st.header("Data changelog")
changelog = ROOT / "data" / "CHANGELOG.md"
text = changelog.read_text(encoding="utf-8") if changelog.exists() else "No changelog found."
# The file's own title repeats the header above: drop it.
st.markdown(text.split("\n", 1)[1] if text.startswith("# ") and "\n" in text else text)
