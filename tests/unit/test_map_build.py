import re

from loaders import Dataset, aggregate_places
from maps.assets import Assets
from maps.build import MapText, make_base_map, make_station_layer, marker_diameter


def render(m) -> str:
    return m.get_root().render()


def test_one_marker_per_place(mini: Dataset) -> None:
    layer = make_station_layer(mini, mini.stations)
    html = render(_with(layer))
    assert html.count("L.marker(") == len(aggregate_places(mini.stations)) == 5


def test_country_only_places_are_drawn_hollow_and_dashed(mini: Dataset) -> None:
    html = render(_with(make_station_layer(mini, mini.stations)))
    assert html.count("osm-country") == 1 and "dashed" in html


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
