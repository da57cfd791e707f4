"""Read the data files as they are on disk (no validation beyond "is it JSON")."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import StationDataError

COMPANION_FILES = {
    "events": "events.json",
    "sources": "sources.json",
    "reports": "reports.json",
    "disagreements": "disagreements.json",
}

SCHEMA_DIR_NAME = "schema"


@dataclass(frozen=True)
class RawData:
    """The parsed JSON of the five data files, with the paths they came from."""

    stations_path: Path
    stations: dict[str, Any]
    events: dict[str, Any]
    sources: dict[str, Any]
    reports: dict[str, Any]
    disagreements: dict[str, Any]

    def path_of(self, name: str) -> Path:
        if name == "stations":
            return self.stations_path
        return self.stations_path.parent / COMPANION_FILES[name]

    @property
    def files(self) -> list[Path]:
        return [self.path_of(n) for n in ("stations", *COMPANION_FILES)]


MAX_DEPTH = 32  # the deepest real record is 6 levels; deeper is an error, and recursion stays bounded
_NON_JSON_NUMBER = re.compile(r"(?<![\w\"])(-?Infinity|NaN)(?![\w\"])")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _depth_exceeds(doc: Any, limit: int) -> bool:
    """True if ``doc`` nests lists/objects deeper than ``limit`` (iterative: no recursion to overflow)."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def parse_json(data: bytes | str, path: Path | str, *, allow_bom: bool = False) -> Any:
    """Parse JSON text from ``path`` (named in every message); raise StationDataError, never anything else.

    Stricter than ``json.loads``: NaN and Infinity (not JSON, though Python accepts them) and
    nesting deeper than MAX_DEPTH are refused. A UTF-8 byte-order mark is refused unless
    ``allow_bom`` (uploads allow it: spreadsheet programs write one).
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StationDataError.single(
                path, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded"
            ) from None
    else:
        text = data
    if text.startswith("\ufeff"):
        if not allow_bom:
            raise StationDataError.single(path, "starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
        text = text[1:]
    if not text.strip():
        raise StationDataError.single(path, "is empty: expected a JSON document")
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise StationDataError.single(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except ValueError as exc:  # NaN / Infinity, from _reject_constant
        match = _NON_JSON_NUMBER.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        where = f" at line {line}" if line else ""
        raise StationDataError.single(
            path, f"not valid JSON: {exc} is not a JSON number{where} (write a number, or null)"
        ) from None
    except RecursionError:
        raise StationDataError.single(path, f"not usable: nested deeper than {MAX_DEPTH} levels") from None
    if _depth_exceeds(doc, MAX_DEPTH):
        raise StationDataError.single(path, f"not usable: nested deeper than {MAX_DEPTH} levels")
    return doc


def read_json(path: Path | str) -> Any:
    """Parse one JSON file; a missing or malformed file raises StationDataError naming it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StationDataError.single(path, "file not found") from None
    except OSError as exc:
        raise StationDataError.single(path, f"cannot be read: {exc}") from None
    return parse_json(data, path)


def read_raw(stations_path: Path | str) -> RawData:
    """Read ``stations.geojson`` and the companion files that sit beside it."""
    stations_path = Path(stations_path)
    parts = {"stations": read_json(stations_path)}
    for name, file_name in COMPANION_FILES.items():
        parts[name] = read_json(stations_path.parent / file_name)
    return RawData(stations_path=stations_path, **parts)
