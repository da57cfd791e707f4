"""Tables for reporters: the filtered stations as CSV or GeoJSON, the reactions as CSV.

CSV layout: the first lines are a citation, each starting with "# " (title and selection,
source line, data version and as-of date), then a header row and one row per record.
Read it back with ``pandas.read_csv(path, comment="#")``: every text field is quoted, so a
"#" inside a value (a URL fragment) is not taken for a comment. Encoding is plain UTF-8,
no BOM: a BOM would sit before the "#" and hide the citation from ``comment="#"``; in
Excel use Data > From Text/CSV, which asks for the encoding.

Lists (report ids, source ids, station ids) become "; "-joined strings; source URLs are
joined by " | " because ";" may legally appear inside a URL.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from loaders.dataset import Dataset

from .citation import SOURCE_LINE, TITLE, citation_lines, data_as_of, data_version

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
    "first_known",
    "origin",
    "reports",
    "sources",
    "source_urls",
    "note",
    "quotes",
]
# Derived status columns included in the GeoJSON properties next to the stored fields.
STATION_GEOJSON_PROPERTIES = [
    c for c in STATION_CSV_COLUMNS if c not in ("longitude", "latitude", "source_urls", "quotes")
]
REACTION_CSV_COLUMNS = [
    "id",
    "date",
    "type",
    "type_label",
    "actor",
    "actor_country",
    "actor_kind",
    "summary",
    "stations",
    "countries",
    "global",
    "derived",
    "sources",
    "source_urls",
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


def _csv_bytes(comment_lines: Sequence[str], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    for line in comment_lines:
        out.write(f"# {line}\n")
    # QUOTE_NONNUMERIC: all text quoted, so comment="#" readers never cut a value short.
    writer = csv.DictWriter(out, fieldnames=list(columns), quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: ("" if row.get(c) is None else row[c]) for c in columns})
    return out.getvalue().encode("utf-8")


def _station_record(dataset: Dataset, station: dict[str, Any]) -> dict[str, Any]:
    geometry = station.get("geometry")
    has_point = geometry is not None and not geometry.is_empty
    record = {c: _plain(station.get(c)) for c in STATION_CSV_COLUMNS if c in station}
    record["longitude"] = round(geometry.x, 6) if has_point else None
    record["latitude"] = round(geometry.y, 6) if has_point else None
    record["source_urls"] = source_urls(dataset, station.get("sources") or [])
    record["quotes"] = quotes_text(station.get("evidence"))
    return record


def _stations_what(stations_gdf: gpd.GeoDataFrame, selection: str | None) -> str:
    n = len(stations_gdf)
    return f"{n} station{'s' if n != 1 else ''}" + (f" ({selection})" if selection else "")


def stations_csv(
    dataset: Dataset, stations_gdf: gpd.GeoDataFrame, *, selection: str | None = None, source_line: str = SOURCE_LINE
) -> bytes:
    """The stations as UTF-8 CSV: citation lines starting "# ", a header, one row per station.

    ``selection`` describes the filters for the citation line (e.g. "Netherlands, closed").
    """
    records = [_station_record(dataset, s) for s in stations_gdf.to_dict("records")]
    rows = [{c: (URL_SEPARATOR.join(v) if c == "source_urls" else _cell(v)) for c, v in r.items()} for r in records]
    lines = citation_lines(dataset, _stations_what(stations_gdf, selection), source_line)
    return _csv_bytes(lines, STATION_CSV_COLUMNS, rows)


def stations_geojson(
    dataset: Dataset, stations_gdf: gpd.GeoDataFrame, *, selection: str | None = None, source_line: str = SOURCE_LINE
) -> bytes:
    """The stations as a GeoJSON FeatureCollection (UTF-8) with derived status properties.

    Unplaced stations keep their row with ``"geometry": null``. The collection carries a
    ``metadata`` member (a foreign member, RFC 7946 §6.1) with the citation and data version.
    """
    features = []
    for station in stations_gdf.to_dict("records"):
        geometry = station.get("geometry")
        has_point = geometry is not None and not geometry.is_empty
        properties = {c: _plain(station.get(c)) for c in STATION_GEOJSON_PROPERTIES}
        properties["source_urls"] = source_urls(dataset, station.get("sources") or [])
        properties["evidence"] = _plain(station.get("evidence") or [])
        features.append(
            {
                "type": "Feature",
                "id": properties["id"],
                "geometry": {"type": "Point", "coordinates": [geometry.x, geometry.y]} if has_point else None,
                "properties": properties,
            }
        )
    metadata = {
        "title": TITLE,
        "description": _stations_what(stations_gdf, selection),
        "source": source_line,
        "data_version": data_version(dataset),
        "data_checksum_sha256": dataset.checksum,
        "data_as_of": data_as_of(dataset),
        "count": len(features),
    }
    collection = {"type": "FeatureCollection", "metadata": metadata, "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def reactions_csv(
    dataset: Dataset, events_df: pd.DataFrame, *, selection: str | None = None, source_line: str = SOURCE_LINE
) -> bytes:
    """Events (rows of ``dataset.events``, e.g. as filtered on the Reactions page) as UTF-8 CSV.

    Same layout as ``stations_csv``; ``sources`` are ids, ``source_urls`` their URLs.
    """
    rows = []
    for event in events_df.to_dict("records"):
        row = {c: _cell(event.get(c)) for c in REACTION_CSV_COLUMNS if c in event}
        row["source_urls"] = URL_SEPARATOR.join(source_urls(dataset, event.get("sources") or []))
        row["quotes"] = quotes_text(event.get("evidence"))
        rows.append(row)
    n = len(rows)
    what = f"{n} event{'s' if n != 1 else ''}" + (f" ({selection})" if selection else "")
    return _csv_bytes(citation_lines(dataset, what, source_line), REACTION_CSV_COLUMNS, rows)
