"""exports.alt_text: the sentences that describe a map image."""

from __future__ import annotations

import geopandas as gpd

from exports import (
    ImageText,
    alt_text,
)
from loaders import Dataset, aggregate_places

WORLD = (-170.0, -58.0, 190.0, 80.0)
TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Where they were reported and what happened next",
    source_line="Source: Safeguard Defenders; government statements",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_alt_text_states_totals_statuses_and_leading_countries(mini: Dataset, places: gpd.GeoDataFrame) -> None:
    text = alt_text(mini.stations, places, "all stations")
    assert (
        "7 stations (1 convicted, 2 closure ordered, 2 under investigation, 2 reported) in 4 countries, "
        "drawn as 5 circles" in text
    )
    assert "Italy (2), Netherlands (2) and Canada (1)" in text  # ties by name, so always the same sentence
    assert "1 station is known only by country" in text
    assert "1 station has no known location" in text
    assert "closed" not in text.lower().replace("closure", "")  # zero counts are left out


def test_alt_text_for_an_empty_selection_says_nothing_matches(mini: Dataset) -> None:
    none = mini.stations.iloc[:0]
    text = alt_text(none, aggregate_places(none), "stations in Japan")
    assert "stations in Japan" in text and "No station matches" in text


def test_alt_text_for_one_country_says_all_are_there(mini: Dataset) -> None:
    nl = mini.stations[mini.stations["country_code"] == "NL"]
    text = alt_text(nl, aggregate_places(nl), "stations in the Netherlands")
    assert "2 stations (all closure ordered) in 1 country" in text and "All are in Netherlands (2)." in text
    assert "known only by country" not in text


# --- file names ----------------------------------------------------------------------------
