"""Country, region and city names in other languages: CLDR and Natural Earth, never by hand."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from i18n import DEFAULT_LANGUAGE, LANGUAGES
from i18n.names import PLACES_PATH, cldr_city_names, country_name, place_name, place_names, region_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build_places():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_places", ROOT / "scripts" / "build_places.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_places"] = module
    spec.loader.exec_module(module)
    return module


def test_country_names_come_from_cldr_and_english_keeps_the_apps_own() -> None:
    assert country_name("NL", "en") == "Netherlands"
    assert country_name("NL", "de") == "Niederlande"
    assert country_name("NL", "zh-Hans") == "荷兰"
    assert country_name("NL", "zh-Hant") == "荷蘭"
    assert country_name("CZ", "ja") == "チェコ"
    assert country_name("KR", "ko") == "대한민국"
    assert country_name("ZZ", "de") is None
    assert country_name(None, "de") is None


def test_region_names_are_cldr_regions_joined_the_languages_way() -> None:
    assert region_name("Asia and Oceania", "en") == "Asia and Oceania"
    assert region_name("Asia and Oceania", "de") == "Asien und Ozeanien"
    assert region_name("Europe", "zh-Hans") == "欧洲"
    assert region_name("Latin America and the Caribbean", "fr").startswith("Amérique latine")


def test_a_city_that_names_a_time_zone_gets_cldrs_names_accents_set_aside() -> None:
    rome = cldr_city_names("Rome", "IT")
    assert rome["de"] == "Rom" and rome["zh-Hans"] == "罗马" and rome["ja"] == "ローマ"
    assert cldr_city_names("Bogotá", "CO")["zh-Hans"] == "波哥大"  # CLDR's English is "Bogota"
    assert cldr_city_names("Rome", "US") == {}  # Rome, Georgia names no zone
    assert cldr_city_names("Prato", "IT") == {}


def test_place_names_are_read_from_the_gazetteer_and_unknown_cities_keep_their_own_name() -> None:
    assert place_name("Prague", "CZ", "de") == "Prag"
    assert place_name("Prague", "CZ", "en") == "Prague"
    assert place_name("Prato", "IT", "zh-Hans") == "Prato"
    assert {"Rome", "Rom", "罗马", "ローマ", "로마"} <= place_names("Rome", "IT")


def test_places_json_names_table_has_one_name_per_other_language_for_labelled_places(build_places) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(PLACES_PATH.read_text(encoding="utf-8"))
    languages = doc["names"]["languages"]
    assert languages == [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
    labelled = {f"{r[0]}|{r[1]}" for r in doc["cities"]} | {f"{c}|{cc}" for c, cc in build_places.station_cities()}
    for key, row in doc["names"]["places"].items():
        assert key in labelled, key
        assert len(row) == len(languages) and any(row), key
    # Current: what the script would write from this gazetteer and these stations (CLDR only here).
    expected = build_places.place_names([tuple(k.split("|")) for k in labelled], {})
    assert doc["names"]["places"] == expected, "run python scripts/build_places.py"


def test_natural_earths_populated_places_come_before_cldr_when_the_shapefile_is_given(
    build_places,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    frame = gpd.GeoDataFrame(
        {
            "NAME": ["Milan", "Rome"],
            "NAME_EN": ["Milan", "Rome"],
            "ISO_A2": ["IT", "IT"],
            "NAME_DE": ["Mailand", "Rom (NE)"],
            "NAME_ZH": ["米兰", ""],
            "NAME_ZHT": ["米蘭", None],
        },
        geometry=[Point(9.19, 45.46), Point(12.5, 41.9)],
        crs="EPSG:4326",
    )
    frame.to_file(tmp_path / "ne_10m_populated_places.shp")
    natural_earth = build_places.natural_earth_names(tmp_path)
    assert natural_earth[("Milan", "IT")]["de"] == "Mailand"
    table = build_places.place_names([("Milan", "IT"), ("Rome", "IT")], natural_earth)
    languages = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
    milan = dict(zip(languages, table["Milan|IT"], strict=True))
    assert milan["de"] == "Mailand" and milan["zh-Hans"] == "米兰" and milan["zh-Hant"] == "米蘭"
    assert milan["ja"] is None  # neither source names it: the map keeps "Milan"
    rome = dict(zip(languages, table["Rome|IT"], strict=True))
    assert rome["de"] == "Rom (NE)" and rome["zh-Hans"] == "罗马"  # an empty NE field falls through to CLDR
    assert build_places.natural_earth_names(tmp_path / "nowhere") == {}


def test_no_basemap_name_carries_an_encoding_loss() -> None:
    # Natural Earth's cities as geopandas ships them hold "?saka" and "Chi?in?u" (the bytes are "?"):
    # such a name is left out by scripts/build_places.py rather than shown or guessed.
    import json

    from i18n.names import PLACES_PATH

    doc = json.loads(PLACES_PATH.read_text(encoding="utf-8"))
    names = [row[0] for key in ("countries", "cities") for row in doc[key]]
    names += [n for per_language in doc["names"]["places"].values() for n in per_language]
    assert [n for n in names if "?" in n or "\ufffd" in n] == []
