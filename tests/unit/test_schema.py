"""The schemas document every field, and the validator enforces them."""

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "schema"
SCHEMAS = sorted(SCHEMA_DIR.glob("*.schema.json"))


def undocumented(schema: Any, path: str = "") -> list[str]:
    """Paths of properties without a description, walking sub-schemas (not property maps as schemas)."""
    if not isinstance(schema, dict):
        return []
    missing = []
    for name, sub in (schema.get("properties") or {}).items():
        if "description" not in sub:
            missing.append(f"{path}/{name}")
        missing += undocumented(sub, f"{path}/{name}")
    for key in ("items", "oneOf", "anyOf", "$defs"):
        value = schema.get(key)
        subs = (
            value.values()
            if isinstance(value, dict) and key == "$defs"
            else value
            if isinstance(value, list)
            else [value]
        )
        for sub in subs:
            missing += undocumented(sub, f"{path}/{key}")
    return missing


def test_there_is_a_schema_for_each_data_file() -> None:
    assert {p.name for p in SCHEMAS} == {
        f"{n}.schema.json"
        for n in ("stations", "events", "sources", "reports", "disagreements", "verification", "search-log")
    }


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_every_field_of_every_schema_has_a_description(path: Path) -> None:
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    assert undocumented(schema) == []


def _schema(name: str) -> Any:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())


def _station_properties() -> dict[str, Any]:
    return _schema("stations")["$defs"]["station"]["properties"]["properties"]["properties"]


def _enums(schema: Any, path: str = "") -> dict[str, list[Any]]:
    """Every ``enum`` of a schema, by its path ("/properties/events/items/properties/type")."""
    found: dict[str, list[Any]] = {}
    if isinstance(schema, dict):
        if "enum" in schema:
            found[path] = schema["enum"]
        for key, value in schema.items():
            found.update(_enums(value, f"{path}/{key}"))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found.update(_enums(value, f"{path}/{i}"))
    return found


_STATION = "/$defs/station/properties/properties/properties"
_ITEM = "/properties/{}/items/properties"
# Every enum of every schema, and the vocabulary that must list exactly its values in the same
# order: a table of loaders.vocab (the legend, the filters, the dictionary and the exports read it),
# or "module:TABLE" for a table of the loaders module that owns that file's rules.
# A new enum in a schema is one row here.
VOCABULARY_OF_ENUM = {
    ("events", _ITEM.format("events") + "/type"): "EVENT_TYPES",
    ("events", _ITEM.format("events") + "/actor_kind"): "ACTOR_KINDS",
    ("stations", _STATION + "/origin"): "ORIGINS",
    ("stations", _STATION + "/bureau"): "BUREAUS",
    ("stations", _STATION + "/location_precision"): "LOCATION_PRECISIONS",
    ("stations", _STATION + "/evidence/items/properties/claim"): "EVIDENCE_CLAIMS",
    ("reports", _ITEM.format("reports") + "/bureaus/items"): "BUREAUS",
    ("sources", _ITEM.format("sources") + "/kind"): "SOURCE_KINDS",
    ("disagreements", _ITEM.format("disagreements") + "/topic"): "DISAGREEMENT_TOPICS",
    ("verification", "/properties/checks/items/properties/result"): "verification:RESULTS",
    ("verification", "/properties/checks/items/properties/action"): "verification:ACTIONS",
    ("search-log", _ITEM.format("entries") + "/level"): "verification:LEVELS",
}


def _vocabulary(name: str) -> list[Any]:
    module, _, table = name.rpartition(":")
    return list(getattr(importlib.import_module(f"loaders.{module or 'vocab'}"), table))


def test_every_enum_of_every_schema_is_pinned_to_a_vocabulary() -> None:
    found = {
        (path.name.removesuffix(".schema.json"), p) for path in SCHEMAS for p in _enums(json.loads(path.read_text()))
    }
    assert found == set(VOCABULARY_OF_ENUM)


def test_each_schema_enum_lists_exactly_its_vocabulary_in_order(subtests: pytest.Subtests) -> None:
    for (name, path), vocabulary in VOCABULARY_OF_ENUM.items():
        with subtests.test(schema=name, path=path, vocabulary=vocabulary):
            assert _enums(_schema(name))[path] == _vocabulary(vocabulary)


def test_every_station_property_of_the_schema_is_a_column_or_left_out_with_a_reason(subtests: pytest.Subtests) -> None:
    """A new field that validates is then kept (loaders.dataset.STATION_COLUMNS) or its absence is
    explained (STATION_PROPERTIES_LEFT_OUT): never dropped without a word."""
    from loaders.dataset import STATION_COLUMNS, STATION_PROPERTIES_LEFT_OUT

    for name in _station_properties():
        with subtests.test(property=name):
            assert (name in STATION_COLUMNS) != (name in STATION_PROPERTIES_LEFT_OUT), (
                f"{name}: add it to STATION_COLUMNS, or to STATION_PROPERTIES_LEFT_OUT with the reason"
            )
            assert STATION_PROPERTIES_LEFT_OUT.get(name, "a reason").strip(), f"{name}: left out without a reason"
    assert set(STATION_PROPERTIES_LEFT_OUT) <= set(_station_properties()), "left out, but not in the schema"
    derived = {"country": "the country's name, from country_code (loaders.geography)"}
    assert set(STATION_COLUMNS) - set(_station_properties()) == set(derived)
