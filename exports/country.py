"""A country's story as one printable HTML page: stations, actions, China's statements, disagreements, sources.

Self-contained (inline CSS, no script, no network), laid out for A4 by its print CSS. The page is
templates/country.html, rendered with autoescape (maps.templating): every data string is
escaped without a call to forget, and only http(s) links are rendered. Opened in a browser,
Ctrl+P prints it.
"""

from __future__ import annotations

import base64
from typing import Any

from markupsafe import Markup

from loaders.country_profile import CountrySummary
from loaders.dataset import Dataset
from loaders.vocab import STATUS_BY_KEY
from maps.safe import optional_text
from maps.templating import render_template

from .citation import data_as_of, data_version

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


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _sources(dataset: Dataset, ids: list[str]) -> list[dict[str, Any]]:
    """Each known source as a link: "[Publisher, date]", its title on hover."""
    refs = []
    for sid in ids:
        if sid not in dataset.sources.index:
            continue
        src = dataset.sources.loc[sid]
        published = optional_text(src.get("published"))
        text = f"[{src['publisher']}{', ' + published if published else ''}]"
        refs.append({"url": src["url"], "text": text, "title": src["title"]})
    return refs


def _events(dataset: Dataset, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "date": _text(e["date"]),
            "type_label": _text(e["type_label"]),
            "actor": _text(e["actor"]),
            "summary": _text(e["summary"]),
            "sources": _sources(dataset, list(e["sources"])),
        }
        for e in events
    ]


def country_html(
    summary: CountrySummary,
    dataset: Dataset,
    *,
    citation: str,
    link_url: str | None = None,
    map_png: bytes | None = None,
) -> str:
    """The printable page of ``summary`` (templates/country.html); ``map_png``
    (exports.render_map_image) is embedded if given."""
    s = summary
    stations = [
        {
            "city": optional_text(st.get("city")) or "(city not known)",
            "bureau": _text(st["bureau"]),
            "colour": STATUS_BY_KEY[st["status"]].colour,
            "status": STATUS_BY_KEY[st["status"]].label,
            "since": _text(st["status_since"]),
            "id": _text(st["id"]),
        }
        for st in s.stations.sort_values(["city", "id"], na_position="last").to_dict("records")
    ]
    disagreements = [
        {
            "subject": _text(d["subject"]),
            "topic": _text(d["topic"]),
            "claims": [
                {"claim": _text(c["claim"]), "sources": _sources(dataset, list(c["sources"]))} for c in d["claims"]
            ],
        }
        for d in s.disagreements
    ]
    as_of = f" · status as of {s.as_of.isoformat()}" if s.as_of else ""
    return render_template(
        "country.html",
        css=Markup(PRINT_CSS),  # our own constant: its quotes and ">" must stay as written
        app_title=dataset.credit.title,
        name=s.name,
        mix=s.mix,
        version=f"Data version {data_version(dataset)}, data as of {data_as_of(dataset) or 'unknown'}{as_of}",
        link_url=link_url,
        map_png_base64=base64.b64encode(map_png).decode() if map_png else None,
        stations=stations,
        listings=_events(dataset, s.listings),
        actions=_events(dataset, s.actions),
        other_governments=_events(dataset, s.other_governments),
        other_voices=_events(dataset, s.other_voices),
        china_statements=_events(dataset, s.china_statements),
        general_china_statements=s.general_china_statements,
        disagreements=disagreements,
        citation=citation,
        source_line=dataset.credit.source_line,
    )
