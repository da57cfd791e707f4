"""Exports for reporting: publication images, alt text, file names, standalone HTML, tables.

Pure functions returning bytes or text; the UI layer hands them to st.download_button.
Never imports streamlit.
"""

from .alt_text import alt_text
from .citation import SOURCE_LINE, TITLE, citation_lines, data_version
from .filenames import export_filename, slugify
from .html import StandaloneExportError, standalone_map_html
from .image import (
    NATURAL_EARTH_CREDIT,
    PRESETS,
    REGIONS,
    Background,
    Bounds,
    ImageFormat,
    ImageText,
    Preset,
    custom_preset,
    render_map_image,
)
from .tables import reactions_csv, stations_csv, stations_geojson

# Content types for st.download_button(mime=...), keyed by file extension.
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "geojson": "application/geo+json",
}

__all__ = [
    "MIME_TYPES",
    "NATURAL_EARTH_CREDIT",
    "PRESETS",
    "REGIONS",
    "SOURCE_LINE",
    "TITLE",
    "Background",
    "Bounds",
    "ImageFormat",
    "ImageText",
    "Preset",
    "StandaloneExportError",
    "alt_text",
    "citation_lines",
    "custom_preset",
    "data_version",
    "export_filename",
    "reactions_csv",
    "render_map_image",
    "slugify",
    "standalone_map_html",
    "stations_csv",
    "stations_geojson",
]
