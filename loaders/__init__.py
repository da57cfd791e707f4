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
from .dates import PartialDate, parse_partial_date
from .errors import DataProblem, StationDataError
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
from .status import DerivedStatus, StatusEvent, derive_status
from .validation import validate_raw, validate_stations
from .vocab import BUREAUS, EVENT_TYPES, LOCATION_PRECISIONS, ORIGINS, STATUS_BY_KEY, STATUSES, Status

__all__ = [
    "BUREAUS",
    "DEFAULT_DATA_PATH",
    "EVENT_TYPES",
    "LOCATION_PRECISIONS",
    "NO_REPORT",
    "ORIGINS",
    "STATUSES",
    "STATUS_BY_KEY",
    "DataProblem",
    "Dataset",
    "DerivedStatus",
    "Filters",
    "PartialDate",
    "PlaceDetail",
    "StationDataError",
    "StationDetail",
    "Status",
    "StatusEvent",
    "aggregate_places",
    "derive_status",
    "events_by_station",
    "filter_events",
    "filter_stations",
    "filters_from_query",
    "filters_to_query",
    "load_dataset",
    "load_stations",
    "parse_partial_date",
    "place_detail",
    "place_summary",
    "read_stations",
    "select_stations",
    "status_counts",
    "status_mix",
    "status_phrase",
    "validate_raw",
    "validate_stations",
    "view_link",
    "with_status",
]
