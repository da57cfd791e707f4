"""Exports for reporting: publication images, alt text, file names, standalone HTML, tables.

Pure functions returning bytes or text; the UI layer hands them to st.download_button.
Never imports streamlit.
"""

from .alt_text import alt_text, export_subtitle
from .citation import SOURCE_LINE, TITLE, citation_lines, citation_text, data_version
from .filenames import export_filename, slugify
from .framing import (
    AREA_FIT,
    AREA_VIEW,
    AREA_WORLD,
    REGIONS,
    Area,
    IncompleteViewError,
    area_bounds,
    describe_area,
    region_of,
    stations_in_area,
    view_bounds,
)
from .html import StandaloneExportError, standalone_map_html
from .image import (
    NATURAL_EARTH_CREDIT,
    PRESETS,
    Background,
    Bounds,
    ImageFormat,
    ImageText,
    Preset,
    custom_preset,
    render_map_image,
)
from .tables import csv_bundle, event_words, reactions_csv, stations_csv, stations_geojson

# Content types for st.download_button(mime=...), keyed by file extension.
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "zip": "application/zip",
    "csv": "text/csv",
    "geojson": "application/geo+json",
}

__all__ = [
    "AREA_FIT",
    "AREA_VIEW",
    "AREA_WORLD",
    "MIME_TYPES",
    "NATURAL_EARTH_CREDIT",
    "PRESETS",
    "REGIONS",
    "SOURCE_LINE",
    "TITLE",
    "Area",
    "Background",
    "Bounds",
    "ImageFormat",
    "ImageText",
    "IncompleteViewError",
    "Preset",
    "StandaloneExportError",
    "alt_text",
    "area_bounds",
    "citation_lines",
    "citation_text",
    "csv_bundle",
    "custom_preset",
    "data_version",
    "describe_area",
    "event_words",
    "export_filename",
    "export_subtitle",
    "reactions_csv",
    "region_of",
    "render_map_image",
    "slugify",
    "standalone_map_html",
    "stations_csv",
    "stations_geojson",
    "stations_in_area",
    "view_bounds",
]
