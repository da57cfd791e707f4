"""A country's story as one printable HTML page: stations, actions, China's statements, disagreements, sources.

Self-contained (inline CSS, no script, no network), laid out for A4 by its print CSS, every data
string escaped and only http(s) links rendered. Opened in a browser, Ctrl+P prints it.
"""

from __future__ import annotations

import base64
from typing import Any

from loaders.country_profile import CountrySummary
from loaders.dataset import Dataset
from loaders.vocab import STATUS_BY_KEY
from maps.safe import escape_text, link, optional_text

from .citation import SOURCE_LINE, TITLE, data_as_of, data_version

PRINT_CSS = """
body { font: 11pt/1.45 "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 46em; margin: 2em auto;
       padding: 0 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #ccc; }
.meta, .muted { color: #555; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: .25em .4em; border-bottom: 1px solid #e3e3e3; }
ol.events { padding-left: 1.2em; } ol.events li { margin: .3em 0; }
.dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; border: 1px solid #333;
       vertical-align: -.05em; }
.disagree { border-left: 3px solid #D55E00; padding: .2em .6em; margin: .4em 0; }
img.map { width: 100%; height: auto; border: 1px solid #ddd; }
a { color: #0b57d0; word-break: break-word; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; }
  a[href]::after { content: " <" attr(href) ">"; font-size: 8pt; color: #555; word-break: break-all; }
  h2 { break-after: avoid; } li, tr, .disagree { break-inside: avoid; }
}
"""


def _sources(dataset: Dataset, ids: list[str]) -> str:
    parts = []
    for sid in ids:
        if sid not in dataset.sources.index:
            continue
        src = dataset.sources.loc[sid]
        published = optional_text(src.get("published"))
        parts.append(link(src["url"], f"[{src['publisher']}{', ' + published if published else ''}]", src["title"]))
    return " ".join(parts)


def _event_items(dataset: Dataset, events: list[dict[str, Any]]) -> str:
    if not events:
        return '<p class="muted">None on record.</p>'
    items = [
        f"<li><strong>{escape_text(e['date'])}</strong> · <em>{escape_text(e['type_label'])}</em> · "
        f"{escape_text(e['actor'])}: {escape_text(e['summary'])} {_sources(dataset, list(e['sources']))}</li>"
        for e in events
    ]
    return '<ol class="events">' + "".join(items) + "</ol>"


def country_html(
    summary: CountrySummary,
    dataset: Dataset,
    *,
    citation: str,
    link_url: str | None = None,
    map_png: bytes | None = None,
) -> str:
    """The printable page of ``summary``; ``map_png`` (exports.render_map_image) is embedded if given."""
    s = summary
    rows = []
    for st in s.stations.sort_values(["city", "id"], na_position="last").to_dict("records"):
        status = STATUS_BY_KEY[st["status"]]
        rows.append(
            "<tr>"
            f"<td>{escape_text(optional_text(st.get('city')) or '(city not known)')}</td>"
            f"<td>{escape_text(st['bureau'])}</td>"
            f'<td><span class="dot" style="background:{status.colour}"></span> {escape_text(status.label)}</td>'
            f"<td>{escape_text(st['status_since'])}</td>"
            f"<td>{escape_text(st['id'])}</td>"
            "</tr>"
        )
    stations_table = (
        "<table><thead><tr><th>City</th><th>Bureau</th><th>Status</th><th>Since</th><th>Id</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<p class="muted">No station recorded in this country.</p>'
    )
    disagreements = (
        "".join(
            f'<div class="disagree"><strong>{escape_text(d["subject"])}</strong> ({escape_text(d["topic"])}): '
            + " vs ".join(f"{escape_text(c['claim'])} {_sources(dataset, list(c['sources']))}" for c in d["claims"])
            + "</div>"
            for d in s.disagreements
        )
        or '<p class="muted">None recorded.</p>'
    )
    general = (
        f'<p class="muted">{s.general_china_statements} statement(s) about all the stations are on the app\'s '
        "Reactions page.</p>"
        if s.general_china_statements
        else ""
    )
    as_of = f" · status as of {s.as_of.isoformat()}" if s.as_of else ""
    version = f"Data version {data_version(dataset)}, data as of {data_as_of(dataset) or 'unknown'}{as_of}"
    figure = (
        f'<img class="map" alt="{escape_text("Map of the stations in " + s.name)}" '
        f'src="data:image/png;base64,{base64.b64encode(map_png).decode()}">'
        if map_png
        else ""
    )
    link_line = f"<p class='meta'>Online: {link(link_url, link_url)}</p>" if link_url else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape_text(f"{TITLE}: {s.name}")}</title>
<style>{PRINT_CSS}</style></head>
<body>
<h1>{escape_text(s.name)}</h1>
<p class="meta">{escape_text(TITLE)} · {escape_text(s.mix)} · {escape_text(version)}</p>
{link_line}
{figure}
<h2>Stations</h2>
{stations_table}
<h2>Made public by</h2>
{_event_items(dataset, s.listings)}
<h2>What the authorities did and said</h2>
{_event_items(dataset, s.actions)}
{"<h2>Other governments</h2>" + _event_items(dataset, s.other_governments) if s.other_governments else ""}
<h2>Press, NGOs, legislators and operators</h2>
{_event_items(dataset, s.other_voices)}
<h2>What the Chinese side said</h2>
{_event_items(dataset, s.china_statements)}
{general}
<h2>Where sources disagree</h2>
{disagreements}
<h2>How to cite</h2>
<p>{escape_text(citation)}</p>
<p class="muted">{escape_text(SOURCE_LINE)}. Attribution, not assertion: the stations are as reported; China says
they are volunteer service centres.</p>
</body></html>
"""
