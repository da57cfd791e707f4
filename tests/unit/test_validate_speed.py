"""What keeps ``python -m loaders.validate`` fast on 100 000 stations (issue 17) without changing
what it decides: no pandas or geopandas at its start, the outlines read without them exactly as
GDAL reads them, the fast JSON parser's results the standard library's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely

from loaders.files import parse_json
from loaders.geography import WORLD_ATLAS_DIR, country_shape, read_countries, topojson_shapes
from tests.conftest import FIXTURE

ROOT = Path(__file__).resolve().parents[2]


def test_the_validator_command_imports_neither_pandas_nor_geopandas() -> None:
    script = (
        "import sys\nfrom loaders.validate import main\n"
        f"code = main([{str(FIXTURE)!r}])\n"
        "print(code, sorted(m for m in ('pandas', 'geopandas', 'pyogrio') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_outlines_read_without_geopandas_are_gdals() -> None:
    gdf = read_countries("50m")  # pyogrio (GDAL's TopoJSON driver)
    ours = topojson_shapes(WORLD_ATLAS_DIR / "countries-50m.json", "countries")
    assert len(ours) == len(gdf)
    for (numeric, shape), gdal_id, gdal_shape in zip(ours, gdf["id"], gdf.geometry, strict=True):
        assert numeric == (None if pd.isna(gdal_id) else str(gdal_id))
        assert shapely.equals_exact(shapely.normalize(shape), shapely.normalize(gdal_shape), 1e-9), numeric


@pytest.mark.parametrize("iso2", ["NL", "US", "FR", "FJ", "RU", "ZA"])
def test_a_countrys_outline_is_its_parts_made_valid_and_merged(iso2: str) -> None:
    gdf = read_countries("50m")
    expected = gdf[gdf["iso2"] == iso2].geometry.make_valid().union_all()
    assert country_shape(iso2).equals(expected)


@pytest.mark.parametrize(
    "text",
    [
        '{"n": 18446744073709551616}',  # beyond 64 bits: orjson would read a float
        '{"n": -9223372036854775809}',
        '{"n": 1e400}',  # beyond a double: json.loads reads infinity
        '{"t": "\\ud800 alone"}',  # a lone surrogate: json.loads keeps it (the text rules refuse it)
        '{"a": 1, "a": 2}',
        "[1.5e-400, -0, 0.1, 12345678901234567]",
    ],
)
def test_parsed_values_are_those_of_the_standard_library(text: str) -> None:
    for data in (text, text.encode("utf-8")):
        parsed = parse_json(data, "x.json")
        assert json.dumps(parsed) == json.dumps(json.loads(text))
        assert [type(v) for v in _scalars(parsed)] == [type(v) for v in _scalars(json.loads(text))]


def _scalars(doc: object) -> list[object]:
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in _scalars(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in _scalars(v)]
    return [doc]
