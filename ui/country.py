"""A country at a glance in Streamlit: the Country page draws it, the Map page can draw it under the map."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from exports import ImageText, export_filename, export_subtitle
from exports.country import country_html
from exports.tables import event_words
from loaders import STATUS_BY_KEY, Dataset, Filters, filters_to_query
from loaders.country_profile import PANEL_PARAM, CountrySummary, country_summary
from ui.caching import cached
from ui.downloads import view_citation
from ui.exporting import map_image
from ui.filters import choose_countries
from ui.frame import View, data_as_of
from ui.panels import md, source_link
from ui.sources import sources_table


@cached
def _summary(dataset: Dataset, code: str, as_of: date | None) -> CountrySummary:
    return country_summary(dataset, code, as_of)


def country_link(view: View, code: str) -> str:
    """A link to the Country page on ``code`` that keeps the view's filters."""
    base = (st.context.url or "").split("?", 1)[0].split("#", 1)[0]
    page = base.rsplit("/", 1)[0] + "/country" if "://" in base else ""
    query = urlencode({**filters_to_query(view.filters), PANEL_PARAM: code}, safe=",")
    return f"{page}?{query}"


def _events(view: View, events: list[dict[str, Any]], empty: str) -> None:
    if not events:
        st.caption(empty)
        return
    lines = [
        f"- **{md(e['date'])}** · _{md(e['type_label'])}_ · {md(e['actor'])}: {md(e['summary'])} "
        + " ".join(source_link(view, sid) for sid in e["sources"] if sid in view.dataset.sources.index)
        for e in events
    ]
    st.markdown("\n".join(lines))


def country_panel(view: View, code: str, *, key: str = "country") -> None:
    """Everything on one country: stations, actions in order, China's statements, disagreements,
    sources; with its link, a printable page and a map image. ``key`` keeps two panels' widgets apart."""
    ds = view.dataset
    summary = _summary(ds, code, view.filters.as_of)
    st.subheader(summary.headline)
    if summary.as_of:
        st.caption(f"As known on {summary.as_of.isoformat()}.")
    stations = summary.stations
    if len(stations):
        events = {e["id"]: e for e in ds.events.to_dict("records")}
        st.dataframe(
            pd.DataFrame(
                {
                    "City": [c if isinstance(c, str) else "(city not known)" for c in stations["city"]],
                    "Bureau": stations["bureau"].to_list(),
                    "Status": [STATUS_BY_KEY[s].label for s in stations["status"]],
                    "Since": stations["status_since"].to_list(),
                    "Set by": [event_words(events[e]) if e in events else "" for e in stations["status_event"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("No station recorded in this country.")
    st.markdown("**Made public by**")
    _events(view, summary.listings, "No report or press report on record.")
    st.markdown("**What the authorities did and said** (each once, oldest first)")
    _events(view, summary.actions, "No action or statement by its authorities on record.")
    if summary.other_governments:
        st.markdown("**Other governments**")
        _events(view, summary.other_governments, "")
    st.markdown("**Press, NGOs, legislators and operators** (never the authorities' reaction)")
    _events(view, summary.other_voices, "No other voice on record.")
    st.markdown("**What the Chinese side said**")
    _events(view, summary.china_statements, "No statement about this country's stations on record.")
    if summary.general_china_statements:
        st.caption(
            f"{summary.general_china_statements} Chinese statement(s) about all the stations are on the Reactions page."
        )
    for d in summary.disagreements:
        st.warning(
            f"Sources disagree — {md(d['subject'])}: " + " vs ".join(md(c["claim"]) for c in d["claims"]), icon="⚖️"
        )
    with st.expander(f"Sources ({len(summary.source_ids)})"):
        sources_table(view, summary.source_ids)
    _share(view, summary, key)


def _share(view: View, summary: CountrySummary, key: str) -> None:
    ds = view.dataset
    today = date.today()
    filters = Filters(**{**view.filters.__dict__, "countries": (summary.code,)})
    link = country_link(view, summary.code)
    st.caption("Link to this country:")
    st.code(link, language=None, wrap_lines=True)
    text = ImageText(
        title=f"{ds.credit.title}: {summary.name}",
        subtitle=export_subtitle(summary.stations, summary.name),
        source_line=ds.credit.source_line,
        data_as_of=data_as_of(ds) + (f" (status as of {summary.as_of.isoformat()})" if summary.as_of else ""),
    )
    ids = tuple(sorted(summary.stations["id"]))
    png = map_image(ds, ds.checksum, ids, summary.as_of, fmt="png", scale=2, preset="16:9", text=text)
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Map image (PNG)",
        png,
        file_name=export_filename(filters, "png", today),
        mime="image/png",
        width="stretch",
        key=f"{key}_png",
        help="The country framed on its stations, with title, subtitle, source and date.",
    )
    page = country_html(summary, ds, citation=view_citation(view, today), link_url=link, map_png=png)
    c2.download_button(
        "Printable page (HTML)",
        page.encode("utf-8"),
        file_name=export_filename(filters, "html", today).replace("overseas-stations_", "overseas-stations-country_"),
        mime="text/html",
        width="stretch",
        key=f"{key}_html",
        help="One page to print or save as PDF (Ctrl+P): stations, actions, statements, disagreements, sources.",
    )
    # The button's callback sets the country filter before the rerun draws the sidebar; then this run
    # opens the Export page, where every image, embed and table is of this country.
    if c3.button(
        "Export this country",
        on_click=choose_countries,
        args=([summary.code],),
        key=f"{key}_export",
        width="stretch",
        help="Open the Export page with the country filter set to this country (the sidebar shows it).",
    ):
        st.switch_page("pages/export.py", query_params=filters_to_query(filters))
