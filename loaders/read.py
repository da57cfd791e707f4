"""Read the data files as they are on disk (no validation beyond "is it JSON")."""

from __future__ import annotations

import json
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


def read_json(path: Path | str) -> Any:
    """Parse one JSON file; a missing or malformed file raises StationDataError naming it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StationDataError.single(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StationDataError.single(path, f"cannot be read: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise StationDataError.single(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None


def read_raw(stations_path: Path | str) -> RawData:
    """Read ``stations.geojson`` and the companion files that sit beside it."""
    stations_path = Path(stations_path)
    parts = {"stations": read_json(stations_path)}
    for name, file_name in COMPANION_FILES.items():
        parts[name] = read_json(stations_path.parent / file_name)
    return RawData(stations_path=stations_path, **parts)
