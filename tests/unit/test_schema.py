"""The schemas document every field, and the validator enforces them."""

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


def test_the_events_schema_lists_exactly_the_event_types_of_the_vocabulary() -> None:
    from loaders.vocab import EVENT_TYPES

    schema = json.loads((SCHEMA_DIR / "events.schema.json").read_text())
    enum = schema["properties"]["events"]["items"]["properties"]["type"]["enum"]
    assert enum == list(EVENT_TYPES)


def test_the_stations_schema_lists_exactly_the_origins_and_actor_kinds_of_the_vocabulary() -> None:
    from loaders.vocab import ACTOR_KINDS, ORIGINS

    stations = json.loads((SCHEMA_DIR / "stations.schema.json").read_text())
    props = stations["$defs"]["station"]["properties"]["properties"]["properties"]
    assert props["origin"]["enum"] == list(ORIGINS)
    events = json.loads((SCHEMA_DIR / "events.schema.json").read_text())
    assert events["properties"]["events"]["items"]["properties"]["actor_kind"]["enum"] == list(ACTOR_KINDS)
