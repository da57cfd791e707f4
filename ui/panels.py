"""The details of one place, under the map (same content as the popup, in Streamlit)."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from loaders import STATUS_BY_KEY, events_by_station, place_detail
from loaders.dates import display_date
from loaders.evidence import NO_QUOTE_YET, source_kind_text
from loaders.permalinks import place_link
from loaders.status import status_history
from maps.safe import optional_text, safe_url
from ui.frame import View
from ui.sources import sources_table

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def md(text: Any) -> str:
    """Data text made inert in Markdown (no links, emphasis, HTML or LaTeX from the data)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def md_link(url: Any, text: Any, title: Any = None) -> str:
    """A Markdown link to an http(s) ``url`` only (else plain text); ``title`` shows on hover."""
    href = safe_url(url)
    if not href:
        return md(text)
    hover = f' "{str(title).replace(chr(34), chr(39))}"' if title else ""
    return f"[{md(text)}]({href.replace(')', '%29').replace(' ', '%20')}{hover})"


def source_link(view: View, sid: str, *, detail: bool = False) -> str:
    """A source as "[Publisher, date]" linking to it, its title on hover; with ``detail``, its kind
    (and what it is a copy of) and the date it was accessed follow the link."""
    src = view.dataset.sources.loc[sid]
    published = optional_text(src.get("published"))
    label = src["publisher"] + (f", {published}" if published else "")
    link = md_link(src["url"], f"[{label}]", src["title"])
    if detail:
        link += f" _({md(source_kind_text(src.get('kind'), src.get('copy_of')))}, accessed {md(src['accessed'])})_"
    return link


def quote_lines(view: View, evidence: Any, indent: str = "  ") -> str:
    """The verbatim quotes of a record as Markdown block quotes (each with its source and translation),
    or "no quote yet"."""
    items = [e for e in (evidence if isinstance(evidence, list) else []) if isinstance(e, dict) and e.get("quote")]
    if not items:
        return f"{indent}_{md(NO_QUOTE_YET)}_"
    lines = []
    for item in items:
        publisher = (
            view.dataset.sources.loc[item["source"], "publisher"]
            if item["source"] in view.dataset.sources.index
            else item["source"]
        )
        claim = f"{md(item['claim'])}: " if item.get("claim") else ""
        text = f"{indent}> {claim}“{md(item['quote'])}” — {md(publisher)}"
        if item.get("translation"):
            text += f"  \n{indent}> _{md(item['translation'])}_"
        lines.append(text)
    return "\n".join(lines)


def place_panel(view: View, place: Any) -> None:
    ds = view.dataset
    stations = view.stations[view.stations["id"].isin(place["station_ids"])]
    detail = place_detail(ds, stations, events_by_station(ds, view.filters.as_of), place["label"])
    st.subheader(place["label"])
    link = place_link(st.context.url, view.filters, place["place_id"])
    st.caption(f"Link to this place (its popup opens): [{md(link)}]({link.replace(')', '%29').replace(' ', '%20')})")
    lines = []
    history_events = ds.status_events(stations["id"])
    for item in detail.stations:
        s = item.station
        listed = (
            "; ".join(f"{r['title']} ({r['published']})" for r in item.reports) or f"not in the reports ({s['origin']})"
        )
        lines.append(
            f"- **{md(s['bureau'])}** bureau · {md(STATUS_BY_KEY[s['status']].label)}"
            f" since {md(display_date(s['status_since']))}"
            f" · listed in: {md(listed)}" + (f" · _{md(note)}_" if (note := optional_text(s.get("note"))) else "")
        )
        steps = status_history(history_events.get(s["id"], []), view.filters.as_of)
        if len(steps) > 1:  # a small dated timeline of the status
            lines.append(
                "  - Status history: "
                + " → ".join(f"{md(STATUS_BY_KEY[h.key].label)} ({md(display_date(h.since))})" for h in steps)
            )
    st.markdown("\n".join(lines))
    if detail.reactions:
        st.markdown("**Reactions**")
        st.markdown("\n".join(_event_line(view, e) for e in detail.reactions))
    if detail.other_voices:
        st.markdown("**Press, NGOs, legislators, operators**")
        st.markdown("\n".join(_event_line(view, e) for e in detail.other_voices))
    if detail.china_statements:
        st.markdown("**Chinese government's position**")
        st.markdown("\n".join(_event_line(view, e) for e in detail.china_statements))
    for d in detail.disagreements:
        st.warning(
            f"Sources disagree — {md(d['subject'])}: " + " vs ".join(md(c["claim"]) for c in d["claims"]),
            icon="⚖️",
        )
    sources_table(view, detail.source_ids)
    with st.expander("The quote behind each claim"):
        blocks = [
            f"**{md(item.station['id'])}**\n\n" + quote_lines(view, item.station.get("evidence"), indent="")
            for item in detail.stations
        ]
        events = [*detail.reactions, *detail.other_voices, *detail.china_statements]
        if events:
            blocks.append("\n".join(event_line(view, e, quotes=True) for e in events))
        for d in detail.disagreements:
            blocks.append(
                f"**{md(d['subject'])}**\n\n"
                + "\n".join(f"- {md(c['claim'])}\n" + quote_lines(view, c.get("evidence")) for c in d["claims"])
            )
        st.markdown("\n\n".join(blocks))


def event_line(view: View, e: dict[str, Any], *, quotes: bool = False) -> str:
    """One event as a Markdown list item: date as precise as known, type, actor, summary, sources;
    with ``quotes``, each source's kind and access date, and the verbatim quotes under it."""
    links = " ".join(source_link(view, sid, detail=quotes) for sid in e["sources"])
    line = (
        f"- {md(e['date_shown'])} · _{md(e['type_label'])}_ · {md(e['actor'])} ({md(e['actor_kind_label'])}): "
        f"{md(e['summary'])} {links}"
    )
    return line + ("\n" + quote_lines(view, e.get("evidence")) if quotes else "")


def _event_line(view: View, e: dict[str, Any]) -> str:
    return event_line(view, e)
