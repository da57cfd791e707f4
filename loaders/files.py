"""Read the data files as they are on disk (no validation beyond "is it JSON")."""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

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
# JSON values (objects, arrays, strings, numbers...) a document may hold before it is parsed: a
# 100 000-station data folder holds about 4 million (bench/synthetic.py), and a parsed value costs
# up to ~70 bytes, so this bounds what json.loads may allocate (199 MB of "{}," would be 66 million).
MAX_JSON_VALUES = 6_000_000
# Python refuses to parse integers longer than this (sys.get_int_max_str_digits): longer ones parse
# as infinity, which every number check refuses by field; shorter ones stay integers, and the
# checks say "a 400-digit number" (loaders.rules turns none of them into an OverflowError).
MAX_INT_DIGITS = 4300
_NON_JSON_NUMBER = re.compile(r"(?<![\w\"])(-?Infinity|NaN)(?![\w\"])")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _depth_exceeds(doc: Any, limit: int) -> bool:
    """True if ``doc`` nests lists/objects deeper than ``limit``: walked level by level (no
    recursion to overflow; one list comprehension per level and exact type checks, no object
    per value: this runs over every value of a 100 000-station file). ``doc`` is parsed JSON."""
    level = [doc] if type(doc) is dict or type(doc) is list else []
    depth = 1
    while level:
        if depth > limit:
            return True
        level = [
            child
            for item in level
            for child in (item.values() if type(item) is dict else item)
            if type(child) is dict or type(child) is list
        ]
        depth += 1
    return False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: parsing allocates millions of containers, none in a cycle,
    and each allocation threshold crossed would walk them all again (a third of the CPU of validating
    100 000 stations went to it). Re-enabled after, if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# orjson reads an integer beyond 64 bits as a float where json.loads keeps it exact (rules.py names
# "a 400-digit number"): a document with a run of 19 digits anywhere is left to json.loads.
_DIGITS_ONLY = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))  # every digit "0", the rest " "
_LONG_DIGIT_RUN = b"0" * 19
_CHUNK = 8 * 2**20


def _has_long_digit_run(data: bytes) -> bool:
    """True if ``data`` holds 19 digits in a row: in chunks (no second copy of a large file), at C speed."""
    overlap = len(_LONG_DIGIT_RUN) - 1
    for start in range(0, len(data), _CHUNK):
        if data[max(0, start - overlap) : start + _CHUNK].translate(_DIGITS_ONLY).find(_LONG_DIGIT_RUN) >= 0:
            return True
    return False


_UNDECIDED = object()


def _fast_parse(data: bytes | str) -> Any:
    """``data`` parsed by orjson when the result is certainly what json.loads (with this module's
    rules) gives; else _UNDECIDED, and the caller's json.loads says what is wrong, with its message.
    orjson refuses NaN, Infinity, numbers beyond a double's range, lone surrogates, invalid UTF-8
    and a byte-order mark, each of which takes the slow path."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(raw):
        return _UNDECIDED
    if _has_long_digit_run(raw):
        return _UNDECIDED
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _UNDECIDED


def json_values_at_most(data: bytes | bytearray | str) -> int:
    """An upper bound of the JSON values in ``data``: every value after a container's first is
    preceded by a comma, and every container opens with a bracket (commas and brackets inside
    strings are counted too, so a file of prose errs on the high side). Counted at C speed."""
    if isinstance(data, str):
        return data.count(",") + data.count("[") + data.count("{") + 1
    return data.count(b",") + data.count(b"[") + data.count(b"{") + 1


def too_many_values_message(count: int) -> str:
    return (
        f"holds about {count:,} JSON values (objects, arrays, numbers, texts): at most {MAX_JSON_VALUES:,} "
        "can be read (a 100,000-station data folder holds about 4 million)"
    )


def decode_utf8(data: bytes | bytearray, path: Path | str, *, allow_bom: bool = False) -> str:
    """``data`` as text; StationDataError naming the first byte that is not UTF-8 (the one message
    for it, for the server's files and uploads alike). A UTF-8 byte-order mark is refused unless
    ``allow_bom`` (uploads allow it: spreadsheet programs write one); UTF-16 is named as such."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StationDataError.single(
            path, "is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"
        )
    if utf16_without_bom(data):
        raise StationDataError.single(
            path, "looks like UTF-16 text without a byte-order mark (every other byte is 0): save it as UTF-8"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StationDataError.single(
            path,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded (save it as UTF-8)",
        ) from None
    if text.startswith("\ufeff"):
        if not allow_bom:
            raise StationDataError.single(path, "starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
        text = text[1:]
    return text


def refuse_utf16(data: bytes | bytearray, path: Path | str) -> None:
    """Say so when ``data`` is UTF-16 (spreadsheets' "Unicode text"), with or without its byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StationDataError.single(
            path, "is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"
        )
    if utf16_without_bom(data):
        raise StationDataError.single(
            path, "looks like UTF-16 text without a byte-order mark (every other byte is 0): save it as UTF-8"
        )


def utf16_without_bom(data: bytes | bytearray) -> bool:
    """True if the start of ``data`` reads as UTF-16 text: ASCII with a zero byte beside each character."""
    head = data[:4096]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)


def _parse_int(text: str) -> int | float:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else float("inf") * (-1 if text[0] == "-" else 1)


def parse_json(data: bytes | str, path: Path | str, *, allow_bom: bool = False) -> Any:
    """Parse JSON text from ``path`` (named in every message); raise StationDataError, never anything else.

    Stricter than ``json.loads``: NaN and Infinity (not JSON, though Python accepts them),
    nesting deeper than MAX_DEPTH and more than MAX_JSON_VALUES values (counted before
    anything is parsed) are refused. A UTF-8 byte-order mark is refused unless ``allow_bom``
    (uploads allow it: spreadsheet programs write one).
    """
    count = json_values_at_most(data)
    if count > MAX_JSON_VALUES:
        raise StationDataError.single(path, too_many_values_message(count))
    with gc_paused():
        doc = _fast_parse(data)
    if doc is _UNDECIDED:
        doc = _parse_slowly(data, path, allow_bom=allow_bom)
    if _depth_exceeds(doc, MAX_DEPTH):
        raise StationDataError.single(path, f"not usable: nested deeper than {MAX_DEPTH} levels")
    return doc


def _parse_slowly(data: bytes | str, path: Path | str, *, allow_bom: bool) -> Any:
    """json.loads with this module's rules: what orjson left undecided, and the messages."""
    if isinstance(data, bytes):
        text = decode_utf8(data, path, allow_bom=allow_bom)
    elif data.startswith("\ufeff"):
        if not allow_bom:
            raise StationDataError.single(path, "starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
        text = data[1:]
    else:
        text = data
    if not text.strip():
        raise StationDataError.single(path, "is empty: expected a JSON document")
    try:
        with gc_paused():
            return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int)
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
