"""Pure data layer: read, validate, derive status, filter, aggregate. Never imports streamlit.

Which file owns what (DEVELOPING.md says where to change what):

- ``files``: the data files as they are on disk (paths, JSON parsing with its limits); no rules.
- ``rules``: every validation rule (JSON Schema first, then what a schema cannot say);
  ``validate`` is its command line (``python -m loaders.validate data/stations.geojson``);
  ``schemas``: the JSON Schemas of data/schema/, read and compiled once (rules and logs share them).
- ``dataset``: the validated files as frames (``Dataset``: stations, events, links, sources...).
- ``vocab``: the controlled vocabularies (statuses, event types, actor kinds, bureaus...).
- ``status``: a station's status derived from its dated events (one station, or all at once).
- ``dates``: dates known to a year, a month or a day.
- ``evidence``: the verbatim quotes behind the claims; ``verification``: the log of each quote's
  check against its page, and the search log (data/verification.json, data/search-log.json).
- ``filters``: the reader's filters and their URL parameters; ``permalinks``: links to a place,
  a station or a map position.
- ``aggregate``: stations grouped by place, and what a place's popup and panel say.
- ``country_profile``: one country at a glance; ``geography``: country codes, names, outlines.
- ``urls``: the one rule for links (only http(s) URLs are rendered).
- ``search``, ``timeline``, ``freshness``: the search box, the time slider's steps, how current
  the data is.
- ``upload``: a newsroom's own file (CSV, GeoJSON, zip) parsed into a Dataset.
- ``history``: when each record entered the data or last changed (data/history.json) and what
  changed since a date; ``since``: that narrowed to a view, in words, and the places the map rings
  (``?since=`` is parsed by ``permalinks``); ``changelog``: data/CHANGELOG.md by date, and its corrections;
  ``corrections``: a reader's suggested correction; ``archive``: archived copies of a source;
  ``credit``: who the shown data comes from.
- ``coverage`` and ``dictionary``: the figures and the data dictionary in data/README.md;
  ``provenance``: the data files' provenance record.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and editors see; at run time each name is imported on first use
    from .aggregate import (
        PlaceDetail,
        StationDetail,
        aggregate_places,
        events_by_station,
        place_detail,
        place_summary,
        status_counts,
        status_mix,
        status_phrase,
    )
    from .dataset import DEFAULT_DATA_PATH, Dataset, load_dataset, load_stations, read_stations, with_status
    from .dates import PartialDate, date_sort_key, display_date, parse_partial_date
    from .errors import DataProblem, StationDataError
    from .evidence import NO_QUOTE_YET, quote_flag, quotes_summary, source_kind_text
    from .filters import (
        NO_REPORT,
        Filters,
        filter_events,
        filter_stations,
        filters_from_query,
        filters_to_query,
        select_stations,
        view_link,
    )
    from .freshness import Freshness, data_freshness, freshness_line
    from .rules import validate_raw, validate_stations
    from .status import DerivedStatus, StatusEvent, derive_status
    from .vocab import ACTOR_KINDS, BUREAUS, EVENT_TYPES, LOCATION_PRECISIONS, ORIGINS, STATUS_BY_KEY, STATUSES, Status

_SUBMODULE_OF: dict[str, str] = {  # public name -> the submodule that defines it
    "ACTOR_KINDS": "vocab",
    "BUREAUS": "vocab",
    "DEFAULT_DATA_PATH": "dataset",
    "DataProblem": "errors",
    "Dataset": "dataset",
    "DerivedStatus": "status",
    "EVENT_TYPES": "vocab",
    "Filters": "filters",
    "Freshness": "freshness",
    "LOCATION_PRECISIONS": "vocab",
    "NO_QUOTE_YET": "evidence",
    "NO_REPORT": "filters",
    "ORIGINS": "vocab",
    "PartialDate": "dates",
    "PlaceDetail": "aggregate",
    "STATUSES": "vocab",
    "STATUS_BY_KEY": "vocab",
    "StationDataError": "errors",
    "StationDetail": "aggregate",
    "Status": "vocab",
    "StatusEvent": "status",
    "aggregate_places": "aggregate",
    "data_freshness": "freshness",
    "date_sort_key": "dates",
    "derive_status": "status",
    "display_date": "dates",
    "events_by_station": "aggregate",
    "filter_events": "filters",
    "filter_stations": "filters",
    "filters_from_query": "filters",
    "filters_to_query": "filters",
    "freshness_line": "freshness",
    "load_dataset": "dataset",
    "load_stations": "dataset",
    "parse_partial_date": "dates",
    "place_detail": "aggregate",
    "place_summary": "aggregate",
    "quote_flag": "evidence",
    "quotes_summary": "evidence",
    "read_stations": "dataset",
    "select_stations": "filters",
    "source_kind_text": "evidence",
    "status_counts": "aggregate",
    "status_mix": "aggregate",
    "status_phrase": "aggregate",
    "validate_raw": "rules",
    "validate_stations": "rules",
    "view_link": "filters",
    "with_status": "dataset",
}

__all__ = [
    "ACTOR_KINDS",
    "BUREAUS",
    "DEFAULT_DATA_PATH",
    "EVENT_TYPES",
    "LOCATION_PRECISIONS",
    "NO_QUOTE_YET",
    "NO_REPORT",
    "ORIGINS",
    "STATUSES",
    "STATUS_BY_KEY",
    "DataProblem",
    "Dataset",
    "DerivedStatus",
    "Filters",
    "Freshness",
    "PartialDate",
    "PlaceDetail",
    "StationDataError",
    "StationDetail",
    "Status",
    "StatusEvent",
    "aggregate_places",
    "data_freshness",
    "date_sort_key",
    "derive_status",
    "display_date",
    "events_by_station",
    "filter_events",
    "filter_stations",
    "filters_from_query",
    "filters_to_query",
    "freshness_line",
    "load_dataset",
    "load_stations",
    "parse_partial_date",
    "place_detail",
    "place_summary",
    "quote_flag",
    "quotes_summary",
    "read_stations",
    "select_stations",
    "source_kind_text",
    "status_counts",
    "status_mix",
    "status_phrase",
    "validate_raw",
    "validate_stations",
    "view_link",
    "with_status",
]


def __getattr__(name: str) -> Any:
    """Import a public name's submodule on first use (PEP 562): ``python -m loaders.validate`` needs
    files and rules, not pandas and geopandas (half a second of a process's start)."""
    module = _SUBMODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
