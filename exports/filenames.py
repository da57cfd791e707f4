"""File names for downloads that say what is in the file and when it was made.

"overseas-stations_netherlands_2026-11-23.png": a reporter's downloads folder fills with
exports; the name alone should tell a world map from a country and an old one from today's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from loaders.credit import Credit
from loaders.filters import Filters
from loaders.geography import country_name

from .framing import AREA_FIT, AREA_VIEW, Area, region_of

PREFIX = "overseas-stations"
MAX_NAMED = 2  # beyond two names the file name gets long; "selection" says it is a subset


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: safe on every file system and in URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _countries_part(codes: tuple[str, ...]) -> str:
    if not codes:
        return "world"
    if len(codes) > MAX_NAMED:
        return "selection"
    return "-".join(slugify(country_name(code) or code) for code in codes)


def _statuses_part(statuses: tuple[str, ...]) -> str | None:
    if not statuses:
        return None
    if len(statuses) > MAX_NAMED:
        return "several-statuses"
    return "-".join(slugify(s) for s in statuses)


def filename_prefix(credit: Credit) -> str:
    """What every file name starts with: the project's for its data, an upload's own title (slugged)."""
    if credit.bundled:
        return PREFIX
    return slugify(credit.title)[:60].strip("-") or "uploaded-data"


def fitted_region(country_codes: Iterable[object]) -> str | None:
    """The region (exports.framing) that all the pictured stations' countries are in, or None when
    they span several (or none is placed): a fitted picture of them shows that region."""
    regions = {region_of(c) for c in country_codes} - {None}
    return regions.pop() if len(regions) == 1 else None


def export_filename(
    filters: Filters,
    ext: str,
    today: date,
    area: Area | None = None,
    pictured: Iterable[object] | None = None,
    *,
    prefix: str = PREFIX,
) -> str:
    """``overseas-stations_<countries or area>[_<statuses>][_as-of-<date>]_<today>.<ext>``.

    Countries: their names if one or two are selected, "selection" if more; with none, the
    area ("europe", "map-view", "world"). An image fitted to its stations is named after the
    framed area: ``pictured`` (the country codes of the stations in the picture) all in Europe
    gives "europe", several regions "world".
    A map-view export of chosen countries says both. Statuses appear only when filtered; an
    as-of date only when set.
    """
    extension = ext.lstrip(".").lower()
    if not re.fullmatch(r"[a-z0-9]+", extension):
        raise ValueError(f"bad file extension {ext!r}")
    area_part = area.slug if area is not None else None
    if area_part is None and (area is None or area.kind == AREA_FIT) and pictured is not None:
        area_part = fitted_region(pictured)
    if filters.countries:
        parts = [prefix, _countries_part(filters.countries)]
        if area is not None and area.kind == AREA_VIEW:
            parts.append("map-view")
    else:
        parts = [prefix, slugify(area_part) if area_part else "world"]
    statuses = _statuses_part(filters.statuses)
    if statuses:
        parts.append(statuses)
    if filters.as_of is not None:
        parts.append(f"as-of-{filters.as_of.isoformat()}")
    parts.append(today.isoformat())
    return "_".join(parts) + "." + extension
