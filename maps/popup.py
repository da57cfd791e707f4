"""Popup and tooltip HTML for one place. Every data string passes through maps.safe."""

from __future__ import annotations

from typing import Any

from loaders import Dataset, PlaceDetail, STATUS_BY_KEY

from .safe import escape_text, link

MAX_GLOBAL_CHINA_STATEMENTS = 2  # the rest are on the Reactions page; popups stay readable


def _source_refs(source_ids: list[str], numbers: dict[str, int], dataset: Dataset) -> str:
    refs = []
    for sid in source_ids:
        url = dataset.sources.loc[sid, "url"]
        refs.append(link(url, f"[{numbers[sid]}]"))
    return " ".join(refs)


def _status_badge(status: str) -> str:
    s = STATUS_BY_KEY[status]
    return (
        f'<span style="background:{s.colour};color:#000;border:1px solid #333;border-radius:3px;'
        f'padding:0 4px;font-size:11px" title="{escape_text(s.definition)}">{escape_text(s.label)}</span>'
    )


def _source_line(sid: str, dataset: Dataset) -> str:
    src = dataset.sources.loc[sid]
    parts = [link(src["url"], src["title"]), escape_text(src["publisher"])]
    if src.get("published"):
        parts.append(escape_text(src["published"]))
    line = " — ".join([parts[0], ", ".join(parts[1:])])
    copy = src.get("copy_of")
    if isinstance(copy, dict):
        original = ", ".join(escape_text(copy[k]) for k in ("publisher", "title", "published") if copy.get(k))
        line += f" <i>(copy of: {original})</i>"
    return line


def place_popup_html(detail: PlaceDetail, dataset: Dataset, as_of: Any = None) -> str:
    """The popup of one place: stations, reactions, China's position, disagreements, sources."""
    numbers = {sid: i + 1 for i, sid in enumerate(detail.source_ids)}
    n = len(detail.stations)
    out = [
        '<div class="osm-popup" style="font:13px/1.4 sans-serif;max-height:340px;overflow-y:auto;min-width:260px">',
        f'<h4 style="margin:0 0 4px">{escape_text(detail.label)}</h4>',
        f"<div>{n} reported station{'s' if n != 1 else ''}"
        + (f" · as of {escape_text(as_of)}" if as_of else "")
        + "</div>",
        '<ul style="padding-left:16px;margin:4px 0">',
    ]
    reactions: dict[str, dict[str, Any]] = {}
    for item in detail.stations:
        st = item.station
        listed = "; ".join(f"{escape_text(r['title'])} ({escape_text(r['published'])})" for r in item.reports)
        listed = listed or "not in the reports; named by " + escape_text(st["origin"].replace("-", " "))
        out.append(
            f"<li><b>{escape_text(st['bureau'])}</b> bureau · {_status_badge(st['status'])} since "
            f"{escape_text(st['status_since'])}<br><span style='color:#444'>Listed in: {listed}</span> "
            f"{_source_refs(st['sources'], numbers, dataset)}"
            + (f"<br><i>{escape_text(st['note'])}</i>" if st.get("note") else "")
            + "</li>"
        )
        for event in item.events:
            reactions.setdefault(event["id"], event)
    out.append("</ul>")
    if reactions:
        out.append("<b>Reactions</b><ul style='padding-left:16px;margin:4px 0'>")
        for event in sorted(reactions.values(), key=lambda e: (e["start"], e["id"])):
            out.append(
                f"<li>{escape_text(event['date'])} · <i>{escape_text(event['type_label'])}</i> · "
                f"{escape_text(event['actor'])}: {escape_text(event['summary'])} "
                f"{_source_refs(event['sources'], numbers, dataset)}</li>"
            )
        out.append("</ul>")
    if detail.china_statements:
        specific = [e for e in detail.china_statements if not e["global"]]
        general = sorted((e for e in detail.china_statements if e["global"]), key=lambda e: e["start"])
        shown = specific + general[-MAX_GLOBAL_CHINA_STATEMENTS:]
        out.append("<b>Chinese government's position</b><ul style='padding-left:16px;margin:4px 0'>")
        for event in sorted(shown, key=lambda e: (e["start"], e["id"])):
            out.append(
                f"<li>{escape_text(event['date'])} · {escape_text(event['actor'])}: {escape_text(event['summary'])} "
                f"{_source_refs(event['sources'], numbers, dataset)}</li>"
            )
        hidden = len(general) - min(len(general), MAX_GLOBAL_CHINA_STATEMENTS)
        if hidden:
            out.append(f"<li>… {hidden} more general statement{'s' if hidden != 1 else ''} on the Reactions page</li>")
        out.append("</ul>")
    if detail.disagreements:
        out.append("<b>Sources disagree</b><ul style='padding-left:16px;margin:4px 0'>")
        for d in detail.disagreements:
            claims = " <b>vs</b> ".join(
                f"{escape_text(c['claim'])} {_source_refs(c['sources'], numbers, dataset)}" for c in d["claims"]
            )
            out.append(f"<li>{escape_text(d['subject'])}: {claims}</li>")
        out.append("</ul>")
    out.append("<b>Sources</b><ol style='padding-left:20px;margin:4px 0;font-size:12px'>")
    out.extend(f"<li>{_source_line(sid, dataset)}</li>" for sid in detail.source_ids)
    out.append("</ol></div>")
    return "".join(out)


def place_tooltip(label: str, count: int, status: str) -> str:
    return (
        f"{escape_text(label)} · {count} station{'s' if count != 1 else ''} · "
        f"{escape_text(STATUS_BY_KEY[status].label)}"
    )
