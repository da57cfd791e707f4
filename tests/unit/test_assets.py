import hashlib
import json
import re
import shutil
from pathlib import Path

from maps.assets import (
    BASEMAP,
    LABELS,
    LEAFLET,
    LEAFLET_CSS,
    RENDERER,
    SCREENSHOTER,
    STATIC_DIR,
    SUPERCLUSTER,
    asset_path,
)
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


def _static_copy(tmp: Path) -> Path:
    """The map's scripts under a static folder of their own."""
    from maps.assets import MAP_SCRIPTS

    for relative in MAP_SCRIPTS:
        target = tmp / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(asset_path(relative), target)
    return tmp


def test_the_map_bundle_runs_each_script_in_order_as_its_own_file_would(tmp_path: Path) -> None:
    from maps.assets import MAP_SCRIPTS, map_bundle_text

    text = map_bundle_text(_static_copy(tmp_path))
    at = 0
    for relative in MAP_SCRIPTS:
        code = asset_path(relative).read_text(encoding="utf-8")
        code = "\n".join(line for line in code.splitlines() if not line.startswith("//# sourceMappingURL="))
        # Whole, after the one before it, ended by a semicolon on a line of its own.
        found = re.compile(re.escape(f"/* static/{relative} */\n{code}") + r"\s*\n;\n").search(text, at)
        assert found, relative
        at = found.end()
    assert "sourceMappingURL" not in text, "a source map names a file beside the original, not the bundle"


def test_a_missing_or_stale_bundle_is_never_served(tmp_path: Path) -> None:
    from maps.assets import RENDERER, built_map_bundle
    from scripts.build_assets import build_map_bundle

    static = _static_copy(tmp_path)
    assert built_map_bundle(static) is None  # not built: the map loads the scripts one by one
    built_map_bundle.cache_clear()
    path = build_map_bundle(static)
    assert built_map_bundle(static) == path.relative_to(static).as_posix()
    assert re.fullmatch(r"build/map-[0-9a-f]{20}\.js", path.relative_to(static).as_posix())
    built_map_bundle.cache_clear()
    (static / RENDERER).write_text((static / RENDERER).read_text() + "\n// edited after the build\n")
    assert built_map_bundle(static) is None, "a script edited after the build: the old bundle is not served"
    built_map_bundle.cache_clear()
    newer = build_map_bundle(static)
    assert newer != path and not path.exists(), "a new build replaces the old bundle"
    assert built_map_bundle(static) == newer.relative_to(static).as_posix()
    built_map_bundle.cache_clear()


def test_with_the_bundle_the_map_asks_its_iframe_for_one_script() -> None:
    from maps.assets import Assets
    from maps.build import make_base_map

    def scripts(m) -> list[str]:  # what st_folium collects: every element's default_js, in order
        return [url for el in [m, *m._children.values()] for _, url in getattr(el, "default_js", [])]

    one = scripts(make_base_map(assets=Assets(bundle="build/map-0123456789abcdef0123.js")))
    assert one == ["/app/static/build/map-0123456789abcdef0123.js"]
    several = scripts(make_base_map(assets=Assets()))
    assert [u.removeprefix("/app/static/") for u in several] == [LEAFLET, SUPERCLUSTER, RENDERER, LABELS, SCREENSHOTER]
