"""Alt text for an exported map, generated from the same frames the map was drawn from.

Screen-reader users and readers of a text-only feed get the numbers the map shows; a
description written by hand drifts from the data after the first correction.
"""

from __future__ import annotations

import geopandas as gpd

from loaders.aggregate import status_mix

TOP_COUNTRIES = 3  # more than three names in one sentence is hard to follow when read aloud


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _join(items: list[str]) -> str:
    """Join as 'a', 'a and b', 'a, b and c': no serial comma."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _top_countries_phrase(stations_gdf: gpd.GeoDataFrame) -> str:
    counts = stations_gdf["country"].dropna().value_counts()
    if counts.empty:
        return ""
    # Ties broken by name, so the same data always gives the same sentence.
    ranked = sorted(counts.items(), key=lambda item: (-int(item[1]), str(item[0])))[:TOP_COUNTRIES]
    named = [f"{name} ({int(n)})" for name, n in ranked]
    if len(counts) == 1:
        return f"All are in {named[0]}."
    return f"The countries with the most stations are {_join(named)}."


def _precision_phrases(stations_gdf: gpd.GeoDataFrame) -> list[str]:
    precision = stations_gdf["location_precision"]
    country_only = int((precision == "country").sum())
    unplaced = int((precision == "unplaced").sum())
    out = []
    if country_only:
        verb = "is" if country_only == 1 else "are"
        out.append(
            f"{_plural(country_only, 'station')} {verb} known only by country and drawn as a hollow dashed circle."
        )
    if unplaced:
        verb = "has" if unplaced == 1 else "have"
        out.append(f"{_plural(unplaced, 'station')} {verb} no known location: counted here, not drawn.")
    return out


def alt_text(stations_gdf: gpd.GeoDataFrame, places_gdf: gpd.GeoDataFrame, filters_description: str) -> str:
    """Plain sentences describing the map: totals, statuses, leading countries, imprecise locations.

    ``stations_gdf`` is the filtered stations (with status columns), ``places_gdf`` the
    places drawn (loaders.aggregate_places), ``filters_description`` what was selected,
    e.g. "all stations" or "stations in the Netherlands".
    """
    what = filters_description.strip().rstrip(".") or "the current selection"
    intro = f"Map of reported Chinese overseas police service stations: {what}."
    n = len(stations_gdf)
    if n == 0:
        return f"{intro} No station matches this selection."
    countries = _plural(stations_gdf["country"].dropna().nunique(), "country", "countries")
    sentences = [
        intro,
        f"It covers {status_mix(stations_gdf['status'])} in {countries}, drawn as "
        f"{_plural(len(places_gdf), 'circle')}: one per place, sized by its number of stations and coloured by "
        "the furthest status reached.",
        _top_countries_phrase(stations_gdf),
        *_precision_phrases(stations_gdf),
    ]
    return " ".join(s for s in sentences if s)


def export_subtitle(stations_gdf: gpd.GeoDataFrame, selection: str) -> str:
    """The image's subtitle: what was chosen, and how many stations in how many countries.

    "All reported stations in Europe: 52 stations in 19 countries, by place, coloured by status".
    """
    what = selection.strip().rstrip(".") or "the current selection"
    n = len(stations_gdf)
    names = sorted(stations_gdf["country"].dropna().unique())
    if len(names) == 1:  # name the one country, unless the selection already does
        where = "" if names[0] in what else f" in {names[0]}"
    else:
        where = f" in {_plural(len(names), 'country', 'countries')}"
    counted = f"{_plural(n, 'station')}{where}" if n else "no station"
    return f"{what[0].upper()}{what[1:]}: {counted}, by place, coloured by status"
