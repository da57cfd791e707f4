"""Tables for reporters: the filtered stations as CSV or GeoJSON, the reactions as CSV.

CSV layout: the header on the first line, one row per record, nothing else, so that
``pandas.read_csv(path)`` with its defaults and a spreadsheet's double-click both put the
header on row 1. The citation and data version travel beside the CSV, in the README.txt
of ``csv_bundle`` (a zip), not inside it: comment lines break default readers. Encoding is
UTF-8 with a byte-order mark by default, which Excel needs to read curly quotes and accents
rightly and which pandas and Python's csv (encoding="utf-8-sig") skip; ``bom=False`` gives
plain UTF-8.

Text for readers, not ids: ``status_event`` is the words of the event that set the status
(its date, type, actor and summary; ``status_event_id`` keeps the id), ``report_titles`` the
reports' titles. Lists (report ids, source ids, station ids) become "; "-joined strings;
source URLs are joined by " | " because ";" may legally appear inside a URL. Beside them, each
source's archived copies (loaders.archive): ``source_wayback`` (the Wayback Machine's capture nearest
the day the source was read) and ``source_archive_today``, in the same order (an empty slot for a
link that is not http(s)), so a dead link still leads to the page as it was.

No cell is a formula: text beginning with "=", "+", "-", "@", a tab or a carriage return gets a
leading apostrophe (``csv_cell``, OWASP's rule against CSV injection); numbers stay numbers. Every
CSV made here, in the zip and in the standalone map's "get the data", goes through it.

Who the data comes from (title, source line, licence, citation) is ``dataset.credit``: an upload
is credited as its uploader says, never to the bundled data's sources.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from loaders.archive import archive_links
from loaders.dataset import Dataset

from .citation import citation_lines, data_as_of, data_version

LIST_SEPARATOR = "; "
URL_SEPARATOR = " | "

STATION_CSV_COLUMNS = [
    "id",
    "city",
    "country_code",
    "country",
    "location_precision",
    "longitude",
    "latitude",
    "bureau",
    "status",
    "status_label",
    "status_since",
    "status_event",
    "status_event_id",
    "first_known",
    "origin",
    "reports",
    "report_titles",
    "sources",
    "source_urls",
    "source_wayback",
    "source_archive_today",
    "note",
    "quotes",
]
ARCHIVE_COLUMNS = ("source_wayback", "source_archive_today")  # beside source_urls, in its order
# Derived status columns included in the GeoJSON properties next to the stored fields.
STATION_GEOJSON_PROPERTIES = [
    c
    for c in STATION_CSV_COLUMNS
    if c not in ("longitude", "latitude", "source_urls", *ARCHIVE_COLUMNS, "report_titles", "quotes")
]
BOM = "\ufeff"
REACTION_CSV_COLUMNS = [
    "id",
    "date",
    "type",
    "type_label",
    "actor",
    "actor_country",
    "actor_scope",
    "actor_kind",
    "summary",
    "stations",
    "countries",
    "global",
    "derived",
    "sources",
    "source_urls",
    "source_wayback",
    "source_archive_today",
    "quotes",
]


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: Any) -> Any:
    """A JSON/CSV-ready Python value: dates as ISO text, NaN/NA as None, numpy scalars unboxed."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if _is_missing(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar -> Python scalar
    return value


def _cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def source_urls(dataset: Dataset, source_ids: Iterable[str]) -> list[str]:
    """The URL of each cited source, in citation order; ids not in the dataset are skipped."""
    urls = dataset.sources["url"]
    return [str(urls[sid]) for sid in source_ids if sid in urls.index]


def source_archives(dataset: Dataset, source_ids: Iterable[str]) -> dict[str, list[str]]:
    """Each cited source's archived copies, as ``source_urls`` lists them (same sources, same order):
    {"source_wayback": [...], "source_archive_today": [...]}, "" where a URL is not http(s)."""
    sources = dataset.sources
    accessed = sources["accessed"] if "accessed" in sources.columns else pd.Series(dtype=object)
    out: dict[str, list[str]] = {c: [] for c in ARCHIVE_COLUMNS}
    for sid in source_ids:
        if sid not in sources.index:
            continue
        links = archive_links(sources.at[sid, "url"], accessed.get(sid))
        out["source_wayback"].append(links.wayback if links else "")
        out["source_archive_today"].append(links.archive_today if links else "")
    return out


def quotes_text(evidence: Any) -> str:
    """A record's quotes as one cell: '[claim] source: "quote" [translation]' joined by " | "."""
    parts = []
    for item in evidence if isinstance(evidence, list) else []:
        claim = f"{item['claim']} " if item.get("claim") else ""
        text = f'{claim}{item.get("source")}: "{item.get("quote")}"'
        if item.get("translation"):
            text += f" [{item['translation']}]"
        parts.append(text)
    return URL_SEPARATOR.join(parts)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell that no spreadsheet runs: text starting like a formula ("=", "+", "-",
    "@", tab, carriage return) gets a leading apostrophe, which spreadsheets show as text (OWASP's
    CSV injection rule). Numbers (int, float) stay numbers: -79.38 is a longitude, not a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]], bom: bool) -> bytes:
    out = io.StringIO()
    # QUOTE_MINIMAL (the csv module's default): numbers stay numbers in every reader; "\r\n" is
    # RFC 4180's line end, which Excel expects.
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: csv_cell(row.get(c)) for c in columns})
    return ((BOM if bom else "") + out.getvalue()).encode("utf-8")


def event_words(event: dict[str, Any]) -> str:
    """An event as a reader would quote it: "2023-04-12 · Closure ordered · Ministry X: summary"."""
    head = " · ".join(str(v) for v in (event.get("date"), event.get("type_label"), event.get("actor")) if v)
    return f"{head}: {event.get('summary', '')}".strip()


def _events_by_id(dataset: Dataset) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in dataset.events.to_dict("records")}


def _station_record(dataset: Dataset, station: dict[str, Any], events: dict[str, dict[str, Any]]) -> dict[str, Any]:
    geometry = station.get("geometry")
    has_point = geometry is not None and not geometry.is_empty
    record = {c: _plain(station.get(c)) for c in STATION_CSV_COLUMNS if c in station}
    record["longitude"] = round(geometry.x, 6) if has_point else None
    record["latitude"] = round(geometry.y, 6) if has_point else None
    record["source_urls"] = source_urls(dataset, station.get("sources") or [])
    record.update(source_archives(dataset, station.get("sources") or []))
    record["quotes"] = quotes_text(station.get("evidence"))
    event_id = record.get("status_event")
    record["status_event_id"] = event_id
    record["status_event"] = event_words(events[event_id]) if event_id in events else None
    titles = dataset.reports["title"]
    record["report_titles"] = [str(titles[r]) for r in station.get("reports") or [] if r in titles.index]
    return record


def _stations_what(stations_gdf: gpd.GeoDataFrame, selection: str | None) -> str:
    n = len(stations_gdf)
    return f"{n} station{'s' if n != 1 else ''}" + (f" ({selection})" if selection else "")


def stations_csv(dataset: Dataset, stations_gdf: gpd.GeoDataFrame, *, bom: bool = True) -> bytes:
    """The stations as CSV: a header on the first line, one row per station (see the module doc)."""
    events = _events_by_id(dataset)
    records = [_station_record(dataset, s, events) for s in stations_gdf.to_dict("records")]
    joined = ("source_urls", *ARCHIVE_COLUMNS)
    rows = [{c: (URL_SEPARATOR.join(v) if c in joined else _cell(v)) for c, v in r.items()} for r in records]
    return _csv_bytes(STATION_CSV_COLUMNS, rows, bom)


def stations_geojson(
    dataset: Dataset,
    stations_gdf: gpd.GeoDataFrame,
    *,
    selection: str | None = None,
    source_line: str | None = None,
    citation: str | None = None,
) -> bytes:
    """The stations as a GeoJSON FeatureCollection (UTF-8) with derived status properties.

    Unplaced stations keep their row with ``"geometry": null``. The collection carries a
    top-level ``properties`` member (a foreign member, RFC 7946 §6.1; readers that do not know
    it ignore it) with the citation, the data version and the licence.
    """
    events = _events_by_id(dataset)
    features = []
    for station in stations_gdf.to_dict("records"):
        geometry = station.get("geometry")
        has_point = geometry is not None and not geometry.is_empty
        properties = {c: _plain(station.get(c)) for c in STATION_GEOJSON_PROPERTIES}
        properties["status_event_id"] = properties["status_event"]
        event = events.get(str(properties["status_event"]))
        properties["status_event"] = event_words(event) if event else None
        properties["source_urls"] = source_urls(dataset, station.get("sources") or [])
        properties.update(source_archives(dataset, station.get("sources") or []))
        properties["evidence"] = _plain(station.get("evidence") or [])
        features.append(
            {
                "type": "Feature",
                "id": properties["id"],
                "geometry": {"type": "Point", "coordinates": [geometry.x, geometry.y]} if has_point else None,
                "properties": properties,
            }
        )
    credit = dataset.credit
    properties = {
        "title": credit.title,
        "description": _stations_what(stations_gdf, selection),
        "citation": citation or " ".join(citation_lines(dataset, _stations_what(stations_gdf, selection))),
        "source": source_line or credit.source_line,
        "data_version": data_version(dataset),
        "data_checksum_sha256": dataset.checksum,
        "data_as_of": data_as_of(dataset),
        "licence": credit.licence or None,
        "count": len(features),
    }
    collection = {"type": "FeatureCollection", "properties": properties, "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


INTERNATIONAL = "international"  # an international body (the EU's institutions, IPAC): no country's reaction
NATIONAL = "national"


def actor_scope(event: Mapping[str, Any]) -> str:
    """ "international" for an actor that is no country's (the data leaves its ``actor_country``
    empty: the European Commission or Parliament, IPAC), "national" for a country's; "" for a
    report's listing, which is no reaction at all."""
    if event.get("derived"):
        return ""
    return NATIONAL if isinstance(event.get("actor_country"), str) and event["actor_country"] else INTERNATIONAL


def reactions_csv(dataset: Dataset, events_df: pd.DataFrame, *, bom: bool = True) -> bytes:
    """Events (rows of ``dataset.events``, e.g. as filtered on the Reactions page) as CSV.

    Same layout as ``stations_csv``; ``sources`` are ids, ``source_urls`` their URLs.
    ``actor_scope`` tells an international body's reaction (concerning every station, so listed
    with any one country's) from that country's own (``actor_country``).
    """
    rows = []
    for event in events_df.to_dict("records"):
        row = {c: _cell(event.get(c)) for c in REACTION_CSV_COLUMNS if c in event}
        row["actor_scope"] = actor_scope(event)
        row["source_urls"] = URL_SEPARATOR.join(source_urls(dataset, event.get("sources") or []))
        for column, links in source_archives(dataset, event.get("sources") or []).items():
            row[column] = URL_SEPARATOR.join(links)
        row["quotes"] = quotes_text(event.get("evidence"))
        rows.append(row)
    return _csv_bytes(REACTION_CSV_COLUMNS, rows, bom)


COLUMN_NOTES = {
    "id": "the station's stable id",
    "city / country_code / country": "where it is; country_code is ISO 3166-1 alpha-2",
    "location_precision": "city (at the city centre), country (only the country is known), unplaced (not on the map)",
    "longitude / latitude": "WGS 84 degrees; empty when unplaced",
    "bureau": "the Chinese public security bureau the reports name",
    "status / status_label": "the furthest step its dated events reached (key and words)",
    "status_since / status_event": "when, and the event that set it, in words (status_event_id: its id)",
    "first_known": "the first date a source made it public",
    "origin": "who named it: report, host-government, court or news",
    "reports / report_titles": "the reports that list it (ids and titles)",
    "sources / source_urls": "source ids ('; ') and their URLs (' | ')",
    "source_wayback / source_archive_today": "each source's archived copy, in source_urls' order (' | '): the "
    "Wayback Machine's capture nearest the day it was read, and archive.today's newest",
    "quotes": "the verbatim quotes behind its claims: claim source: \"quote\" [English translation], ' | ' between",
}


def licence_text(dataset: Dataset) -> str:
    """The data's licence in a sentence: the project's, an uploader's, or that none was stated."""
    licence = dataset.credit.licence
    if dataset.credit.bundled:
        return (
            f"Data licence {licence}: reuse with attribution. The linked reports and articles belong to their "
            "publishers."
        )
    if licence:
        return f"Data licence (as stated by the uploader): {licence}."
    return "No data licence was stated for this uploaded data: ask whoever compiled it before reusing it."


def readme_text(
    dataset: Dataset, what: str, files: Sequence[str], *, citation: str, source_line: str | None = None
) -> str:
    """The README.txt beside the CSV files: what they hold, how to cite them, what the columns mean."""
    as_of = data_as_of(dataset)
    credit = dataset.credit
    lines = [
        f"{credit.title}: {what}",
        "",
        "How to cite:",
        f"  {citation}",
        "",
        source_line or credit.source_line,
        *([] if credit.bundled else [credit.compiled_by]),
        f"Data version {data_version(dataset)} (SHA-256 of the data files: {dataset.checksum})"
        + (f"; data as of {as_of}" if as_of else ""),
        licence_text(dataset),
        "",
        "Files:",
        *(f"  {name}" for name in files),
        "",
        "The CSV files are UTF-8 with a byte-order mark (Excel reads accents and quotes rightly); the header",
        "is on the first line. pandas: pd.read_csv(path). Lists are joined by '; ', URLs by ' | '.",
        "",
        "Station columns:",
        *(f"  {name}: {note}" for name, note in COLUMN_NOTES.items()),
        "",
        "Statuses are derived from dated events, never typed; the app's About page and data dictionary say how.",
    ]
    return "\r\n".join(lines) + "\r\n"


def csv_bundle(
    dataset: Dataset,
    stations_gdf: gpd.GeoDataFrame,
    *,
    citation: str,
    base_name: str,
    events_df: pd.DataFrame | None = None,
    selection: str | None = None,
    bom: bool = True,
) -> bytes:
    """A zip of ``<base_name>.csv`` (the stations), ``<base_name>_reactions.csv`` when
    ``events_df`` is given, and README.txt with the citation and the data version.

    Entries carry a fixed date, so the same data gives the same bytes.
    """
    files = {f"{base_name}.csv": stations_csv(dataset, stations_gdf, bom=bom)}
    if events_df is not None:
        files[f"{base_name}_reactions.csv"] = reactions_csv(dataset, events_df, bom=bom)
    readme = readme_text(dataset, _stations_what(stations_gdf, selection), list(files), citation=citation)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in {"README.txt": readme.encode("utf-8"), **files}.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


ZIP_DATE = (2022, 9, 1, 0, 0, 0)  # fixed: identical data gives identical zips
