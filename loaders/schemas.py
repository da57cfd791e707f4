"""The data's JSON Schemas (data/schema/<name>.schema.json), read and compiled once per process:
the validator (loaders.rules), the verification and search logs (loaders.verification) and the
frames' columns (loaders.dataset) share them."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

from .files import SCHEMA_DIR_NAME

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / SCHEMA_DIR_NAME


@cache
def schema(name: str) -> dict[str, Any]:
    """The schema, checked to be a valid draft 2020-12 schema (read-only for callers)."""
    doc: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(doc)
    return doc


@cache
def validator(name: str) -> Draft202012Validator:
    """jsonschema's validator: every problem with its path (slow; for a document that failed)."""
    return Draft202012Validator(schema(name))


@cache
def fast_check(name: str) -> Callable[[Any], Any]:
    """The schema compiled to Python by fastjsonschema: 100 000 stations in about a second,
    where jsonschema takes half a minute. It answers only "valid or not" (first error); a
    document it rejects goes through ``validator`` for every problem with its path. It reads
    the schemas as draft-07, which says the same for every keyword they use
    (tests/unit/test_schema.py checks that the two agree)."""
    return fastjsonschema.compile(schema(name), use_default=False, use_formats=False)
