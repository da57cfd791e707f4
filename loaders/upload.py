"""Bring your own data: a CSV or GeoJSON of points, or a zipped data folder, as a Dataset.

Pure: bytes in, a validated Dataset (or StationDataError listing every problem) out. This module
owns the parsing; the rules (ranges, a likely swap, inside the country, one place one point,
unique ids, dates up to today, links, odd text) are loaders.rules', shared with the curated data.
A CSV or GeoJSON of points is first read in its own terms (row or feature, column), then mapped
to the bundled schema's five files (``raw_from_points``) and validated like the bundled data, so
the map, filters, popups and exports treat it exactly as they treat the bundled data.

Limits are checked while reading, before anything is materialised: the file's size, a CSV's rows
and blank rows, a JSON document's values (counted before it is parsed), a zip's members, their
names and what each inflates to (read through a bounded reader: the sizes a zip declares are not
trusted). Nothing is written to disk, and nothing is read from it.

The columns (``COLUMNS``) and the formats (``FORMATS``) are tables: the upload page shows the one
and offers the other's suffixes in its file picker.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from .credit import Credit, upload_credit
from .dataset import Dataset, dataset_from_raw
from .errors import DataProblem, StationDataError
from .files import (
    COMPANION_FILES,
    MAX_JSON_VALUES,
    RawData,
    decode_utf8,
    json_values_at_most,
    parse_json,
    refuse_utf16,
    too_many_values_message,
)
from .geography import is_iso2
from .rules import (
    MAX_RECORDS,
    MAX_TEXT_CHARS,
    OnePointPerPlace,
    UniqueIds,
    date_problem,
    inside_countries,
    point_problem,
    text_problem,
    url_problem,
)
from .vocab import BUREAUS, STATUS_BY_KEY, STATUSES

MAX_UPLOAD_MB = 50  # the same figure as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNZIPPED_BYTES = 4 * MAX_UPLOAD_BYTES  # what a zip's data files may inflate to, all together
MAX_BLANK_ROWS = MAX_RECORDS  # blank lines a CSV may hold besides its rows
MAX_ZIP_MEMBERS = 1_000  # a data folder has five files; a zip of a million empty ones is a bomb
READ_CHUNK = 1024 * 1024  # a zip member is inflated this much at a time, and counted as it comes

# --- the columns --------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A cell or property as text; None when empty. Numbers become text; anything else is refused."""
    if value is None:
        return None
    if isinstance(value, bool | dict | list):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer of 309 digits or more
            raise ValueError(f"a {len(str(abs(int(value))))}-digit number is not a coordinate") from None
    else:
        text = _text(value)
        if text is None:
            raise ValueError("empty: every point needs a position")
        try:
            number = float(text)
        except ValueError:
            hint = " (use a dot as the decimal separator)" if re.fullmatch(r"-?\d+,\d+", text) else ""
            raise ValueError(f"{text[:40]!r} is not a number{hint}") from None
    if not math.isfinite(number):
        shown = str(value) if len(str(value)) <= 40 else str(value)[:39] + "…"
        raise ValueError(f"{shown} is not a finite number")
    return number


def _required(what: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value)
        if text is None:
            raise ValueError(f"empty: every point needs {what}")
        return text

    return parse


def _country_code(value: Any) -> str:
    code = _required("a country code (ISO 3166-1 alpha-2, e.g. NL)")(value).upper()
    if not is_iso2(code):
        raise ValueError(f'"{code[:40]}" is not an ISO 3166-1 alpha-2 code')
    return code


_STATUS_NAMES = {**{s.key: s.key for s in STATUSES}, **{s.label.casefold(): s.key for s in STATUSES}}


def _status(value: Any) -> str:
    text = _text(value)
    if text is None:
        return "reported"
    key = _STATUS_NAMES.get(text.casefold().replace(" ", "_")) or _STATUS_NAMES.get(text.casefold())
    if key is None:
        raise ValueError(f'"{text[:40]}" is not a status: expected one of {", ".join(STATUS_BY_KEY)}')
    return key


def _bureau(value: Any) -> str:
    text = _text(value)
    if text is None:
        return "unknown"
    match = next((b for b in BUREAUS if b.casefold() == text.casefold()), None)
    if match is None:
        raise ValueError(f'"{text[:40]}" is not a bureau: expected one of {", ".join(BUREAUS)}')
    return match


_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _id(value: Any) -> str | None:
    text = _text(value)
    if text is not None and not _ID_PATTERN.match(text):
        raise ValueError(f'"{text[:40]}": expected lowercase letters, digits and single hyphens')
    return text


@dataclass(frozen=True)
class Column:
    """One column of an uploaded table (a CSV header, or a GeoJSON feature's property)."""

    name: str
    required: bool
    aliases: tuple[str, ...]  # other header names it is found by (case, spaces and hyphens ignored)
    what: str  # what it holds, as the upload page says
    parse: Callable[[Any], Any]  # the cell -> its value; ValueError says why not
    text: bool = True  # checked as text (loaders.rules.text_problem)

    def describe(self) -> str:
        also = f" (aliases: {', '.join(self.aliases)})" if self.aliases else ""
        return self.what + also


COLUMNS: tuple[Column, ...] = (
    Column("place", True, ("name", "city", "place_name"), "Place name, shown as the marker's label",
           _required("a place name")),
    Column("country_code", True, ("country", "iso2", "cc"),
           "ISO 3166-1 alpha-2 code of the country, e.g. NL", _country_code),
    Column("lat", True, ("latitude",), "Latitude in WGS 84 degrees, -90..90; GeoJSON: a Point geometry instead",
           _number, text=False),
    Column("lon", True, ("lng", "long", "longitude"),
           "Longitude in WGS 84 degrees, -180..180; GeoJSON: a Point geometry instead", _number, text=False),
    Column("status", False, (), "One of: " + ", ".join(s.key for s in STATUSES) + " (default: reported)", _status),
    Column("date", False, (), "When it was reported: YYYY, YYYY-MM or YYYY-MM-DD (default: the day of the upload)",
           _text),
    Column("bureau", False, (), "One of: " + ", ".join(BUREAUS) + " (default: unknown)", _bureau),
    Column("source_url", False, ("url", "source", "link"), "An http(s) link to the source", _text),
    Column("note", False, ("notes", "description"), "Free text shown in the popup", _text),
    Column("id", False, (), "Your own identifier: lowercase letters, digits and hyphens; unique", _id),
)  # fmt: skip
COLUMN_BY_NAME = {c.name: c for c in COLUMNS}

# A file to start from (the upload page offers it); tests check that it loads.
TEMPLATE_CSV = (
    "place,country_code,lat,lon,status,date,bureau,source_url,note\n"
    "Amsterdam,NL,52.3676,4.9041,closure_ordered,2022-11-01,Fuzhou,https://example.org/report,Two offices\n"
    "Toronto,CA,43.6532,-79.3832,under_investigation,2022-10,,https://example.org/article,\n"
)

# The event that sets each status (loaders.vocab.EVENT_TYPES), for one event per uploaded point.
_EVENT_FOR_STATUS = {
    "reported": "reported",
    "denied": "denial",
    "under_investigation": "investigation_opened",
    "no_evidence_found": "no_evidence_found",
    "closure_ordered": "closure_ordered",
    "closed": "closed",
    "prosecuted": "charges",
    "convicted": "guilty_verdict",
    "sentenced": "sentence",
}
_WGS84_CRS_NAMES = {"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:epsg::4326", "epsg:4326", "crs84", "wgs84"}
# Rows without a source link cite the upload itself; the reserved .invalid domain (RFC 2606) never resolves.
NO_SOURCE_URL = "https://no-source-given.invalid/"


@dataclass(frozen=True)
class PointRow:
    """One uploaded point, as given, after its own checks."""

    label: str  # "row 5" (spreadsheet numbering: the header is row 1) or "feature 0"
    place: str
    country_code: str
    lon: float
    lat: float
    status: str  # a STATUSES key
    date: str | None
    bureau: str
    source_url: str | None
    note: str | None
    id: str | None


@dataclass(frozen=True)
class Upload:
    """A validated upload: what the session shows instead of the bundled data."""

    name: str
    kind: str  # "csv", "geojson" or "zip"
    dataset: Dataset

    def with_credit(self, credit: Credit) -> Upload:
        """The same upload credited as the uploader says (title, source, credit, licence)."""
        return Upload(self.name, self.kind, self.dataset.with_credit(credit))


# --- the formats --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadFormat:
    """One kind of file the upload takes: its suffixes and the reader that turns it into data."""

    kind: str
    suffixes: tuple[str, ...]
    what: str
    read: Callable[[str, bytes, date], tuple[RawData, list[PointRow] | None]]


def _read_points(points_from: Callable[[str, bytes, date], list[PointRow]]) -> Callable[..., Any]:
    def read(name: str, data: bytes, today: date) -> tuple[RawData, list[PointRow]]:
        points = points_from(name, data, today)
        return raw_from_points(name, points, today), points

    return read


def _read_zip(name: str, data: bytes, today: date) -> tuple[RawData, None]:
    del today
    return raw_from_zip(name, data), None


def _formats() -> tuple[UploadFormat, ...]:
    return (
        UploadFormat("csv", (".csv",), "a CSV of points (comma, semicolon or tab separated)",
                     _read_points(points_from_csv)),
        UploadFormat("geojson", (".geojson", ".json"), "a GeoJSON FeatureCollection of Point features",
                     _read_points(points_from_geojson)),
        UploadFormat("zip", (".zip",), "a zipped data folder in the bundled schema", _read_zip),
    )  # fmt: skip


def upload_suffixes() -> list[str]:
    """What the file picker offers, without dots: ["csv", "geojson", "json", "zip"]."""
    return [s.removeprefix(".") for f in FORMATS for s in f.suffixes]


def format_of(name: str) -> UploadFormat | None:
    suffix = PurePosixPath(name.lower()).suffix
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def dataset_from_upload(name: str, data: bytes, today: date | None = None) -> Upload:
    """The Dataset in an uploaded file, by its extension; StationDataError lists every problem.

    The Dataset is credited to the file (its name as the title, "Source: <name> (uploaded)", no
    licence stated) until the uploader says otherwise (``Upload.with_credit``)."""
    today = today or date.today()
    if len(data) > MAX_UPLOAD_BYTES:
        raise StationDataError.single(
            name, f"is {len(data) / 1024 / 1024:.1f} MB: files up to {MAX_UPLOAD_MB} MB can be uploaded"
        )
    form = format_of(name)
    if form is None:
        suffixes = [s for f in FORMATS for s in f.suffixes]
        raise StationDataError.single(name, f"expected a {', '.join(suffixes[:-1])} or {suffixes[-1]} file")
    raw, points = form.read(name, data, today)
    try:
        dataset = dataset_from_raw(raw, today=today, require_quotes=False, files=[], credit=upload_credit(name))
    except StationDataError as exc:
        if points is None:
            raise
        raise StationDataError(_in_upload_terms(name, points, exc.problems)) from None  # its rows, its columns
    return Upload(name, form.kind, dataset)


# --- CSV ------------------------------------------------------------------------------------------


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def _columns_found(header: Iterable[Any]) -> dict[str, str]:
    """Our column -> the header's column that gives it (first alias present wins)."""
    present = {_normalise_header(h): h for h in header if isinstance(h, str)}
    found: dict[str, str] = {}
    for column in COLUMNS:
        for alias in (column.name, *column.aliases):
            if alias in present:
                found[column.name] = present[alias]
                break
    return found


def _lines(name: str, data: bytes) -> Iterator[str]:
    """The text's lines, decoded as they are read (a 50 MB file is never copied whole); the
    one message for bytes that are not UTF-8 (loaders.files.decode_utf8) when one is met."""
    refuse_utf16(data, name)
    reader = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        yield from reader
    except UnicodeDecodeError:
        decode_utf8(data, name, allow_bom=True)  # raises, naming the byte and its offset
        raise


def points_from_csv(name: str, data: bytes, today: date) -> list[PointRow]:
    """The points of a CSV (comma, semicolon or tab separated), every problem named by row and column.

    Read a row at a time: more than MAX_RECORDS rows, or MAX_BLANK_ROWS blank ones, are refused
    as soon as they are met."""
    lines = _lines(name, data)
    first_line = next(lines, "")
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(_chain(first_line, lines), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    found: dict[str, str] = {}
    index: dict[str, int] = {}
    records: list[tuple[str, dict[str, Any]]] = []
    blank = 0
    row_number = 1  # spreadsheet numbering: the header is row 1
    started_on = 1  # the line the row being read starts on
    try:
        for row in reader:
            if header is None:
                if not any(cell.strip() for cell in row):
                    blank += 1
                    _refuse_blank_rows(name, blank)
                    started_on = reader.line_num + 1
                    continue
                header = row
                found = _columns_found(header)
                missing = [c for c in COLUMNS if c.required and c.name not in found]
                if missing:
                    raise StationDataError(
                        [
                            DataProblem(
                                name, None, c.name, f'missing column "{c.name}" (or one of: {", ".join(c.aliases)})'
                            )
                            for c in missing
                        ]
                    )
                index = {h: i for i, h in enumerate(header)}
                started_on = reader.line_num + 1
                continue
            row_number += 1
            if not any(cell.strip() for cell in row):
                blank += 1
                _refuse_blank_rows(name, blank)
            else:
                if len(records) >= MAX_RECORDS:
                    raise StationDataError.single(
                        name, f"more than {MAX_RECORDS:,} rows: at most {MAX_RECORDS:,} can be checked and drawn"
                    )
                values = {c: (row[index[h]] if index[h] < len(row) else "") for c, h in found.items()}
                records.append((f"row {row_number}", values))
            started_on = reader.line_num + 1
    except csv.Error as exc:
        raise StationDataError.single(
            name, _csv_error_message(exc, started_on, reader.line_num), record=f"row {row_number + 1}"
        ) from None
    if header is None:
        raise StationDataError.single(name, "is empty: expected a header row and one row per point")
    if not records:
        raise StationDataError.single(name, "has a header but no rows: expected one row per point")
    return _checked_points(name, records, today, geometry=False)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _refuse_blank_rows(name: str, blank: int) -> None:
    if blank > MAX_BLANK_ROWS:
        raise StationDataError.single(name, f"more than {MAX_BLANK_ROWS:,} blank rows: is it the right file?")


def _csv_error_message(exc: csv.Error, started_on: int, now_on: int) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return (
            f'a quoted cell opened on line {started_on} is never closed: a closing quote (") is missing, '
            f"so the rest of the file ({now_on - started_on + 1} lines) would be one cell"
        )
    if "field limit" in text:
        if now_on > started_on:
            return (
                f"a quoted cell opened on line {started_on} runs past line {now_on} and {csv.field_size_limit():,} "
                'characters: is a closing quote (") missing?'
            )
        return f"a cell longer than {csv.field_size_limit():,} characters"
    if "NUL" in text:
        return f"line {now_on} holds a NUL byte: is it a text file (UTF-8)?"
    return f"not readable as CSV on line {now_on}: {text}"


# --- GeoJSON --------------------------------------------------------------------------------------


def points_from_geojson(name: str, data: bytes, today: date) -> list[PointRow]:
    """The Point features of a GeoJSON FeatureCollection, every problem named by feature and field."""
    doc = parse_json(data, name, allow_bom=True)  # its values counted before it is parsed
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise StationDataError.single(name, 'expected a GeoJSON FeatureCollection: {"type": "FeatureCollection", …}')
    problems: list[DataProblem] = []
    crs = doc.get("crs")
    if crs is not None:
        crs_name = _crs_name(crs)
        if crs_name is None or crs_name.casefold() not in _WGS84_CRS_NAMES:
            shown = crs_name if crs_name is not None else _short(repr(crs), 80)
            problems.append(
                DataProblem(
                    name,
                    None,
                    "crs",
                    f"declares the coordinate system {shown}: GeoJSON points must be WGS 84 longitude/latitude "
                    '(EPSG:4326, or no "crs" at all); reproject the file first',
                )
            )
    features = doc["features"]
    if not features:
        problems.append(DataProblem(name, None, "features", "no features: expected one Point feature per place"))
    if len(features) > MAX_RECORDS:
        problems.append(DataProblem(name, None, "features", f"{len(features):,} features: at most {MAX_RECORDS:,}"))
    if problems:
        raise StationDataError(problems)
    records: list[tuple[str, dict[str, Any]]] = []
    for i, feature in enumerate(features):
        label = f"feature {i}"
        if not isinstance(feature, dict):
            problems.append(DataProblem(name, label, None, "expected a GeoJSON Feature object"))
            continue
        geometry = feature.get("geometry")
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if kind != "Point":
            got = f'a "{_short(kind, 40)}"' if isinstance(kind, str) else "no geometry"
            problems.append(DataProblem(name, label, "geometry", f"{got}: only Point geometries can be placed"))
            continue
        if not (
            isinstance(coords, list)
            and len(coords) in (2, 3)
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        ):
            problems.append(
                DataProblem(
                    name, label, "geometry", f"coordinates {_short(coords, 80)}: expected [longitude, latitude]"
                )
            )
            continue
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        found = _columns_found(props)
        values: dict[str, Any] = {c: props[h] for c, h in found.items() if c not in ("lat", "lon")}
        values["lon"], values["lat"] = coords[0], coords[1]
        records.append((label, values))
    if problems:
        # Carry on with the features that have points, so that every problem is listed at once.
        try:
            _checked_points(name, records, today, geometry=True)
        except StationDataError as exc:
            problems.extend(exc.problems)
        raise StationDataError(sorted(problems, key=_feature_order))
    return _checked_points(name, records, today, geometry=True)


def _crs_name(crs: Any) -> str | None:
    """The name a GeoJSON 2008 "crs" member declares ({"type": "name", "properties": {"name": …}}), or None."""
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    return name if isinstance(name, str) else None


def _short(value: Any, limit: int) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _feature_order(problem: DataProblem) -> tuple[int, str]:
    match = re.search(r"\d+", problem.record or "")
    return (int(match.group()) if match else -1, problem.field or "")


# --- checks shared by CSV and GeoJSON -------------------------------------------------------------


def _checked_points(
    name: str, records: list[tuple[str, Mapping[str, Any]]], today: date, *, geometry: bool
) -> list[PointRow]:
    """PointRows from (label, values) records: each column parsed by its own parser, then the
    rules of loaders.rules; StationDataError lists every problem of every record."""
    lat_field, lon_field, pair_field = ("geometry",) * 3 if geometry else ("lat", "lon", "lat/lon")
    fields = {"lat": lat_field, "lon": lon_field, "both": pair_field}
    parsed: list[tuple[str, dict[str, Any], list[DataProblem]]] = []
    for label, values in records:
        row_problems: list[DataProblem] = []
        row: dict[str, Any] = {}
        for column in COLUMNS:
            value = values.get(column.name)
            field = {"lat": lat_field, "lon": lon_field}.get(column.name, column.name)
            if column.text and isinstance(value, str):
                if len(value) > MAX_TEXT_CHARS:
                    row_problems.append(
                        DataProblem(
                            name, label, field, f"text of {len(value):,} characters: at most {MAX_TEXT_CHARS:,}"
                        )
                    )
                    continue
                if problem := text_problem(value, name=column.name == "place"):
                    row_problems.append(DataProblem(name, label, field, problem))
                    continue
            try:
                row[column.name] = column.parse(value)
            except ValueError as exc:
                noun = {"lat": "latitude ", "lon": "longitude "}.get(column.name, "")
                row_problems.append(DataProblem(name, label, field, f"{noun}{exc}"))
        parsed.append((label, row, row_problems))

    # Inside the country: checked for all rows at once (a country at a time, vectorised).
    positions = [
        (row.get("country_code"), row["lon"], row["lat"])
        if "lat" in row and "lon" in row and -180 <= row["lon"] <= 180 and -90 <= row["lat"] <= 90
        else (None, 0.0, 0.0)
        for _, row, _ in parsed
    ]
    inside = inside_countries(positions)
    ids, places = UniqueIds(), OnePointPerPlace()
    problems: list[DataProblem] = []
    points: list[PointRow] = []
    for (label, row, row_problems), within in zip(parsed, inside, strict=True):
        code = row.get("country_code")
        if "lat" in row and "lon" in row:
            found = point_problem(row["lon"], row["lat"], code, inside=within)
            if found is not None:
                row_problems.append(DataProblem(name, label, fields[found.axis], found.message))
        if row.get("date") and (problem := date_problem(row["date"], today)):
            row_problems.append(DataProblem(name, label, "date", problem))
        if row.get("source_url") and (problem := url_problem(row["source_url"])):
            row_problems.append(DataProblem(name, label, "source_url", problem))
        if row.get("id") and (problem := ids.problem(label, row["id"])):
            row_problems.append(DataProblem(name, label, "id", problem))
        if not row_problems and (
            problem := places.problem(label, row["country_code"], row["place"], row["lon"], row["lat"])
        ):
            row_problems.append(DataProblem(name, label, pair_field, problem))
        problems.extend(row_problems)
        if not row_problems:
            points.append(
                PointRow(
                    label,
                    row["place"],
                    row["country_code"],
                    row["lon"],
                    row["lat"],
                    row["status"],
                    row["date"],
                    row["bureau"],
                    row["source_url"],
                    row["note"],
                    row["id"],
                )
            )
    if problems:
        raise StationDataError(problems)
    return points


# --- mapping to the bundled schema ----------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")[:40].strip("-") or "place"


def raw_from_points(name: str, points: list[PointRow], today: date) -> RawData:
    """The bundled schema's five files for these points: one station, one dated event and one
    source per point (sources shared by URL). Pure; what it returns is validated like the bundled data."""
    taken = {p.id for p in points if p.id}
    station_ids: list[str] = []
    for p in points:
        if p.id:
            station_ids.append(p.id)
            continue
        base = f"{p.country_code.lower()}-{_slug(p.place)}"
        n = 1
        while f"{base}-{n}" in taken:
            n += 1
        taken.add(f"{base}-{n}")
        station_ids.append(f"{base}-{n}")
    sources: dict[str | None, dict[str, Any]] = {}
    for p in points:
        if p.source_url in sources:
            continue
        sid = f"src-{len(sources) + 1}"
        if p.source_url is None:
            sources[None] = {
                "id": sid,
                "title": f"The uploaded file {name} (no source link given)",
                "publisher": "your upload",
                "url": NO_SOURCE_URL,
                "published": None,
                "accessed": today.isoformat(),
                "kind": "other",
                "note": "No source link was given for these rows; the link leads nowhere (.invalid is reserved).",
            }
        else:
            try:
                host = urlparse(p.source_url).netloc or p.source_url
            except ValueError:
                host = p.source_url
            sources[p.source_url] = {
                "id": sid,
                "title": f"Source given in {name}: {host}",
                "publisher": host,
                "url": p.source_url,
                "published": None,
                "accessed": today.isoformat(),
                "kind": "other",
            }
    features, events = [], []
    for p, sid in zip(points, station_ids, strict=True):
        source_id = sources[p.source_url]["id"]
        properties: dict[str, Any] = {
            "id": sid,
            "city": p.place,
            "country_code": p.country_code,
            "location_precision": "city",
            "bureau": p.bureau,
            "reports": [],
            "origin": "news",
            "sources": [source_id],
        }
        if p.note:
            properties["note"] = p.note
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]}, "properties": properties}
        )
        events.append(
            {
                "id": f"ev-{sid}",
                "date": p.date or today.isoformat(),
                "type": _EVENT_FOR_STATUS[p.status],
                "actor": f"The uploaded file {name}",
                "actor_country": None,
                "actor_kind": "press",  # the newsroom that made the file
                "stations": [sid],
                "summary": f"Status “{STATUS_BY_KEY[p.status].label}” as given in {name}, {p.label}."
                + ("" if p.date else " No date was given: dated the day of the upload."),
                "sources": [source_id],
            }
        )
    folder = Path("upload") / _slug(name)  # a label in messages only: nothing is read or written there
    return RawData(
        stations_path=folder / "stations.geojson",
        stations={"type": "FeatureCollection", "name": name, "features": features},
        events={"events": events},
        sources={"sources": list(sources.values())},
        reports={"reports": []},
        disagreements={"disagreements": []},
    )


_FIELD_IN_UPLOAD = {"city": "place", "geometry": "lat/lon", "sources": "source_url", "url": "source_url"}


def _in_upload_terms(name: str, points: list[PointRow], problems: list[DataProblem]) -> list[DataProblem]:
    """Problems found in the generated files, said of the uploaded file's rows and columns."""
    out = []
    for problem in problems:
        match = re.match(r"(feature|event) (\d+)", problem.record or "")
        record = points[int(match.group(2))].label if match and int(match.group(2)) < len(points) else problem.record
        field = _FIELD_IN_UPLOAD.get(problem.field or "", problem.field)
        out.append(DataProblem(name, record, field, problem.message))
    return out


# --- zipped data folder ---------------------------------------------------------------------------


def _unsafe_member_name(member: str) -> bool:
    """An absolute path, a drive, a backslash or a ".." part: never a file of a data folder."""
    path = PurePosixPath(member)
    return (
        member.startswith(("/", "\\"))
        or "\\" in member
        or "\x00" in member
        or re.match(r"^[A-Za-z]:", member) is not None
        or any(part == ".." for part in path.parts)
    )


class _Budget:
    """What the members read so far have inflated to and hold, against the upload's limits."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bytes = 0
        self.values = 0

    def take(self, path: str, chunk: bytes) -> None:
        self.bytes += len(chunk)
        if self.bytes > MAX_UNZIPPED_BYTES:
            limit = MAX_UNZIPPED_BYTES // 2**20
            raise StationDataError.single(
                path, f"inflates past {limit} MB (with the files before it): at most {limit} MB of data can be read"
            )
        self.values += json_values_at_most(chunk) - 1
        if self.values > MAX_JSON_VALUES:
            raise StationDataError.single(path, too_many_values_message(self.values) + " (with the files before it)")


def _read_member(archive: zipfile.ZipFile, member: str, path: str, budget: _Budget) -> bytearray:
    """A member's bytes, inflated a chunk at a time and counted as they come (the sizes the zip
    declares are not trusted); every way a member can fail to inflate is said of that member."""
    out = bytearray()
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(READ_CHUNK):
                budget.take(path, chunk)
                out += chunk
    except StationDataError:
        raise
    except Exception as exc:  # zlib.error, lzma.LZMAError, BadZipFile (CRC), EOFError, encrypted, unsupported
        reason = str(exc) or type(exc).__name__
        raise StationDataError.single(path, f"cannot be read from the archive: {_short(reason, 200)}") from None
    return out


def raw_from_zip(name: str, data: bytes) -> RawData:
    """The five files of a zipped data folder (stations.geojson and its companions, at the top or
    in one folder), parsed in memory: nothing is extracted to disk. Messages name ``name/file``."""
    members_declared = data.count(b"PK\x01\x02")  # central directory entries, counted before any is parsed
    if members_declared > MAX_ZIP_MEMBERS:
        raise StationDataError.single(
            name, f"holds about {members_declared:,} files: a data folder has five (at most {MAX_ZIP_MEMBERS:,})"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise StationDataError.single(name, "not a zip archive") from None
    with archive:
        infos = archive.infolist()
        unsafe = [i.filename for i in infos if _unsafe_member_name(i.filename)]
        if unsafe:
            raise StationDataError(
                [
                    DataProblem(name, None, None, f"holds {_short(f, 120)!r}: a file outside the folder (an absolute "
                                "path or ..) is never read; zip the data folder itself")
                    for f in unsafe[:10]
                ]
            )  # fmt: skip
        members = {
            info.filename: info for info in infos if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        }
        stations = [f for f in members if PurePosixPath(f).name == "stations.geojson"]
        if len(stations) != 1:
            found = "none" if not stations else ", ".join(sorted(stations))
            raise StationDataError.single(
                name, f"expected one stations.geojson with its companion files beside it; found {found}"
            )
        folder = str(PurePosixPath(stations[0]).parent)
        prefix = "" if folder == "." else folder + "/"
        wanted = {"stations": "stations.geojson", **COMPANION_FILES}
        problems = [
            DataProblem(f"{name}/{prefix}{file}", None, None, "file not found in the archive")
            for file in wanted.values()
            if prefix + file not in members
        ]
        if problems:
            raise StationDataError(problems)
        budget = _Budget(name)
        parts: dict[str, Any] = {}
        for key, file in wanted.items():
            path = f"{name}/{prefix}{file}"
            content = _read_member(archive, prefix + file, path, budget)
            text = decode_utf8(content, path, allow_bom=True)
            del content
            parts[key] = parse_json(text, path)
    return RawData(stations_path=Path(name) / prefix / "stations.geojson", **parts)


FORMATS: tuple[UploadFormat, ...] = _formats()
