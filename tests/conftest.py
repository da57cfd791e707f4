"""Shared test helpers: paths, the bundled dataset, the fixture dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "mini" / "stations.geojson"
BUNDLED = ROOT / "data" / "stations.geojson"


@pytest.fixture(scope="session")
def mini() -> Dataset:
    return load_dataset(FIXTURE)


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return load_dataset(BUNDLED)
