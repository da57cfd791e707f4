"""Pure data layer: read, validate, derive status, filter, aggregate. Never imports streamlit."""

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
from .status import DerivedStatus, StatusEvent, derive_status
from .validation import validate_raw, validate_stations
from .vocab import ACTOR_KINDS, BUREAUS, EVENT_TYPES, LOCATION_PRECISIONS, ORIGINS, STATUS_BY_KEY, STATUSES, Status

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
