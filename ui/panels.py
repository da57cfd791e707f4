"""The details of one place, under the map: the popup's content (the same PlacePopup, the same words), in the page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from loaders import STATUS_BY_KEY, Dataset, aggregate_places
from loaders.aggregate import (
    MAX_REFS_PER_ITEM,
    PlacePopup,
    event_role,
    listing_text,
    place_popups,
    popup_sources,
    unquoted_claims,
)
from loaders.archive import archive_links
from loaders.dates import display_date
from loaders.evidence import NO_QUOTE_YET, source_kind_text
from loaders.permalinks import correction_link, place_link
from loaders.status import status_history
from loaders.verification import Check, QuoteKey, check_of, checks_by_quote, read_checks
from maps.build import POPUP_WORDS
from maps.safe import optional_text, safe_url
from maps.templating import render_template
from ui.caching import cached
from ui.frame import View

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def md(text: Any) -> str:
    """Data text made inert in Markdown (no links, emphasis, HTML or LaTeX from the data)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def md_url(url: str) -> str:
    """``url`` as the target of a Markdown link: the characters that would end it, encoded."""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def md_link(url: Any, text: Any, title: Any = None) -> str:
    """A Markdown link to an http(s) ``url`` only (else plain text); ``title`` shows on hover."""
    href = safe_url(url)
    if not href:
        return md(text)
    hover = f' "{str(title).replace(chr(34), chr(39))}"' if title else ""
    return f"[{md(text)}]({md_url(href)}{hover})"


def source_link(view: View, sid: str, *, detail: bool = False) -> str:
    """A source as "[Publisher, date]" linking to it, its title on hover; with ``detail``, its kind
    (and what it is a copy of) and the date it was accessed follow the link. KeyError for a source
    the data lacks (the validator refuses such a reference)."""
    return _source_links(view.dataset, detail)[sid]


@cached
def _source_links(dataset: Dataset, detail: bool) -> dict[str, str]:
    """Every source's link, made once per data version (a page lists hundreds of them: a row lookup
    in the sources frame for each one cost a third of the Reactions page's run)."""
    links = {}
    for src in dataset.sources.to_dict("records"):
        published = optional_text(src.get("published"))
        label = src["publisher"] + (f", {published}" if published else "")
        link = md_link(src["url"], f"[{label}]", src["title"])
        if detail:
            link += f" _({md(source_kind_text(src.get('kind'), src.get('copy_of')))}, accessed {md(src['accessed'])})_"
        links[src["id"]] = link
    return links


@cached
def _publishers(dataset: Dataset) -> dict[str, str]:
    return dict(zip(dataset.sources["id"], dataset.sources["publisher"], strict=True))


@cached
def quote_checks(dataset: Dataset) -> Mapping[QuoteKey, Check]:
    """The verification log of the data (data/verification.json beside the stations file) by quote;
    empty for an upload, which has no log."""
    if not dataset.files or not dataset.credit.bundled:
        return {}
    read = read_checks(dataset.files[0])
    return checks_by_quote(read[0]) if read else {}


def quote_lines(view: View, evidence: Any, indent: str = "  ") -> str:
    """The verbatim quotes of a record as Markdown block quotes (each with its source, translation
    and what checking it against its page found: data/verification.json), or "no quote yet"."""
    items = [e for e in (evidence if isinstance(evidence, list) else []) if isinstance(e, dict) and e.get("quote")]
    if not items:
        return f"{indent}_{md(NO_QUOTE_YET)}_"
    publishers = _publishers(view.dataset)
    checks = quote_checks(view.dataset)
    lines = []
    for item in items:
        publisher = publishers.get(item["source"], item["source"])
        claim = f"{md(item['claim'])}: " if item.get("claim") else ""
        text = f"{indent}> {claim}“{md(item['quote'])}” — {md(publisher)}"
        if item.get("translation"):
            text += f"  \n{indent}> _{md(item['translation'])}_"
        check = check_of(checks, item.get("source"), item.get("quote"))
        if check is not None:
            mark = "✓" if check.result == "verified" else "⚠"
            text += f"  \n{indent}> {mark} _{md(check.reader_text())}_"
        lines.append(text)
    return "\n".join(lines)


def place_panel(view: View, place: Any) -> None:
    """The panel under the map: the place's popup (loaders.aggregate.place_popups, the same
    decisions and words as the map's popup), its links, and the quotes behind each claim."""
    ds = view.dataset
    stations = view.stations[view.stations["id"].isin(place["station_ids"])]
    popup = place_popups(ds, stations, aggregate_places(stations), view.filters.as_of)[0]
    st.subheader(popup.label)
    link = place_link(st.context.url, view.filters, popup.place_id)
    correct = correction_link(st.context.url, popup.record, ds.checksum)
    st.caption(
        f"Link to this place (its popup opens): [{md(link)}]({md_url(link)}) · "
        f"[{md(POPUP_WORDS['correct'])}]({md_url(correct)})"
    )
    history_events = ds.status_events(stations["id"])
    history = {}
    for line in popup.stations:
        steps = status_history(history_events.get(line.station_id, []), view.filters.as_of)
        if len(steps) > 1:  # a small dated timeline of the status
            history[line.station_id] = " → ".join(
                f"{STATUS_BY_KEY[h.key].label} ({display_date(h.since)})" for h in steps
            )
    st.html(panel_html(ds, popup, view.filters.as_of, history))
    with st.expander("The quote behind each claim"):
        records = ds.stations["evidence"].to_numpy(dtype=object)
        blocks = [
            f"**{md(line.station_id)}**\n\n" + quote_lines(view, records[line.position], indent="")
            for line in popup.stations
        ]
        events = [ds.events.iloc[n].to_dict() for section in popup.sections for n in section.events]
        if events:
            blocks.append("\n".join(event_line(view, e, quotes=True) for e in events))
        for n in popup.disagreements:
            d = ds.disagreements[n]
            blocks.append(
                f"**{md(d['subject'])}**\n\n"
                + "\n".join(f"- {md(c['claim'])}\n" + quote_lines(view, c.get("evidence")) for c in d["claims"])
            )
        st.markdown("\n\n".join(blocks))


def panel_html(
    dataset: Dataset, popup: PlacePopup, as_of: date | None = None, history: dict[str, str] | None = None
) -> str:
    """A place's popup as HTML for the page (templates/place_panel.html): line for line what the
    map's renderer writes. ``history`` (station id -> its status steps) adds the panel's timelines."""
    numbers = {sid: n for n, sid in enumerate(popup_sources(dataset, popup), start=1)}
    sources = dataset.sources

    def refs(ids: Any, limit: int | None = None) -> list[tuple[int, str | None, str]]:
        shown = list(ids)[:limit] if limit else list(ids)
        return [(numbers[sid], safe_url(sources.loc[sid, "url"]), str(sources.loc[sid, "title"])) for sid in shown]

    def event(n: int, key: str) -> dict[str, Any]:
        e = dataset.events.iloc[n]
        return {
            "date": e["date_shown"],
            "type": e["type_label"],
            "actor": e["actor"],
            "actor_kind": e["actor_kind_label"],
            "summary": e["summary"],
            "general": event_role(e) == "general_china",
            "section": key,
            "refs": refs(e["sources"]),
        }

    section_of = {n: s.key for s in popup.sections for n in s.events}
    records = dataset.stations.iloc[[line.position for line in popup.stations]].to_dict("records")
    station_rows = []
    for line, row in zip(popup.stations, records, strict=True):
        status = STATUS_BY_KEY[line.status]
        own = list(row["sources"])
        station_rows.append(
            {
                "bureau": row["bureau"],
                "status": status.label,
                "definition": status.definition,
                "colour": status.colour,
                "since": line.since,
                "listing": listing_text([dataset.reports.loc[r] for r in row["reports"]], row["origin"]),
                "refs": refs(own, MAX_REFS_PER_ITEM),
                "more": max(0, len(own) - MAX_REFS_PER_ITEM),
                "note": optional_text(row.get("note")),
                "unquoted": unquoted_claims(row),
                "history": (history or {}).get(line.station_id),
            }
        )
    source_rows = []
    for sid in numbers:
        src = sources.loc[sid]
        archive = archive_links(src["url"], src.get("accessed"))
        gone = src.get("gone") is True
        published = optional_text(src.get("published"))
        source_rows.append(
            {
                "name": str(src["publisher"]) + (f", {published}" if published else ""),
                "href": archive.wayback if gone and archive else safe_url(src["url"]),
                "title": str(src["title"]),
                "gone": gone,
                "kind": source_kind_text(src.get("kind"), src.get("copy_of")),
                "accessed": optional_text(src.get("accessed")),
                "archive": [archive.wayback, archive.archive_today] if archive else None,
            }
        )
    return render_template(
        "place_panel.html",
        words=POPUP_WORDS,
        mix=popup.mix,
        as_of=display_date(as_of.isoformat()) if as_of else None,
        latest=event(popup.latest, section_of.get(popup.latest, "reactions")) if popup.latest is not None else None,
        stations=station_rows,
        sections=[
            {"key": s.key, "title": s.title, "events": [event(n, s.key) for n in s.events]} for s in popup.sections
        ],
        more=popup.more,
        disagreements=[
            {
                "subject": dataset.disagreements[n]["subject"],
                "claims": [
                    {"claim": c["claim"], "refs": refs(c["sources"])} for c in dataset.disagreements[n]["claims"]
                ],
            }
            for n in popup.disagreements
        ],
        sources=source_rows,
    )


def event_line(view: View, e: dict[str, Any], *, quotes: bool = False) -> str:
    """One event as a Markdown list item: date as precise as known, type, actor, summary, sources;
    with ``quotes``, each source's kind and access date, and the verbatim quotes under it."""
    links = " ".join(source_link(view, sid, detail=quotes) for sid in e["sources"])
    line = (
        f"- {md(e['date_shown'])} · _{md(e['type_label'])}_ · {md(e['actor'])} ({md(e['actor_kind_label'])}): "
        f"{md(e['summary'])} {links}"
    )
    return line + ("\n" + quote_lines(view, e.get("evidence")) if quotes else "")
