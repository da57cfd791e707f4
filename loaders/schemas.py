"""The data's JSON Schemas (data/schema/<name>.schema.json), read and compiled once per process:
the validator (loaders.rules), the verification and search logs (loaders.verification) and the
frames' columns (loaders.dataset) share them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .files import SCHEMA_DIR_NAME

if TYPE_CHECKING:  # imported where a document failed: valid data never needs it (0.08 s of a start)
    from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / SCHEMA_DIR_NAME


@cache
def schema(name: str) -> dict[str, Any]:
    """The schema, checked to be a valid draft 2020-12 schema against the metaschema (read-only for callers)."""
    doc: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    if doc.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        raise ValueError(f"{name}.schema.json: expected a draft 2020-12 schema")
    jsonschema_rs.meta.validate(doc)  # the metaschema its $schema names
    return doc


@cache
def validator(name: str) -> Draft202012Validator:
    """jsonschema's validator: every problem with its path (slow; for a document that failed)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


@cache
def _compiled(name: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schema(name))


def certainly_valid(name: str, doc: Any) -> bool:
    """True if ``doc`` satisfies the schema ``name``, by the same schema compiled by jsonschema-rs
    (Rust, draft 2020-12): 100 000 stations in about 0.2 s of CPU, where fastjsonschema's generated
    Python took 1.3 s and jsonschema half a minute. False means "not certainly": ``validator``
    then says what is wrong, with every path, and is the judge. jsonschema-rs is never more lenient
    than jsonschema on these schemas; it is stricter in two corners, where jsonschema's answer
    stands: a pattern's ``$`` before a final line break, and ``\\d`` for digits of other scripts
    (Python's ``re`` accepts both). What it cannot read as JSON (a key that is not text, a lone
    surrogate, most values of other types built in memory) is left to ``validator`` too. It reads a
    tuple as an array, where jsonschema does not: parsed JSON holds none, and loaders.upload builds
    lists. tests/unit/test_validate_fast_paths.py holds the two to the same answers."""
    try:
        return bool(_compiled(name).is_valid(doc))
    except (ValueError, TypeError, OverflowError, RecursionError):  # not JSON as jsonschema-rs reads it
        return False
