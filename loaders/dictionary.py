"""The data dictionary: every field of every file (from the JSON Schemas), the status
vocabulary, the event types and the actor kinds, as tables and Markdown.

The About and Data dictionary pages show them; data/README.md carries them between generated
markers (loaders.coverage writes and checks those blocks).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .dataset import Dataset
from .vocab import ACTOR_KINDS, EVENT_TYPES, STATUS_BY_KEY, STATUSES


def status_table() -> pd.DataFrame:
    """The status vocabulary in derivation order: label, key, meaning, the event types that set it."""
    return pd.DataFrame(
        {
            "Status": [s.label for s in STATUSES],
            "Key": [s.key for s in STATUSES],
            "Meaning": [s.definition for s in STATUSES],
            "Set by events": [
                ", ".join(label for label, sets in EVENT_TYPES.values() if sets == s.key) for s in STATUSES
            ],
        }
    )


def quiet_event_types() -> str:
    """The event types that set no status, as one phrase."""
    return ", ".join(label for label, sets in EVENT_TYPES.values() if sets is None)


def status_markdown() -> str:
    """The status vocabulary as a Markdown table, in derivation order."""
    lines = ["| Status | Meaning | Set by events |", "|---|---|---|"]
    for row in status_table().itertuples(index=False):
        lines.append(f"| {row.Status} (`{row.Key}`) | {row.Meaning} | {row[3]} |")
    return "\n".join(
        [*lines, "", f"Events that set no status (they only make a station known): {quiet_event_types()}."]
    )


def _record_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of one record: a feature's properties, or the items of the file's one list."""
    top = schema["properties"]
    if "features" in top:
        return schema["$defs"]["station"]["properties"]["properties"]
    (listed,) = (v for v in top.values() if v.get("type") == "array")
    return listed["items"]


def fields_markdown(schema_dir: Path) -> str:
    """One table per data file: each field of a record, whether it is required, and its description."""
    out = []
    for name in ("stations", "events", "sources", "reports", "disagreements", "verification", "search-log"):
        schema = json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))
        record = _record_schema(schema)
        required = set(record.get("required", []))
        file = f"{name}.geojson" if name == "stations" else f"{name}.json"
        out += [f"**`{file}`**: {schema['description']}", "", "| Field | Required | Description |", "|---|---|---|"]
        for field, sub in record["properties"].items():
            text = " ".join(sub.get("description", "").split()).replace("|", "\\|")
            out.append(f"| `{field}` | {'yes' if field in required else 'no'} | {text} |")
        out.append("")
    return "\n".join(out).rstrip()


def event_types_markdown() -> str:
    """Every event type: its key, its label and the status it sets."""
    lines = ["| Event type | Label | Sets status |", "|---|---|---|"]
    for key, (label, sets) in EVENT_TYPES.items():
        lines.append(f"| `{key}` | {label} | {STATUS_BY_KEY[sets].label if sets else '— (none)'} |")
    return "\n".join(lines)


def actor_kinds_markdown(dataset: Dataset) -> str:
    """Every actor kind, how the app groups it, and how many events it has."""
    groups = {"host": "host authorities", "china": "Chinese government", "other": "not the host government"}
    counts = dataset.events.loc[~dataset.events["derived"], "actor_kind"].value_counts()
    lines = ["| Actor kind | Label | Shown as | Events |", "|---|---|---|---|"]
    for key, (label, group) in ACTOR_KINDS.items():
        lines.append(f"| `{key}` | {label} | {groups[group]} | {int(counts.get(key, 0))} |")
    return "\n".join(lines)


def markdown_section(markdown: str, heading: str) -> str:
    """The body of the section titled ``heading`` (any level), up to the next heading of that
    level or higher; "" if there is none. For showing part of data/README.md inside the app."""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        stripped = line.lstrip("#")
        level = len(line) - len(stripped)
        if level and stripped.strip() == heading:
            body = []
            for nxt in lines[i + 1 :]:
                nxt_level = len(nxt) - len(nxt.lstrip("#"))
                if nxt_level and nxt_level <= level and nxt[nxt_level : nxt_level + 1] == " ":
                    break
                body.append(nxt)
            return "\n".join(body).strip()
    return ""


def event_types_table() -> pd.DataFrame:
    """Each event type: its key, its words, and the status it sets (none for the quiet ones)."""
    return pd.DataFrame(
        [
            {"Type": key, "Meaning": label, "Sets status": STATUS_BY_KEY[status].label if status else "—"}
            for key, (label, status) in EVENT_TYPES.items()
        ]
    )
