"""exports.image: PNG, SVG and PDF of the map."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import pytest
from PIL import Image

from exports import (
    NATURAL_EARTH_CREDIT,
    PRESETS,
    ImageText,
    render_map_image,
)
from exports.framing import (
    Area,
    stations_in_area,
)
from exports.image import expand_to_box, fit_bounds, lat_aspect
from loaders import STATUS_BY_KEY, STATUSES, Dataset, aggregate_places

WORLD = (-170.0, -58.0, 190.0, 80.0)
TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Where they were reported and what happened next",
    source_line="Source: Safeguard Defenders; government statements",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: bytes) -> list[str]:
    """Every text run in an SVG (svg.fonttype "none" keeps text as <text> elements)."""
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("scale", [1, 2])
def test_png_has_exactly_the_preset_size_times_the_scale(places: gpd.GeoDataFrame, preset: str, scale: int) -> None:
    size = PRESETS[preset]
    image = png(render_map_image(places, fmt="png", preset=preset, scale=scale, text=TEXT))
    assert image.format == "PNG"
    assert image.size == (size.width_px * scale, size.height_px * scale)


def test_png_of_a_custom_size_is_exact_at_scale_three(places: gpd.GeoDataFrame) -> None:
    # Odd sizes are where int(inches * dpi) truncation would lose a pixel.
    image = png(render_map_image(places, fmt="png", preset=(333, 257), scale=3, text=TEXT))
    assert image.size == (999, 771)


def test_svg_parses_and_keeps_title_and_legend_labels_as_text(places: gpd.GeoDataFrame) -> None:
    texts = svg_texts(render_map_image(places, fmt="svg", text=TEXT))
    for expected in (TEXT.title, TEXT.subtitle, "Data as of 2026-11-23", NATURAL_EARTH_CREDIT, "Country only"):
        assert any(expected in t for t in texts), expected
    present = {STATUS_BY_KEY[s].label for s in places["status"]}
    assert present <= set(texts)


def test_legend_lists_only_the_statuses_present_in_vocabulary_order(places: gpd.GeoDataFrame) -> None:
    texts = svg_texts(render_map_image(places, fmt="svg", text=ImageText.plain()))
    labels = [t for t in texts if t in {s.label for s in STATUSES}]
    expected = [s.label for s in STATUSES if s.key in set(places["status"])]
    assert labels == expected
    assert "Closed" not in labels  # no closed station in the fixture


def test_pdf_a4_landscape_is_one_page_of_exactly_a4(places: gpd.GeoDataFrame) -> None:
    pdf = render_map_image(places, fmt="pdf", preset="a4-landscape", text=TEXT)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    width_pt, height_pt = float(box.group(1)), float(box.group(2))
    assert width_pt == pytest.approx(297 / 25.4 * 72, abs=0.01)  # 841.89 pt
    assert height_pt == pytest.approx(210 / 25.4 * 72, abs=0.01)  # 595.28 pt


def test_pdf_of_a_social_preset_has_its_size_at_100_dpi(places: gpd.GeoDataFrame) -> None:
    pdf = render_map_image(places, fmt="pdf", preset="16:9")
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    assert (float(box.group(1)), float(box.group(2))) == pytest.approx((864.0, 486.0), abs=0.5)


def test_transparent_background_leaves_the_corner_fully_transparent(places: gpd.GeoDataFrame) -> None:
    image = png(render_map_image(places, fmt="png", background="transparent", text=TEXT)).convert("RGBA")
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((image.width - 1, image.height - 1))[3] == 0


def test_dark_background_gives_a_dark_corner_and_light_a_white_one(places: gpd.GeoDataFrame) -> None:
    dark = png(render_map_image(places, fmt="png", background="dark", text=TEXT)).convert("RGB")
    light = png(render_map_image(places, fmt="png", background="light", text=TEXT)).convert("RGB")
    assert max(dark.getpixel((0, 0))) < 60
    assert light.getpixel((0, 0)) == (255, 255, 255)


def test_the_same_input_gives_the_same_bytes(places: gpd.GeoDataFrame) -> None:
    for fmt in ("svg", "pdf", "png"):
        first = render_map_image(places, fmt=fmt, text=TEXT)  # type: ignore[arg-type]
        assert render_map_image(places, fmt=fmt, text=TEXT) == first, fmt  # type: ignore[arg-type]


def test_each_text_part_can_be_switched_off(places: gpd.GeoDataFrame) -> None:
    off = ImageText(**{**TEXT.__dict__, "show_credit": False, "show_attribution": False, "show_subtitle": False})
    joined = " ".join(svg_texts(render_map_image(places, fmt="svg", text=off)))
    assert TEXT.title in joined and TEXT.source_line in joined
    assert TEXT.credit not in joined and "Natural Earth" not in joined and TEXT.subtitle not in joined


def test_plain_mode_without_legend_has_only_the_counts_as_text(places: gpd.GeoDataFrame) -> None:
    texts = svg_texts(render_map_image(places, fmt="svg", text=None, show_legend=False, labels=False))
    assert sorted(texts) == sorted(str(c) for c in places["count"] if c > 1)


def test_counts_above_one_are_printed_inside_their_marker(places: gpd.GeoDataFrame) -> None:
    texts = svg_texts(render_map_image(places, fmt="svg", text=None))
    assert "2" in texts  # Rome has two stations
    assert "1" not in texts


def test_given_bounds_decide_the_view(places: gpd.GeoDataFrame) -> None:
    world = render_map_image(places, fmt="svg", bounds=(-180.0, -60.0, 180.0, 85.0))
    europe = render_map_image(places, fmt="svg", bounds=(-12.0, 35.0, 30.0, 62.0))
    assert len(europe) < len(world)  # outlines outside the view are cut away


def test_no_places_gives_a_world_map(places: gpd.GeoDataFrame) -> None:
    empty = places.iloc[:0]
    assert fit_bounds(empty)[0] <= -170 and fit_bounds(empty)[2] >= 180
    assert png(render_map_image(empty, fmt="png", text=TEXT)).size == (1200, 675)


def test_a_single_place_is_shown_with_its_neighbourhood(places: gpd.GeoDataFrame) -> None:
    minx, miny, maxx, maxy = fit_bounds(places[places["label"].str.startswith("Rome")])
    assert maxx - minx >= 12 and maxy - miny >= 8


def test_the_view_grows_to_fill_the_map_box_at_the_right_aspect() -> None:
    view = expand_to_box((0.0, 40.0, 20.0, 50.0), box_w_in=12.0, box_h_in=4.0)
    w_deg, h_deg = view[2] - view[0], view[3] - view[1]
    assert (h_deg * lat_aspect(view)) / w_deg == pytest.approx(4.0 / 12.0, rel=1e-6)
    assert view[0] <= 0 and view[2] >= 20 and view[1] <= 40 and view[3] >= 50


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "gif"}, "unknown format"),
        ({"scale": 4}, "scale must be"),
        ({"preset": "9:16"}, "unknown preset"),
        ({"preset": (50, 50)}, "custom size"),
        ({"background": "sepia"}, "unknown background"),
        ({"bounds": (52.0, 4.0, 41.0, 12.0)}, "min < max"),
    ],
)
def test_bad_image_options_are_rejected_with_a_clear_message(
    places: gpd.GeoDataFrame, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        render_map_image(places, **kwargs)  # type: ignore[arg-type]


# --- alt text ------------------------------------------------------------------------------


def test_city_labels_name_the_places_and_can_be_switched_off(places: gpd.GeoDataFrame) -> None:
    texts = svg_texts(render_map_image(places, fmt="svg", preset="16:9"))
    assert {"Amsterdam", "Rotterdam", "Rome", "Montreal"} <= set(texts)
    assert "Amsterdam" not in svg_texts(render_map_image(places, fmt="svg", labels=False))


def test_crowded_cities_get_labels_that_never_overlap(places: gpd.GeoDataFrame) -> None:
    import matplotlib

    from exports import image

    nl = places[places["country_code"] == "NL"]
    with matplotlib.rc_context(image.RC_PARAMS):
        fig = image.Figure(figsize=(6, 4), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-20, 30)  # a wide view: the two Dutch cities' markers nearly touch
        ax.set_ylim(35, 65)
        image._draw_markers(ax, nl, image.THEMES["light"], 1.0)
        renderer = image._renderer(fig)
        obstacles = [b for _, b in image._marker_boxes(ax, nl, 1.0)]
        drawn = image._place_labels(ax, nl, image.THEMES["light"], 1.0, 1.0, renderer, obstacles)
        boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    assert sorted(drawn) == ["Amsterdam", "Rotterdam"]
    assert not boxes[0].overlaps(boxes[1])


def test_a_world_view_has_a_europe_inset_and_a_regional_one_does_not(mini: Dataset) -> None:
    europe_places = aggregate_places(stations_in_area(mini.stations, Area("Europe")))
    world = svg_texts(render_map_image(aggregate_places(mini.stations), fmt="svg", bounds=WORLD))
    assert "Europe" in world
    assert "Europe" not in svg_texts(render_map_image(europe_places, fmt="svg"))
    assert "Europe" not in svg_texts(render_map_image(europe_places, fmt="svg", bounds=WORLD, inset=False))


def test_images_name_neighbouring_countries_and_cities_from_the_basemaps_gazetteer(mini: Dataset) -> None:
    nl = aggregate_places(mini.stations[mini.stations["country_code"] == "NL"])
    texts = svg_texts(render_map_image(nl, fmt="svg"))
    assert "BELGIUM" in texts  # a country name, as the offline map shows it at this scale
    assert any(t in texts for t in ("Berlin", "London", "Paris", "Brussels"))  # a gazetteer city
    assert texts.count("Amsterdam") == 1, "a station city is named once, by its station label"
    assert "BELGIUM" not in svg_texts(render_map_image(nl, fmt="svg", labels=False))


def test_the_legend_goes_to_a_corner_where_it_covers_no_marker(places: gpd.GeoDataFrame) -> None:
    import matplotlib

    from exports import image

    theme = image.THEMES["light"]
    with matplotlib.rc_context(image.RC_PARAMS):
        fig = image.Figure(figsize=(6, 4), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(4.0, 14.0)  # Amsterdam and Rotterdam sit in the lower-left corner of this frame
        ax.set_ylim(51.5, 58.0)
        image._draw_markers(ax, places, theme, 1.0)
        renderer = image._renderer(fig)
        boxes = image._marker_boxes(ax, places, 1.0)
        legend_box = image._draw_legend(ax, places, theme, 1.0, renderer, boxes, [])
    assert legend_box is not None
    assert not any(image._overlaps(legend_box, b) for _, b in boxes)
    assert ax.get_legend()._loc != 3, "not the default lower left, where the markers are"  # 3: lower left
