import hashlib
import json

from maps.assets import BASEMAP, LEAFLET, LEAFLET_CSS, RENDERER, SCREENSHOTER, STATIC_DIR, SUPERCLUSTER, asset_path
from maps.basemap import outlines_geojson


def test_vendored_files_match_their_checksums() -> None:
    lines = (STATIC_DIR / "SHA256SUMS").read_text().splitlines()
    assert len(lines) >= 5
    for line in lines:
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest() == digest, name


def test_every_asset_the_map_loads_is_vendored_with_its_licence() -> None:
    for relative in (LEAFLET, LEAFLET_CSS, SUPERCLUSTER, RENDERER, SCREENSHOTER, BASEMAP):
        assert asset_path(relative).is_file(), relative
    for package in ("leaflet-1.9.4", "supercluster-8.0.1", "leaflet-simple-map-screenshoter-0.5.0"):
        assert any((STATIC_DIR / "vendor" / package).glob("LICENSE*")), package


def test_the_committed_basemap_is_what_the_build_script_writes() -> None:
    committed = json.loads(asset_path(BASEMAP).read_text())
    assert committed == json.loads(json.dumps(outlines_geojson("110m")))


def test_no_basemap_polygon_crosses_the_antimeridian() -> None:
    def xs(coords) -> list[float]:
        if isinstance(coords[0], (int, float)):
            return [coords[0]]
        return [x for c in coords for x in xs(c)]

    for feature in json.loads(asset_path(BASEMAP).read_text())["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            lon = xs(polygon)
            assert max(lon) - min(lon) <= 180, feature["properties"]["name"]


def test_the_place_names_are_small_well_formed_and_name_every_country_with_a_station() -> None:
    from exports.gazetteer import PLACES_PATH, read_places
    from loaders import load_dataset

    assert PLACES_PATH.stat().st_size < 300 * 1024
    places = read_places()
    for kind in ("countries", "cities"):
        assert places[kind], kind
        for p in places[kind]:
            assert p.name.strip() == p.name and p.name, p
            assert -180 <= p.lon <= 180 and -90 <= p.lat <= 90 and 2 <= p.min_zoom <= 12, p
            assert len(p.country_code) == 2, p
    named = {p.country_code for p in places["countries"]}
    assert set(load_dataset().stations["country_code"].dropna()) <= named
    assert (STATIC_DIR / "basemap" / "NATURAL-EARTH.txt").read_text().count("public domain") >= 1


def test_the_labels_script_is_small_and_exposes_its_one_function() -> None:
    script = (STATIC_DIR / "js" / "labels.js").read_text()
    assert len(script.encode()) < 300 * 1024
    assert "window.OSMLabels = { add: add }" in script
    assert "innerHTML" not in script, "names are set as text"


def test_the_checksum_list_is_what_the_build_scripts_write() -> None:
    from maps.assets import static_checksums

    assert (STATIC_DIR / "SHA256SUMS").read_text() == static_checksums()
