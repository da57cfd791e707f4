"""Fixtures the unit tests of several modules share."""

from __future__ import annotations

import geopandas as gpd
import pytest

from loaders import Dataset, aggregate_places


@pytest.fixture(scope="module")
def places(mini: Dataset) -> gpd.GeoDataFrame:
    """The fixture dataset's places, as the map and the image exports group them."""
    return aggregate_places(mini.stations)
