"""The export layer: images, alt text, file names, standalone HTML, CSV and GeoJSON."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from PIL import Image

from exports import (
    PRESETS,
    ImageText,
    StandaloneExportError,
    alt_text,
    export_filename,
    reactions_csv,
    render_map_image,
    standalone_map_html,
    stations_csv,
    stations_geojson,
)
from exports.html import external_loads, inline_assets
from exports.image import expand_to_box, fit_bounds, lat_aspect
from loaders import STATUS_BY_KEY, STATUSES, Dataset, Filters, aggregate_places
from maps.assets import Assets

TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Where they were reported and what happened next",
    source_line="Source: Safeguard Defenders; government statements",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def places(mini: Dataset) -> gpd.GeoDataFrame:
    return aggregate_places(mini.stations)


def svg_texts(svg: bytes) -> list[str]:
    """Every text run in an SVG (svg.fonttype "none" keeps text as <text> elements)."""
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- images -----------------------------------------------------------------------------


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
    for expected in (TEXT.title, TEXT.subtitle, "Data as of 2026-11-23", "Outlines: Natural Earth", "Country only"):
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
    texts = svg_texts(render_map_image(places, fmt="svg", text=None, show_legend=False))
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


def test_alt_text_states_totals_statuses_and_leading_countries(mini: Dataset, places: gpd.GeoDataFrame) -> None:
    text = alt_text(mini.stations, places, "all stations")
    assert "7 stations in 4 countries, drawn as 5 circles" in text
    assert "By status: 2 reported, 2 under investigation, 2 closure ordered and 1 prosecuted." in text
    assert "Italy (2), Netherlands (2) and Canada (1)" in text  # ties by name, so always the same sentence
    assert "1 station is known only by country" in text
    assert "1 station has no known location" in text
    assert "closed" not in text.lower().replace("closure", "")  # zero counts are left out


def test_alt_text_for_an_empty_selection_says_nothing_matches(mini: Dataset) -> None:
    none = mini.stations.iloc[:0]
    text = alt_text(none, aggregate_places(none), "stations in Japan")
    assert "stations in Japan" in text and "No station matches" in text


def test_alt_text_for_one_country_says_all_are_there(mini: Dataset) -> None:
    nl = mini.stations[mini.stations["country_code"] == "NL"]
    text = alt_text(nl, aggregate_places(nl), "stations in the Netherlands")
    assert "2 stations in 1 country" in text and "All are in Netherlands (2)." in text
    assert "known only by country" not in text


# --- file names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "ext", "expected"),
    [
        (Filters(), "png", "overseas-stations_world_2026-11-23.png"),
        (Filters(countries=("NL",)), "png", "overseas-stations_netherlands_2026-11-23.png"),
        (Filters(countries=("NL", "IT")), ".SVG", "overseas-stations_netherlands-italy_2026-11-23.svg"),
        (Filters(countries=("NL", "IT", "DE")), "csv", "overseas-stations_selection_2026-11-23.csv"),
        (Filters(statuses=("closure_ordered",)), "pdf", "overseas-stations_world_closure-ordered_2026-11-23.pdf"),
        (
            Filters(countries=("CA",), as_of=date(2023, 1, 1)),
            "html",
            "overseas-stations_canada_as-of-2023-01-01_2026-11-23.html",
        ),
    ],
)
def test_export_filename_says_what_and_when(filters: Filters, ext: str, expected: str) -> None:
    assert export_filename(filters, ext, date(2026, 11, 23)) == expected


def test_export_filename_rejects_an_extension_that_could_escape_the_name() -> None:
    with pytest.raises(ValueError):
        export_filename(Filters(), "png/../x", date(2026, 11, 23))


# --- tables ------------------------------------------------------------------------------------


def test_stations_csv_starts_with_a_citation_and_has_one_row_per_station(mini: Dataset) -> None:
    data = stations_csv(mini, mini.stations)
    lines = data.decode("utf-8").splitlines()
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no BOM
    assert lines[0].startswith("# Overseas police service stations")
    assert any(line.startswith("# Source:") for line in lines[:4])
    assert f"# Data version {mini.checksum[:12]}, data as of 2026-11-23" in lines
    frame = pd.read_csv(io.BytesIO(data), comment="#")
    assert len(frame) == len(mini.stations)
    assert list(frame["id"]) == list(mini.stations["id"])


def test_stations_csv_joins_lists_and_keeps_urls_with_a_hash(mini: Dataset) -> None:
    rome = mini.stations[mini.stations["id"] == "it-rome-qingtian-1"]
    frame = pd.read_csv(io.BytesIO(stations_csv(mini, rome)), comment="#")
    assert frame.loc[0, "reports"] == "report-a; report-b"
    assert frame.loc[0, "source_urls"] == "https://example.org/report-a"
    sources = mini.sources.copy()
    sources.loc["src-report-a", "url"] = "https://example.org/report-a#page=3"
    hashed = Dataset(**{**mini.__dict__, "sources": sources})
    frame = pd.read_csv(io.BytesIO(stations_csv(hashed, rome)), comment="#")
    assert frame.loc[0, "source_urls"] == "https://example.org/report-a#page=3"


def test_stations_csv_leaves_coordinates_empty_for_unplaced_stations(mini: Dataset) -> None:
    frame = pd.read_csv(io.BytesIO(stations_csv(mini, mini.stations)), comment="#").set_index("id")
    assert pd.isna(frame.loc["unplaced-wenzhou-1", "longitude"])
    assert frame.loc["nl-amsterdam-fuzhou-1", "longitude"] == pytest.approx(4.9041)


def test_stations_geojson_round_trips_through_geopandas(mini: Dataset) -> None:
    data = stations_geojson(mini, mini.stations, selection="all stations")
    back = gpd.read_file(io.BytesIO(data))
    assert len(back) == len(mini.stations)
    assert back.crs is not None and back.crs.to_epsg() == 4326
    assert set(back["status"]) == set(mini.stations["status"])
    assert back.set_index("id").geometry["unplaced-wenzhou-1"] is None
    doc = json.loads(data)
    assert doc["metadata"]["data_version"] == mini.checksum[:12]
    assert doc["metadata"]["count"] == len(mini.stations)
    assert doc["features"][0]["properties"]["reports"] == ["report-a"]  # lists stay lists in JSON


def test_reactions_csv_joins_source_urls_with_a_bar(mini: Dataset) -> None:
    data = reactions_csv(mini, mini.events)
    assert data.decode().startswith("# Overseas police service stations")
    frame = pd.read_csv(io.BytesIO(data), comment="#").set_index("id")
    assert len(frame) == len(mini.events)
    assert frame.loc["nl-closure-order", "source_urls"] == "https://example.org/ministry"
    assert frame.loc["nl-closure-order", "stations"] == "nl-amsterdam-fuzhou-1; nl-rotterdam-fuzhou-1"
    rome = mini.events[mini.events["id"] == "it-rome-verdict"].assign(sources=[["src-court", "src-ministry"]])
    joined = pd.read_csv(io.BytesIO(reactions_csv(mini, rome)), comment="#").loc[0, "source_urls"]
    assert joined == "https://example.org/court | https://example.org/ministry"


# --- standalone HTML -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def standalone(mini: Dataset) -> str:
    return standalone_map_html(mini, mini.stations, title="Stations <all> & more")


def test_standalone_html_loads_nothing_from_a_server_or_cdn(standalone: str) -> None:
    assert "/app/static" not in standalone
    # Checked on URLs, not the whole text: base64 image data can spell "cdN" by chance.
    assert not [u for u in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", standalone) if "cdn" in u.lower()]
    assert not re.search(r"<script[^>]+src=", standalone)
    assert not re.search(r"<link[^>]+href=", standalone)
    assert external_loads(standalone) == []
    assert "url(images/" not in standalone  # leaflet.css images became data: URIs


def test_standalone_html_inlines_leaflet_the_renderer_and_the_outlines(standalone: str) -> None:
    assert "Leaflet 1.9.4" in standalone and "OverseasStations" in standalone and "Supercluster" in standalone
    assert '"type": "FeatureCollection"' in standalone or '"type":"FeatureCollection"' in standalone
    assert '"details":{' in standalone  # inline: a file on disk has no server to fetch them from


def test_standalone_html_has_the_escaped_title_and_the_data_version(mini: Dataset, standalone: str) -> None:
    assert "<title>Stations &lt;all&gt; &amp; more</title>" in standalone
    assert mini.checksum[:12] in standalone


def test_inlining_refuses_assets_that_are_not_vendored() -> None:
    page = '<head><script src="https://cdn.example.org/leaflet.js"></script></head>'
    with pytest.raises(StandaloneExportError, match="need the network"):
        inline_assets(page, Assets())
    with pytest.raises(StandaloneExportError):
        inline_assets('<script src="/app/static/../../etc/passwd"></script>', Assets())
