import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from loaders import Dataset, Filters, aggregate_places, filter_stations, load_dataset
from maps.assets import RENDERER, Assets, asset_path
from maps.atlas import atlas_digest, atlas_path, atlas_payload, built_atlas_url
from maps.build import (
    MapText,
    RendererOptions,
    StationsLayer,
    make_base_map,
    make_station_layer,
    renderer_options,
    view_for_places,
)
from maps.payload import script_json, view_payload
from maps.style import marker_diameter
from tests.conftest import FIXTURE

RENDERER_JS = asset_path(RENDERER)


def render(m) -> str:
    return m.get_root().render()


def _view(dataset: Dataset, stations=None, as_of=None) -> dict:
    stations = dataset.stations if stations is None else stations
    atlas_places = {pid: n for n, pid in enumerate(aggregate_places(dataset.stations)["place_id"])}
    return view_payload(dataset, stations, aggregate_places(stations), as_of, atlas_places, "digest")


def test_the_view_has_one_entry_per_place(mini: Dataset) -> None:
    view = _view(mini)
    places = aggregate_places(mini.stations)
    assert len(view["lon"]) == len(view["lat"]) == len(view["count"]) == len(view["body"]) == len(places) == 5
    assert sum(view["country_only"]) == 1  # the Netherlands' country-level station, drawn hollow
    assert view["count"] == places["count"].tolist()
    assert view["place"] is None, "every place of the atlas, in its order: no positions sent"


def test_each_place_lists_its_own_stations_by_position(mini: Dataset) -> None:
    view = _view(mini)
    ids = mini.stations["id"].tolist()
    places = aggregate_places(mini.stations)
    for i, expected in enumerate(places["station_ids"]):
        start = 3 * sum(view["count"][:i])
        rows = view["rows"][start : start + 3 * view["count"][i]]
        assert [ids[m] for m in rows[0::3]] == sorted(expected)


def test_a_filtered_view_names_its_places_by_their_position_in_the_atlas(mini: Dataset) -> None:
    nl = mini.stations[mini.stations["country_code"] == "NL"]
    view = _view(mini, nl)
    atlas = atlas_payload(mini)
    assert [atlas["places"]["id"][n] for n in view["place"]] == aggregate_places(nl)["place_id"].tolist()


def test_the_atlas_lists_every_station_source_and_event_once(bundled: Dataset) -> None:
    atlas = atlas_payload(bundled)
    assert len(atlas["sources"]) == len(bundled.sources)
    assert len(atlas["events"]) == len(bundled.events)
    assert len(atlas["stations"]) == len(bundled.stations)
    assert atlas["places"]["id"] == aggregate_places(bundled.stations)["place_id"].tolist()


def test_a_view_as_of_a_date_shows_what_was_public_then(bundled: Dataset) -> None:
    as_of = date(2022, 10, 1)
    then = filter_stations(bundled, Filters(as_of=as_of))
    view = _view(bundled, then, as_of)
    now = _view(bundled)
    assert 0 < sum(view["count"]) == len(then[then.geometry.notna()]) < sum(now["count"])
    assert view["as_of"] == "1 Oct 2022"
    assert view["texts"] != now["texts"], "the since lines and the mix follow the date"


def test_the_real_datas_view_message_is_a_few_kilobytes(bundled: Dataset) -> None:
    # What travels on every filter change (and every month of Play); the atlas is fetched once.
    default = len(script_json(_view(bundled)).encode())
    as_of = date(2022, 10, 31)
    then = len(script_json(_view(bundled, filter_stations(bundled, Filters(as_of=as_of)), as_of)).encode())
    assert default < 20_000 and then < 20_000, (default, then)
    assert default < len(script_json(atlas_payload(bundled)).encode()) / 20


def test_the_atlas_is_the_same_text_on_every_build(mini: Dataset) -> None:
    # The app finds the built file by the digest of the text it makes itself: it must not vary.
    first = script_json(atlas_payload(mini))
    assert first == script_json(atlas_payload(load_dataset(FIXTURE)))
    assert len(atlas_digest(first)) == 20


def test_the_built_atlas_is_used_only_if_it_holds_exactly_the_text(mini: Dataset, tmp_path: Path) -> None:
    text = script_json(atlas_payload(mini))
    digest = atlas_digest(text)
    assert built_atlas_url(text, digest, tmp_path) is None  # not built: the atlas goes inline
    path = atlas_path(digest, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(text[:-1] + " ")  # same size, other bytes (an edited or damaged file)
    assert built_atlas_url(text, digest, tmp_path) is None
    path.write_text(text)
    assert built_atlas_url(text, digest, tmp_path) == f"/app/static/build/atlas-{digest}.json"


def test_build_assets_writes_the_atlas_the_app_looks_for_and_drops_old_ones(tmp_path: Path) -> None:
    from scripts.build_assets import build_atlas

    old = tmp_path / "build" / "atlas-00000000000000000000.json"
    old.parent.mkdir()
    old.write_text("{}")
    path = build_atlas(FIXTURE, tmp_path)
    text = script_json(atlas_payload(load_dataset(FIXTURE)))
    assert path == atlas_path(atlas_digest(text), tmp_path) and path.read_text() == text
    assert not old.exists()


def test_every_script_and_stylesheet_is_served_locally(mini: Dataset) -> None:
    m = make_base_map(text=MapText("Source", "2026-11-23"))
    make_station_layer(mini, mini.stations).add_to(m)
    html = render(m)
    urls = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert urls, "expected script and stylesheet tags"
    assert all(u.startswith("/app/static/") for u in urls), urls
    assert 'fetch("/app/static/basemap/countries-110m.geojson")' in html


def test_st_folium_gets_local_asset_links_from_every_element() -> None:
    import folium.elements

    m = make_base_map()
    links = []
    stack = [m]
    while stack:
        el = stack.pop()
        if isinstance(el, folium.elements.JSCSSMixin):
            links += [u for _, u in el.default_js] + [u for _, u in el.default_css]
        stack.extend(el._children.values())
    assert links and all(u.startswith(Assets().prefix) for u in links), links


def test_online_tiles_are_opt_in_and_carry_attribution() -> None:
    assert "tile.openstreetmap.org" not in render(make_base_map())
    html = render(make_base_map(tiles="osm"))
    assert "tile.openstreetmap.org" in html and "OpenStreetMap\\u003c/a\\u003e contributors" in html


def test_the_base_map_script_is_the_same_on_every_build() -> None:
    # streamlit-folium keys its iframe on the script with element ids stripped: equal scripts, no remount.
    def normalised() -> str:
        return re.sub(r"_[a-f0-9]{32}", "", render(make_base_map(text=MapText("Source", "2026-11-23"))))

    assert normalised() == normalised()


def test_marker_size_grows_with_count_but_is_capped() -> None:
    sizes = [marker_diameter(n) for n in (1, 2, 4, 9, 100)]
    assert sizes == sorted(sizes) and sizes[0] == 22 and sizes[-1] == 56


def test_marker_sizes_come_from_python_only() -> None:
    # The renderer looks sizes up in the options' table (a group of 1 000 stations takes the last);
    # no size formula is written a second time in JavaScript.
    table = renderer_options().diameters
    assert table == [marker_diameter(n) for n in range(1, len(table) + 1)]
    assert table[-1] == marker_diameter(10_000) and table[-2] < table[-1]
    js = RENDERER_JS.read_text()
    assert "Math.pow" not in js and "Math.sqrt" not in js and "options.diameters" in js


def test_the_options_object_lists_every_key_the_renderer_reads() -> None:
    js = RENDERER_JS.read_text()
    # The renderer's options object (Leaflet's own map.options / popup options are not it).
    read = set(re.findall(r"(?<!map\.)(?<!getPopup\(\)\.)\boptions\.([A-Za-z_]+)", js))
    fields = {f.name for f in dataclasses.fields(RendererOptions)}
    assert read == fields, (read - fields, fields - read)
    declared = re.search(r"var OPTION_KEYS = \[(.*?)\];", js, re.S).group(1)
    assert set(re.findall(r'"([a-z_]+)"', declared)) == fields, "the renderer checks every key is there"
    doc = RendererOptions.__doc__ or ""
    assert all(f"{name}:" in doc for name in fields), "the docstring says what every key is"
    assert set(json.loads(renderer_options().to_json())) == fields


def test_the_atlas_comes_either_inline_or_by_url() -> None:
    with pytest.raises(ValueError):
        StationsLayer("{}", renderer_options("/app/static/build/atlas-x.json"), "{}")
    with pytest.raises(ValueError):
        StationsLayer("{}", renderer_options(None), None)


def _with(layer):
    m = make_base_map()
    layer.add_to(m)
    return m


def test_the_view_follows_the_filtered_places() -> None:
    def places(*lonlat: tuple[float, float]) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in lonlat], crs="EPSG:4326")

    assert view_for_places(places()) is None
    (lat, lon), zoom = view_for_places(places((4.90, 52.37)))  # one city: city level
    assert (lat, lon, zoom) == (52.37, 4.90, 9)
    (lat, lon), zoom = view_for_places(places((4.90, 52.37), (4.48, 51.92)))  # Amsterdam, Rotterdam
    assert 51.9 < lat < 52.4 and 4.4 < lon < 5.0 and 7 <= zoom <= 9
    _, world = view_for_places(places((-74.0, 40.7), (151.2, -33.9), (4.9, 52.4)))  # New York, Sydney, Amsterdam
    _, europe = view_for_places(places((-3.7, 40.4), (12.5, 41.9), (4.9, 52.4)))  # Madrid, Rome, Amsterdam
    assert 1 <= world < europe <= 6


def test_a_base_map_opens_at_the_view_it_is_given_else_on_the_world() -> None:
    world = make_base_map().get_root().render()
    assert "fitBounds" in world
    html = make_base_map(view=((52.1, 4.7), 8)).get_root().render()
    assert "fitBounds" not in html
    assert re.search(r"center:\s*\[52\.1,\s*4\.7\]", html) and re.search(r"\"zoom\":\s*8\b", html)


def test_the_same_markers_give_the_same_script_so_a_rerun_does_not_redraw_them(mini: Dataset) -> None:
    # st_folium redraws the layer (closing an open popup) whenever its script text changes.
    # The text compared is what st_folium sends (its private helper; the AppTest of a click
    # in tests/app checks the same through the real component).
    from streamlit_folium import _get_feature_group_string

    def layer_script() -> str:
        return _get_feature_group_string(make_station_layer(mini, mini.stations), make_base_map())

    first = layer_script()
    assert "OverseasStations.draw(" in first
    assert first == layer_script()


def test_no_detail_of_the_bundled_data_shows_a_missing_value_as_text(bundled: Dataset) -> None:
    text = script_json(atlas_payload(bundled)) + script_json(_view(bundled))
    assert not re.search(r'"(nan|NaN|None|NaT)"', text)
    assert "NaN" not in text  # not valid JSON either: script_json refuses it


def test_script_json_cannot_close_the_script_element_and_reads_back_the_same() -> None:
    hostile = {"t": "</script><script>alert(1)</script><!-- & \u2028 \u2029 ${x} `y`"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_the_camera_buttons_png_carries_title_source_date_and_byline() -> None:
    html = render(make_base_map(text=MapText("Source: X", "2026-11-23", title="Stations map", credit="Map: Y")))
    caption = json.loads(re.search(r'"caption":\s*("(?:[^"\\]|\\.)*")', html).group(1))
    assert caption == "Stations map · Source: X · Data as of 2026-11-23 · Map: Y"
