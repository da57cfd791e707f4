"""An export's words in the newsroom's language (issue 18): its default title, subtitle and source
line, the "data as of" date, the selection it shows, its alt text. Pure; never imports streamlit.

Everything comes from the catalogues (``i18n.translate``) and CLDR (dates, lists, plural rules,
country and region names): nothing is translated here. English keeps the app's own words exactly,
so an English export does not change. Words from the data (an upload's title, report titles) are
kept as written; the caller escapes them for its context, as everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import geopandas as gpd
from babel.dates import format_skeleton

from i18n import DEFAULT_LANGUAGE, LANGUAGES, format_day, join_list, status_key, status_mix_text, translate
from i18n.names import country_name, region_name
from loaders.credit import Credit
from loaders.dataset import Dataset
from loaders.filters import NO_REPORT, Filters

from .alt_text import alt_text as english_alt_text
from .alt_text import export_subtitle as english_subtitle
from .framing import AREA_FIT, AREA_VIEW, AREA_WORLD, Area
from .image import ImageText

TOP_COUNTRIES = 3  # as exports.alt_text: more than three names read aloud are hard to follow
# The months of the bundled data's two reports as loaders.credit.BUNDLED's source line names them
# ("110 Overseas", Sept. 2022; "Patrol and Persuade", Dec. 2022; data/reports has their days).
BUNDLED_REPORT_MONTHS = (date(2022, 9, 1), date(2022, 12, 1))


def language_choices() -> dict[str, str]:
    """code -> the language's name in itself (CLDR), in i18n's order: what the Export page offers."""
    return {code: language.name for code, language in LANGUAGES.items()}


def default_title(credit: Credit, lang: str) -> str:
    """The image's default title: the catalogue's for the bundled data, an upload's own otherwise."""
    return translate("title.default", lang) if credit.bundled and lang != DEFAULT_LANGUAGE else credit.title


def _month(day: date, lang: str) -> str:
    return format_skeleton("yMMM", day, locale=LANGUAGES[lang].babel)


def default_source_line(dataset: Dataset, lang: str) -> str:
    """The source line: the catalogue's words around the reports' months (CLDR) for the bundled data;
    an upload's own line, as its uploader wrote it, otherwise."""
    credit = dataset.credit
    if lang == DEFAULT_LANGUAGE or not credit.bundled:
        return credit.source_line
    first, second = (_month(day, lang) for day in BUNDLED_REPORT_MONTHS)
    return translate("source.line", lang, sources=translate("source.bundled", lang, first=first, second=second))


def day_text(day: date, lang: str) -> str:
    """A date as the export writes it: ISO in English (as before), CLDR's long form otherwise."""
    return day.isoformat() if lang == DEFAULT_LANGUAGE else format_day(day, lang)


def data_as_of_date(dataset: Dataset, as_of: date | None, lang: str) -> str:
    """The date part of "Data as of …": the data's date, and the statuses' date when one is chosen."""
    known = dataset.data_as_of
    text = day_text(known, lang) if known else ("unknown" if lang == DEFAULT_LANGUAGE else "–")
    if as_of is None:
        return text
    if lang == DEFAULT_LANGUAGE:
        return f"{text} (status as of {as_of.isoformat()})"
    return f"{text} ({translate('status_as_of', lang, date=format_day(as_of, lang))})"


def data_as_of_line(dataset: Dataset, as_of: date | None, lang: str) -> str:
    """ "Data as of 2026-11-23", "Datenstand: 23. November 2026", "2026年11月23日時点のデータ"."""
    return translate("data_as_of", lang, date=data_as_of_date(dataset, as_of, lang))


def status_label(key: str, lang: str) -> str:
    return translate(status_key(key), lang)


def selection_text(filters: Filters, area: Area, dataset: Dataset, lang: str, english: str) -> str:
    """What the export shows, in ``lang``: the filters' values (countries from CLDR, statuses and
    bureaus from the catalogue, report titles as written, the as-of date from CLDR) and the area.
    ``english``: the app's own description (exports.framing.describe_area), returned for English."""
    if lang == DEFAULT_LANGUAGE:
        return english
    parts: list[str] = []
    if filters.countries:
        parts.append(join_list([country_name(c, lang) or c for c in filters.countries], lang))
    if filters.statuses:
        parts.append(join_list([status_label(s, lang) for s in filters.statuses], lang))
    if filters.bureaus:
        parts.append(join_list([translate(f"bureau.{b.lower()}", lang) for b in filters.bureaus], lang))
    if filters.reports:
        titles = [str(dataset.reports.loc[r, "title"]) for r in filters.reports if r != NO_REPORT]
        parts.extend(titles)
    if filters.as_of:
        parts.append(translate("status_as_of", lang, date=format_day(filters.as_of, lang)))
    described = "; ".join(parts)
    if area.kind in (AREA_FIT, AREA_WORLD):
        return described or translate("selection.all", lang)
    where = translate("area.view", lang) if area.kind == AREA_VIEW else region_name(area.kind, lang)
    if not described:
        return translate("selection.all_in_region", lang, region=where)
    if area.kind == AREA_VIEW:
        return translate("selection.in_view", lang, selection=described)
    return translate("selection.in_region", lang, selection=described, region=where)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def subtitle_text(stations: gpd.GeoDataFrame, selection: str, lang: str) -> str:
    """exports.alt_text.export_subtitle in ``lang``: "Alle gemeldeten Stationen: 52 Stationen in 19 Ländern, …"."""
    if lang == DEFAULT_LANGUAGE:
        return english_subtitle(stations, selection)
    what = selection.strip().rstrip(".") or translate("selection.current", lang)
    n = len(stations)
    codes = sorted(set(stations["country_code"].dropna()))
    if not n:
        counted = translate("subtitle.no_station", lang)
    elif len(codes) == 1:
        name = country_name(codes[0], lang) or codes[0]
        counted = translate("count.stations", lang, count=n)
        if name not in what:  # name the one country, unless the selection already does
            counted = translate("subtitle.in_country", lang, stations=counted, country=name)
    else:
        counted = translate(
            "subtitle.in_countries",
            lang,
            stations=translate("count.stations", lang, count=n),
            countries=translate("count.countries", lang, count=len(codes)),
        )
    return translate("subtitle.line", lang, what=_capitalised(what), counted=counted)


def _sentence_gap(lang: str) -> str:
    """Chinese and Japanese run sentences on after their full stop (。); other languages put a space."""
    return "" if lang in ("zh-Hans", "zh-Hant", "ja") else " "


def alt_text_in(stations: gpd.GeoDataFrame, places: gpd.GeoDataFrame, selection: str, lang: str) -> str:
    """exports.alt_text.alt_text in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return english_alt_text(stations, places, selection)
    what = selection.strip().rstrip(".") or translate("selection.current", lang)
    intro = translate("alt.intro", lang, what=what)
    gap = _sentence_gap(lang)
    if not len(stations):
        return f"{intro}{gap}{translate('alt.no_match', lang)}"
    codes = stations["country_code"].dropna()
    sentences = [
        intro,
        translate(
            "alt.covers",
            lang,
            mix=status_mix_text(stations["status"], lang),
            countries=translate("count.countries", lang, count=codes.nunique()),
            circles=translate("count.circles", lang, count=len(places)),
        ),
    ]
    counts = codes.value_counts()
    names = {c: country_name(c, lang) or c for c in counts.index}
    ranked = sorted(counts.items(), key=lambda item: (-int(item[1]), names[item[0]]))[:TOP_COUNTRIES]
    named = [translate("alt.country_count", lang, country=names[c], count=int(n)) for c, n in ranked]
    if len(counts) == 1:
        sentences.append(translate("alt.all_in", lang, country=named[0]))
    elif named:
        sentences.append(translate("alt.top_countries", lang, countries=join_list(named, lang)))
    precision = stations["location_precision"]
    country_only, unplaced = int((precision == "country").sum()), int((precision == "unplaced").sum())
    if country_only:
        sentences.append(translate("alt.country_only", lang, count=country_only))
    if unplaced:
        sentences.append(translate("alt.unplaced", lang, count=unplaced))
    return gap.join(sentences)


def image_attribution(lang: str) -> str:
    """The image footer's credit for its outlines and names (CLDR's too, when the names are translated)."""
    if lang == DEFAULT_LANGUAGE:
        return translate("credit.natural_earth", lang)
    return f"{translate('credit.natural_earth', lang)} · {translate('credit.names', lang)}"


def default_image_text(
    dataset: Dataset, stations: gpd.GeoDataFrame, selection: str, as_of: date | None, lang: str
) -> ImageText:
    """The text an image carries by default in ``lang``: title, subtitle, source line, the date and
    the outlines' credit (the Export page offers each for editing)."""
    return ImageText(
        title=default_title(dataset.credit, lang),
        subtitle=subtitle_text(stations, selection, lang),
        source_line=default_source_line(dataset, lang),
        data_as_of=data_as_of_date(dataset, as_of, lang),
        attribution=image_attribution(lang),
    )


def words_for(keys: Mapping[str, str], lang: str) -> dict[str, str]:
    """{name: translate(key, lang)} for a table of names -> catalogue keys."""
    return {name: translate(key, lang) for name, key in keys.items()}


__all__ = [
    "alt_text_in",
    "data_as_of_date",
    "data_as_of_line",
    "day_text",
    "default_image_text",
    "default_source_line",
    "default_title",
    "image_attribution",
    "language_choices",
    "selection_text",
    "status_label",
    "status_mix_text",
    "subtitle_text",
    "words_for",
]
