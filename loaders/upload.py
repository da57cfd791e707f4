"""Bring your own data: a CSV or GeoJSON of points, or a zipped data folder, as a Dataset.

Pure: bytes in, a validated Dataset (or StationDataError listing every problem) out. A CSV or
GeoJSON of points is first checked in its own terms (row or feature, column), then mapped to
the bundled schema's five files (``raw_from_points``) and validated like the bundled data, so
the map, filters, popups and exports treat it exactly as they treat the bundled data.

Columns (CSV header, or GeoJSON feature properties; names are case-insensitive, aliases in
brackets): required ``place`` (name, city), ``country_code`` (country, iso2), ``lat`` (latitude)
and ``lon`` (lng, longitude), or for GeoJSON a Point geometry instead of lat/lon; optional
``status``, ``date``, ``bureau``, ``source_url`` (url, source), ``note`` (notes, description),
``id``. Other columns are ignored.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from .dataset import Dataset, dataset_from_raw
from .dates import parse_partial_date
from .errors import DataProblem, StationDataError
from .files import COMPANION_FILES, RawData, parse_json
from .geography import is_iso2, is_within_country
from .rules import MAX_RECORDS, MAX_TEXT_CHARS, url_problem
from .vocab import BUREAUS, STATUS_BY_KEY, STATUSES

MAX_UPLOAD_MB = 50  # the same figure as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNZIPPED_BYTES = 4 * MAX_UPLOAD_BYTES  # a zip that inflates past this is refused before it is read

# (column, required, what it holds): the upload page shows this table.
COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("place", True, "Place name, shown as the marker's label (aliases: name, city)"),
    ("country_code", True, "ISO 3166-1 alpha-2 code of the country, e.g. NL (aliases: country, iso2)"),
    ("lat", True, "Latitude in WGS 84 degrees, -90..90 (alias: latitude); GeoJSON: a Point geometry instead"),
    ("lon", True, "Longitude in WGS 84 degrees, -180..180 (aliases: lng, longitude); GeoJSON: a Point geometry"),
    ("status", False, "One of: " + ", ".join(s.key for s in STATUSES) + " (default: reported)"),
    ("date", False, "When it was reported: YYYY, YYYY-MM or YYYY-MM-DD (default: the day of the upload)"),
    ("bureau", False, "One of: " + ", ".join(BUREAUS) + " (default: unknown)"),
    ("source_url", False, "An http(s) link to the source (aliases: url, source)"),
    ("note", False, "Free text shown in the popup (aliases: notes, description)"),
    ("id", False, "Your own identifier: lowercase letters, digits and hyphens; unique"),
)

# A file to start from (the upload page offers it); tests check that it loads.
TEMPLATE_CSV = (
    "place,country_code,lat,lon,status,date,bureau,source_url,note\n"
    "Amsterdam,NL,52.3676,4.9041,closure_ordered,2022-11-01,Fuzhou,https://example.org/report,Two offices\n"
    "Toronto,CA,43.6532,-79.3832,under_investigation,2022-10,,https://example.org/article,\n"
)

_ALIASES = {
    "place": ("place", "name", "city", "place_name"),
    "country_code": ("country_code", "country", "iso2", "cc"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "status": ("status",),
    "date": ("date",),
    "bureau": ("bureau",),
    "source_url": ("source_url", "url", "source", "link"),
    "note": ("note", "notes", "description"),
    "id": ("id",),
}
_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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
_STATUS_NAMES = {**{s.key: s.key for s in STATUSES}, **{s.label.casefold(): s.key for s in STATUSES}}
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


def dataset_from_upload(name: str, data: bytes, today: date | None = None) -> Upload:
    """The Dataset in an uploaded file, by its extension; StationDataError lists every problem."""
    today = today or date.today()
    if len(data) > MAX_UPLOAD_BYTES:
        raise StationDataError.single(
            name, f"is {len(data) / 1024 / 1024:.1f} MB: files up to {MAX_UPLOAD_MB} MB can be uploaded"
        )
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".zip":
        return Upload(name, "zip", dataset_from_raw(raw_from_zip(name, data), today=today, require_quotes=False))
    if suffix == ".csv":
        points, kind = points_from_csv(name, data), "csv"
    elif suffix in (".geojson", ".json"):
        points, kind = points_from_geojson(name, data), "geojson"
    else:
        raise StationDataError.single(name, "expected a .csv, .geojson (or .json) or .zip file")
    raw = raw_from_points(name, points, today)
    try:
        dataset = dataset_from_raw(raw, today=today, require_quotes=False)
    except StationDataError as exc:  # say it in the upload's terms: its rows, its columns
        raise StationDataError(_in_upload_terms(name, points, exc.problems)) from None
    return Upload(name, kind, dataset)


# --- CSV ------------------------------------------------------------------------------------------


def _decode_text(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StationDataError.single(
            name,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded (save it as UTF-8)",
        ) from None
    return text.removeprefix("\ufeff")  # spreadsheet programs write a byte-order mark


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def _columns_found(header: Iterable[str]) -> dict[str, str]:
    """Our column -> the header's column that gives it (first alias present wins)."""
    present = {_normalise_header(h): h for h in header if isinstance(h, str)}
    found: dict[str, str] = {}
    for column, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in present:
                found[column] = present[alias]
                break
    return found


def points_from_csv(name: str, data: bytes) -> list[PointRow]:
    """The points of a CSV (comma, semicolon or tab separated), every problem named by row and column."""
    text = _decode_text(name, data)
    if not text.strip():
        raise StationDataError.single(name, "is empty: expected a header row and one row per point")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        reason = (
            f"a cell longer than {csv.field_size_limit():,} characters"
            if "field limit" in str(exc)
            else f"not readable as CSV: {exc}"
        )
        raise StationDataError.single(name, reason, record=f"row {reader.line_num}") from None
    header, body = rows[0], [r for r in rows[1:] if any(cell.strip() for cell in r)]
    found = _columns_found(header)
    problems = [
        DataProblem(name, None, column, f'missing column "{column}" (or one of: {", ".join(_ALIASES[column][1:])})')
        for column in ("place", "country_code", "lat", "lon")
        if column not in found
    ]
    if problems:
        raise StationDataError(problems)
    if not body:
        raise StationDataError.single(name, "has a header but no rows: expected one row per point")
    if len(body) > MAX_RECORDS:
        raise StationDataError.single(name, f"{len(body):,} rows: at most {MAX_RECORDS:,} can be checked and drawn")
    index = {h: i for i, h in enumerate(header)}
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {c: (row[index[h]] if index[h] < len(row) else "") for c, h in found.items()}
        records.append((f"row {number}", values))
    return _checked_points(name, records, coordinate_field=("lat", "lon"))


# --- GeoJSON --------------------------------------------------------------------------------------


def points_from_geojson(name: str, data: bytes) -> list[PointRow]:
    """The Point features of a GeoJSON FeatureCollection, every problem named by feature and field."""
    doc = parse_json(_decode_text(name, data), name)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise StationDataError.single(name, 'expected a GeoJSON FeatureCollection: {"type": "FeatureCollection", …}')
    problems: list[DataProblem] = []
    crs = doc.get("crs")
    if crs is not None:
        crs_name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        crs_name = crs_name if isinstance(crs_name, str) else repr(crs)[:80]
        if crs_name.casefold() not in _WGS84_CRS_NAMES:
            problems.append(
                DataProblem(
                    name,
                    None,
                    "crs",
                    f"declares the coordinate system {crs_name}: GeoJSON points must be WGS 84 longitude/latitude "
                    "(EPSG:4326); reproject the file first",
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
            got = f'a "{kind}"' if isinstance(kind, str) else "no geometry"
            problems.append(DataProblem(name, label, "geometry", f"{got}: only Point geometries can be placed"))
            continue
        if not (
            isinstance(coords, list)
            and len(coords) in (2, 3)
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        ):
            problems.append(
                DataProblem(name, label, "geometry", f"coordinates {str(coords)[:80]}: expected [longitude, latitude]")
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
            _checked_points(name, records, coordinate_field=("geometry", "geometry"))
        except StationDataError as exc:
            problems.extend(exc.problems)
        raise StationDataError(sorted(problems, key=_feature_order))
    return _checked_points(name, records, coordinate_field=("geometry", "geometry"))


def _feature_order(problem: DataProblem) -> tuple[int, str]:
    match = re.search(r"\d+", problem.record or "")
    return (int(match.group()) if match else -1, problem.field or "")


# --- checks shared by CSV and GeoJSON -------------------------------------------------------------


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
        number = float(value)
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
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _checked_points(
    name: str, records: list[tuple[str, Mapping[str, Any]]], coordinate_field: tuple[str, str]
) -> list[PointRow]:
    """PointRows from (label, values) records; StationDataError lists every problem of every record."""
    problems: list[DataProblem] = []
    points: list[PointRow] = []
    ids: dict[str, str] = {}
    places: dict[tuple[str, str], tuple[float, float, str]] = {}
    lat_field, lon_field = coordinate_field
    today = date.today()

    for label, values in records:
        row_problems: list[DataProblem] = []

        def add(field: str | None, message: str, label: str = label, out: list[DataProblem] = row_problems) -> None:
            out.append(DataProblem(name, label, field, message))

        text: dict[str, str | None] = {}
        for column in ("place", "country_code", "status", "date", "bureau", "source_url", "note", "id"):
            try:
                text[column] = _text(values.get(column))
            except ValueError as exc:
                add(column, str(exc))
                text[column] = None
            if text[column] is not None and len(text[column] or "") > MAX_TEXT_CHARS:
                add(column, f"text of {len(text[column] or ''):,} characters: at most {MAX_TEXT_CHARS:,}")
                text[column] = None
        place = text["place"]
        if place is None and not any(p.field == "place" for p in row_problems):
            add("place", "empty: every point needs a place name")
        code = (text["country_code"] or "").upper()
        if not code:
            add("country_code", "empty: every point needs a country code (ISO 3166-1 alpha-2, e.g. NL)")
        elif not is_iso2(code):
            add("country_code", f'"{code[:40]}" is not an ISO 3166-1 alpha-2 code')
        lat = lon = None
        try:
            lat = _number(values.get("lat"))
        except ValueError as exc:
            add(lat_field, f"latitude {exc}")
        try:
            lon = _number(values.get("lon"))
        except ValueError as exc:
            add(lon_field, f"longitude {exc}")
        if lat is not None and lon is not None:
            _check_position(add, lat_field, code if is_iso2(code) else None, lon, lat)
        status = "reported"
        if text["status"]:
            key = _STATUS_NAMES.get(text["status"].casefold().replace(" ", "_")) or _STATUS_NAMES.get(
                text["status"].casefold()
            )
            if key is None:
                add("status", f'"{text["status"][:40]}" is not a status: expected one of {", ".join(STATUS_BY_KEY)}')
            else:
                status = key
        if text["date"]:
            try:
                parsed = parse_partial_date(text["date"])
                if parsed.start > today:
                    add("date", f"{text['date']} is in the future")
            except ValueError:
                add("date", f'"{text["date"][:40]}" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD')
        bureau = "unknown"
        if text["bureau"]:
            match = next((b for b in BUREAUS if b.casefold() == text["bureau"].casefold()), None)
            if match is None:
                add("bureau", f'"{text["bureau"][:40]}" is not a bureau: expected one of {", ".join(BUREAUS)}')
            else:
                bureau = match
        if text["source_url"] and (problem := url_problem(text["source_url"])):
            add("source_url", problem)
        if text["id"]:
            if not _ID_PATTERN.match(text["id"]):
                add("id", f'"{text["id"][:40]}": expected lowercase letters, digits and single hyphens')
            elif text["id"] in ids:
                add("id", f'duplicate id "{text["id"]}" (first in {ids[text["id"]]}): ids must be unique')
            else:
                ids[text["id"]] = label
        if place and is_iso2(code) and lat is not None and lon is not None and not row_problems:
            key = (code, place.casefold())
            if key in places and places[key][:2] != (lon, lat):
                first = places[key]
                add(
                    lat_field if lat_field == "geometry" else "lat/lon",
                    f"{place}, {code} is at [{lat}, {lon}] here but at [{first[1]}, {first[0]}] in {first[2]}: "
                    "one place, one point (give it the same point, or another name)",
                )
            places.setdefault(key, (lon, lat, label))
        problems.extend(row_problems)
        if not row_problems and place and lat is not None and lon is not None:
            points.append(
                PointRow(
                    label,
                    place,
                    code,
                    lon,
                    lat,
                    status,
                    text["date"],
                    bureau,
                    text["source_url"],
                    text["note"],
                    text["id"],
                )
            )
    if problems:
        raise StationDataError(problems)
    return points


def _check_position(add: Any, field: str, code: str | None, lon: float, lat: float) -> None:
    lat_name, lon_name = ("geometry", "geometry") if field == "geometry" else ("lat", "lon")
    if max(abs(lat), abs(lon)) > 1000:
        add(
            field if field == "geometry" else "lat/lon",
            f"[{lon}, {lat}] looks like projected coordinates (metres), not WGS 84 degrees: "
            "reproject to EPSG:4326 longitude/latitude",
        )
        return
    if not -90 <= lat <= 90:
        swapped = -90 <= lon <= 90 and -180 <= lat <= 180
        hint = f" ({lat_name} and {lon_name} look swapped)" if swapped else ""
        add(lat_name, f"latitude {lat} out of range -90..90{hint}")
        return
    if not -180 <= lon <= 180:
        add(lon_name, f"longitude {lon} out of range -180..180")
        return
    if code is None:
        return
    if is_within_country(code, lon, lat) is False:
        if is_within_country(code, lat, lon):
            order = "[longitude, latitude]" if field == "geometry" else "lat and lon"
            add(field if field == "geometry" else "lat/lon", f"latitude and longitude look swapped: check {order}")
        else:
            add(field if field == "geometry" else "lat/lon", f"point (lat {lat}, lon {lon}) lies outside {code}")


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
            host = urlparse(p.source_url).netloc or p.source_url
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
    folder = Path("upload") / _slug(name)
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


def raw_from_zip(name: str, data: bytes) -> RawData:
    """The five files of a zipped data folder (stations.geojson and its companions, at the top or
    in one folder), parsed in memory: nothing is extracted to disk. Messages name ``name/file``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise StationDataError.single(name, "not a zip archive") from None
    with archive:
        members = {
            info.filename: info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
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
        total = sum(members[prefix + file].file_size for file in wanted.values())
        if total > MAX_UNZIPPED_BYTES:
            limit = MAX_UNZIPPED_BYTES // 2**20
            raise StationDataError.single(name, f"the data files inflate to {total / 2**20:.0f} MB: at most {limit} MB")
        parts: dict[str, Any] = {}
        for key, file in wanted.items():
            path = f"{name}/{prefix}{file}"
            try:
                data_bytes = archive.read(prefix + file)
            except (RuntimeError, zipfile.BadZipFile, NotImplementedError, OSError) as exc:
                raise StationDataError.single(path, f"cannot be read from the archive: {exc}") from None
            parts[key] = parse_json(data_bytes, path, allow_bom=True)
    return RawData(stations_path=Path(name) / prefix / "stations.geojson", **parts)
