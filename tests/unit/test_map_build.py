import json
import re
from datetime import date

import geopandas as gpd
from shapely.geometry import Point

from loaders import Dataset, aggregate_places
from maps.assets import Assets
from maps.build import MapText, make_base_map, make_station_layer, view_for_places
from maps.payload import details_payload, places_payload, script_json
from maps.style import marker_diameter


def render(m) -> str:
    return m.get_root().render()


def test_the_places_payload_has_one_entry_per_place(mini: Dataset) -> None:
    payload = places_payload(mini, aggregate_places(mini.stations))
    places = aggregate_places(mini.stations)
    assert len(payload["lon"]) == len(payload["lat"]) == len(payload["count"]) == len(places) == 5
    assert sum(payload["country_only"]) == 1  # the Netherlands' country-level station, drawn hollow
    assert payload["count"] == places["count"].tolist()


def test_each_place_lists_its_own_stations_by_position(mini: Dataset) -> None:
    payload = places_payload(mini, aggregate_places(mini.stations))
    ids = mini.stations["id"].tolist()
    places = aggregate_places(mini.stations)
    for i, expected in enumerate(places["station_ids"]):
        start = sum(payload["count"][:i])
        members = payload["members"][start : start + payload["count"][i]]
        assert [ids[m] for m in members] == expected


def test_the_details_list_every_source_and_event_once(bundled: Dataset) -> None:
    details = details_payload(bundled, None)
    assert len(details["sources"]) == len(bundled.sources)
    assert len(details["events"]) == int((~bundled.events["derived"]).sum())
    assert len(details["stations"]) == len(bundled.stations)


def test_the_details_as_of_a_date_leave_out_what_was_not_yet_public(bundled: Dataset) -> None:
    as_of = date(2022, 10, 1)
    details = details_payload(bundled, as_of)
    known = details_payload(bundled, None)
    assert len(details["events"]) < len(known["events"])
    public = {s["id"] for s in details["stations"] if s["status"] >= 0}
    assert 0 < len(public) < len(bundled.stations)
    assert all(not s["events"] for s in details["stations"] if s["status"] < 0)


def test_a_place_costs_the_first_paint_under_forty_bytes(bundled: Dataset) -> None:
    payload = places_payload(bundled, aggregate_places(bundled.stations))
    assert len(script_json(payload).encode()) / len(payload["lon"]) < 40


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
    text = script_json(details_payload(bundled, None))
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
