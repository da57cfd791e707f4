"""Popup and tooltip HTML for one place. Every data string passes through maps.safe."""

from __future__ import annotations

from typing import Any

from loaders import STATUS_BY_KEY, Dataset, PlaceDetail

from .safe import escape_text, link, optional_text

MAX_REFS_PER_ITEM = 3  # a station can have a dozen sources; the Stations page lists them all


def _source_refs(source_ids: list[str], numbers: dict[str, int], dataset: Dataset, limit: int | None = None) -> str:
    """Numbered links; a source gets its number the first time the popup cites it."""
    shown = source_ids if limit is None else source_ids[:limit]
    for sid in shown:
        numbers.setdefault(sid, len(numbers) + 1)
    refs = [link(dataset.sources.loc[sid, "url"], f"[{numbers[sid]}]") for sid in shown]
    if len(source_ids) > len(shown):
        refs.append(f"(+{len(source_ids) - len(shown)})")
    return " ".join(refs)


def _status_badge(status: str) -> str:
    s = STATUS_BY_KEY[status]
    return (
        f'<span style="background:{s.colour};color:#000;border:1px solid #333;border-radius:3px;'
        f'padding:0 4px;font-size:11px" title="{escape_text(s.definition)}">{escape_text(s.label)}</span>'
    )


def _source_line(sid: str, dataset: Dataset) -> str:
    """Publisher and date as the link (the title shows on hover); a copy names its original."""
    src = dataset.sources.loc[sid]
    published = optional_text(src.get("published"))
    text = src["publisher"] + (f", {published}" if published else "")
    line = link(src["url"], text, title=src["title"])
    copy = src.get("copy_of")
    if isinstance(copy, dict):
        line += f" <i>(copy of {escape_text(copy.get('publisher'))})</i>"
    return line


def place_popup_html(detail: PlaceDetail, dataset: Dataset, as_of: Any = None) -> str:
    """The popup of one place: stations, reactions, China's position, disagreements, sources."""
    numbers: dict[str, int] = {}  # filled as sources are cited, so the list holds only what is shown
    n = len(detail.stations)
    out = [
        '<div class="osm-popup" style="font:13px/1.4 sans-serif;max-height:340px;overflow-y:auto;min-width:260px">',
        f'<h4 style="margin:0 0 4px">{escape_text(detail.label)}</h4>',
        f"<div>{n} reported station{'s' if n != 1 else ''}"
        + (f" · as of {escape_text(as_of)}" if as_of else "")
        + "</div>",
        '<ul style="padding-left:16px;margin:4px 0">',
    ]
    for item in detail.stations:
        st = item.station
        listed = "; ".join(f"{escape_text(r['title'])} ({escape_text(r['published'])})" for r in item.reports)
        listed = listed or "not in the reports; named by " + escape_text(st["origin"].replace("-", " "))
        out.append(
            f"<li><b>{escape_text(st['bureau'])}</b> bureau · {_status_badge(st['status'])} since "
            f"{escape_text(st['status_since'])}<br><span style='color:#444'>Listed in: {listed}</span> "
            f"{_source_refs(st['sources'], numbers, dataset, MAX_REFS_PER_ITEM)}"
            + (f"<br><i>{escape_text(note)}</i>" if (note := optional_text(st.get("note"))) else "")
            + "</li>"
        )
    out.append("</ul>")
    if detail.reactions:
        out.append("<b>Reactions</b><ul style='padding-left:16px;margin:4px 0'>")
        for event in detail.reactions:
            out.append(
                f"<li>{escape_text(event['date'])} · <i>{escape_text(event['type_label'])}</i> · "
                f"{escape_text(event['actor'])}: {escape_text(event['summary'])} "
                f"{_source_refs(event['sources'], numbers, dataset)}</li>"
            )
        out.append("</ul>")
    if detail.china_statements:
        out.append("<b>Chinese government's position</b><ul style='padding-left:16px;margin:4px 0'>")
        for event in detail.china_statements:
            scope = "" if not event["global"] else " (general)"
            out.append(
                f"<li>{escape_text(event['date'])} · {escape_text(event['actor'])}{scope}: "
                f"{escape_text(event['summary'])} {_source_refs(event['sources'], numbers, dataset)}</li>"
            )
        out.append("</ul>")
    if detail.general_statements_left_out:
        n = detail.general_statements_left_out
        out.append(
            f"<div style='color:#444'>{n} more general statement{'s' if n != 1 else ''} "
            "on all stations: Reactions page.</div>"
        )
    if detail.disagreements:
        out.append("<b>Sources disagree</b><ul style='padding-left:16px;margin:4px 0'>")
        for d in detail.disagreements:
            claims = " <b>vs</b> ".join(
                f"{escape_text(c['claim'])} {_source_refs(c['sources'], numbers, dataset)}" for c in d["claims"]
            )
            out.append(f"<li>{escape_text(d['subject'])}: {claims}</li>")
        out.append("</ul>")
    out.append("<b>Sources</b><ol style='padding-left:20px;margin:4px 0;font-size:12px'>")
    out.extend(f"<li>{_source_line(sid, dataset)}</li>" for sid in numbers)
    out.append("</ol></div>")
    return "".join(out)


def place_tooltip(label: str, count: int, status: str) -> str:
    return (
        f"{escape_text(label)} · {count} station{'s' if count != 1 else ''} · "
        f"{escape_text(STATUS_BY_KEY[status].label)}"
    )
