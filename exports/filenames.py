"""File names for downloads that say what is in the file and when it was made.

"overseas-stations_netherlands_2026-11-23.png": a reporter's downloads folder fills with
exports; the name alone should tell a world map from a country and an old one from today's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from i18n import DEFAULT_LANGUAGE, translate
from i18n.names import country_name as country_name_in
from i18n.names import region_name
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


def slug_in(text: str, lang: str) -> str:
    """slugify for English; in another language its letters are kept (a Dutch "België", a Chinese
    "荷兰"): lower case, anything else between words a hyphen. Streamlit sends a name that is not
    ASCII as RFC 5987's ``filename*``, which browsers read."""
    if lang == DEFAULT_LANGUAGE:
        return slugify(text)
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).casefold()).strip("-")


def _word(key: str, lang: str) -> str:
    return slug_in(translate(key, lang), lang)


def _countries_part(codes: tuple[str, ...], lang: str = DEFAULT_LANGUAGE) -> str:
    if not codes:
        return _word("filename.world", lang)
    if len(codes) > MAX_NAMED:
        return _word("filename.selection", lang)
    named = (country_name(code) if lang == DEFAULT_LANGUAGE else country_name_in(code, lang) for code in codes)
    return "-".join(slug_in(name or code, lang) for name, code in zip(named, codes, strict=True))


def _statuses_part(statuses: tuple[str, ...], lang: str = DEFAULT_LANGUAGE) -> str | None:
    if not statuses:
        return None
    if len(statuses) > MAX_NAMED:
        return _word("filename.several_statuses", lang)
    if lang == DEFAULT_LANGUAGE:
        return "-".join(slugify(s) for s in statuses)
    return "-".join(_word(f"status.{s}", lang) for s in statuses)


def _area_part(area_part: str, lang: str) -> str:
    """An area's part of a file name ("europe", "map-view", "world") in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return slugify(area_part)
    if area_part == "map-view":
        return _word("filename.map_view", lang)
    if area_part == "world":
        return _word("filename.world", lang)
    return slug_in(region_name(area_part, lang), lang)


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
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """``overseas-stations_<countries or area>[_<statuses>][_as-of-<date>]_<today>.<ext>``.

    Countries: their names if one or two are selected, "selection" if more; with none, the
    area ("europe", "map-view", "world"). An image fitted to its stations is named after the
    framed area: ``pictured`` (the country codes of the stations in the picture) all in Europe
    gives "europe", several regions "world".
    A map-view export of chosen countries says both. Statuses appear only when filtered; an
    as-of date only when set. ``lang``: the words (i18n's ``filename.*``), country, region and
    status names in that language (English: as above).
    """
    extension = ext.lstrip(".").lower()
    if not re.fullmatch(r"[a-z0-9]+", extension):
        raise ValueError(f"bad file extension {ext!r}")
    area_part = (area.kind if area.is_region else area.slug) if area is not None else None
    if area_part is None and (area is None or area.kind == AREA_FIT) and pictured is not None:
        area_part = fitted_region(pictured)
    if lang != DEFAULT_LANGUAGE and prefix == PREFIX:
        prefix = _word("filename.prefix", lang)
    if filters.countries:
        parts = [prefix, _countries_part(filters.countries, lang)]
        if area is not None and area.kind == AREA_VIEW:
            parts.append(_word("filename.map_view", lang))
    else:
        parts = [prefix, _area_part(area_part, lang) if area_part else _word("filename.world", lang)]
    statuses = _statuses_part(filters.statuses, lang)
    if statuses:
        parts.append(statuses)
    if filters.as_of is not None:
        parts.append(f"{_word('filename.as_of', lang)}-{filters.as_of.isoformat()}")
    parts.append(today.isoformat())
    return "_".join(parts) + "." + extension
