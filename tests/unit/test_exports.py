"""The export layer: images, alt text, file names, standalone HTML, CSV and GeoJSON."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from PIL import Image

from exports import (
    NATURAL_EARTH_CREDIT,
    PRESETS,
    ImageText,
    StandaloneExportError,
    alt_text,
    citation_text,
    csv_bundle,
    export_filename,
    export_subtitle,
    reactions_csv,
    render_map_image,
    standalone_map_html,
    stations_csv,
    stations_geojson,
)
from exports.framing import (
    AREA_VIEW,
    AREA_WORLD,
    NO_VIEW_MESSAGE,
    Area,
    IncompleteViewError,
    area_bounds,
    describe_area,
    stations_in_area,
    view_bounds,
)
from exports.html import external_loads, inline_assets
from exports.image import check_bounds, expand_to_box, fit_bounds, lat_aspect
from loaders import STATUS_BY_KEY, STATUSES, Dataset, Filters, aggregate_places
from maps.assets import Assets

WORLD = (-170.0, -58.0, 190.0, 80.0)
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


def test_alt_text_states_totals_statuses_and_leading_countries(mini: Dataset, places: gpd.GeoDataFrame) -> None:
    text = alt_text(mini.stations, places, "all stations")
    assert (
        "7 stations (1 prosecuted, 2 closure ordered, 2 under investigation, 2 reported) in 4 countries, "
        "drawn as 5 circles" in text
    )
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
    assert "2 stations (all closure ordered) in 1 country" in text and "All are in Netherlands (2)." in text
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


@pytest.mark.parametrize(
    ("filters", "area", "expected"),
    [
        (Filters(), Area("Europe"), "overseas-stations_europe_2026-11-23.png"),
        (Filters(), Area(AREA_WORLD), "overseas-stations_world_2026-11-23.png"),
        (Filters(), Area(AREA_VIEW, (0.0, 40.0, 10.0, 50.0)), "overseas-stations_map-view_2026-11-23.png"),
        (Filters(countries=("NL",)), Area("Europe"), "overseas-stations_netherlands_2026-11-23.png"),
        (
            Filters(countries=("NL",)),
            Area(AREA_VIEW, (0.0, 40.0, 10.0, 50.0)),
            "overseas-stations_netherlands_map-view_2026-11-23.png",
        ),
        (
            Filters(as_of=date(2023, 1, 1)),
            Area("Latin America and the Caribbean"),
            "overseas-stations_latin-america-and-the-caribbean_as-of-2023-01-01_2026-11-23.png",
        ),
    ],
)
def test_export_filename_names_the_area_when_no_country_is_chosen(filters: Filters, area: Area, expected: str) -> None:
    assert export_filename(filters, "png", date(2026, 11, 23), area) == expected


def test_export_filename_rejects_an_extension_that_could_escape_the_name() -> None:
    with pytest.raises(ValueError):
        export_filename(Filters(), "png/../x", date(2026, 11, 23))


# --- tables ------------------------------------------------------------------------------------


def read_default(data: bytes) -> pd.DataFrame:
    """pandas' defaults, as a reader would call it: no comment=, skiprows= or encoding=."""
    return pd.read_csv(io.BytesIO(data))


@pytest.mark.parametrize("bom", [True, False])
def test_every_csv_opens_with_pandas_defaults_header_on_the_first_line(mini: Dataset, bom: bool) -> None:
    for data, ids in [
        (stations_csv(mini, mini.stations, bom=bom), list(mini.stations["id"])),
        (reactions_csv(mini, mini.events, bom=bom), list(mini.events["id"])),
    ]:
        assert data.startswith(b"\xef\xbb\xbf") == bom  # the BOM Excel needs, or none
        assert data.decode("utf-8-sig").startswith("id,")
        frame = read_default(data)
        assert frame.columns[0] == "id"
        assert list(frame["id"]) == ids
    with zipfile.ZipFile(
        io.BytesIO(csv_bundle(mini, mini.stations, citation="C", base_name="x", events_df=mini.events))
    ) as zf:
        for name in zf.namelist():
            if name.endswith(".csv"):
                assert read_default(zf.read(name)).columns[0] == "id", name


def test_stations_csv_says_the_status_event_in_words_and_keeps_its_id(mini: Dataset) -> None:
    frame = read_default(stations_csv(mini, mini.stations)).set_index("id")
    row = frame.loc["nl-amsterdam-fuzhou-1"]
    event = mini.events.set_index("id").loc[row["status_event_id"]]
    assert row["status_event"].startswith(f"{event['date']} · {event['type_label']} · {event['actor']}: ")
    assert event["summary"] in row["status_event"]
    assert frame.loc["it-rome-qingtian-1", "report_titles"] == "; ".join(
        mini.reports.loc[["report-a", "report-b"], "title"]
    )


def test_stations_csv_joins_lists_and_keeps_urls_with_a_hash(mini: Dataset) -> None:
    rome = mini.stations[mini.stations["id"] == "it-rome-qingtian-1"]
    frame = read_default(stations_csv(mini, rome))
    assert frame.loc[0, "reports"] == "report-a; report-b"
    assert frame.loc[0, "source_urls"] == "https://example.org/report-a"
    sources = mini.sources.copy()
    sources.loc["src-report-a", "url"] = "https://example.org/report-a#page=3"
    hashed = Dataset(**{**mini.__dict__, "sources": sources})
    frame = read_default(stations_csv(hashed, rome))
    assert frame.loc[0, "source_urls"] == "https://example.org/report-a#page=3"


def test_stations_csv_leaves_coordinates_empty_for_unplaced_stations(mini: Dataset) -> None:
    frame = read_default(stations_csv(mini, mini.stations)).set_index("id")
    assert pd.isna(frame.loc["unplaced-wenzhou-1", "longitude"])
    assert frame.loc["nl-amsterdam-fuzhou-1", "longitude"] == pytest.approx(4.9041)


def test_the_csv_zip_carries_a_readme_with_the_citation_and_data_version(mini: Dataset) -> None:
    cite = citation_text(mini, "https://example.org/map?country=NL", date(2026, 12, 2))
    bundle = csv_bundle(mini, mini.stations, citation=cite, base_name="overseas-stations_world", events_df=mini.events)
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        assert zf.namelist() == [
            "README.txt",
            "overseas-stations_world.csv",
            "overseas-stations_world_reactions.csv",
        ]
        readme = zf.read("README.txt").decode("utf-8")
    assert cite in readme and mini.checksum in readme and "CC BY 4.0" in readme
    assert "https://example.org/map?country=NL" in cite and "Accessed 2026-12-02" in cite
    assert bundle == csv_bundle(
        mini, mini.stations, citation=cite, base_name="overseas-stations_world", events_df=mini.events
    ), "same data, same bytes"
    with zipfile.ZipFile(io.BytesIO(csv_bundle(mini, mini.stations, citation=cite, base_name="s"))) as zf:
        assert zf.namelist() == ["README.txt", "s.csv"], "reactions only when asked for"


def test_a_citation_links_only_to_a_web_address(mini: Dataset) -> None:
    assert "javascript" not in citation_text(mini, "javascript:alert(1)", date(2026, 12, 2))
    assert citation_text(mini, None, date(2026, 12, 2)).startswith("Overseas Stations Map (data version ")


def test_stations_geojson_round_trips_through_geopandas(mini: Dataset) -> None:
    data = stations_geojson(mini, mini.stations, selection="all stations")
    back = gpd.read_file(io.BytesIO(data))
    assert len(back) == len(mini.stations)
    assert back.crs is not None and back.crs.to_epsg() == 4326
    assert set(back["status"]) == set(mini.stations["status"])
    assert back.set_index("id").geometry["unplaced-wenzhou-1"] is None
    doc = json.loads(data)
    assert doc["properties"]["data_version"] == mini.checksum[:12]
    assert doc["properties"]["count"] == len(mini.stations)
    assert doc["properties"]["citation"] and doc["properties"]["licence"] == "CC BY 4.0"
    cited = json.loads(stations_geojson(mini, mini.stations, citation="Cite me"))
    assert cited["properties"]["citation"] == "Cite me"
    assert doc["features"][0]["properties"]["reports"] == ["report-a"]  # lists stay lists in JSON


def test_reactions_csv_joins_source_urls_with_a_bar(mini: Dataset) -> None:
    frame = read_default(reactions_csv(mini, mini.events)).set_index("id")
    assert len(frame) == len(mini.events)
    assert frame.loc["nl-closure-order", "source_urls"] == "https://example.org/ministry"
    assert frame.loc["nl-closure-order", "stations"] == "nl-amsterdam-fuzhou-1; nl-rotterdam-fuzhou-1"
    rome = mini.events[mini.events["id"] == "it-rome-verdict"].assign(sources=[["src-court", "src-ministry"]])
    joined = read_default(reactions_csv(mini, rome)).loc[0, "source_urls"]
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


# --- areas: the map's view, regions ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        (None, None, None, None),
        {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}},
        {"_southWest": {"lat": 40.0, "lng": 0.0}, "_northEast": {"lat": None, "lng": 10.0}},
        (0.0, float("nan"), 10.0, 50.0),
        (10.0, 40.0, 0.0, 50.0),
        "nonsense",
        {},
    ],
)
def test_an_incomplete_map_view_is_refused_with_a_message_saying_to_pan_or_zoom(raw: object) -> None:
    with pytest.raises(IncompleteViewError, match="pan or zoom the map once"):
        view_bounds(raw)


def test_no_map_view_at_all_says_how_to_send_one() -> None:
    with pytest.raises(IncompleteViewError, match="Use this map view for exports") as info:
        view_bounds(None)
    assert str(info.value) == NO_VIEW_MESSAGE


def test_the_image_renderer_refuses_bounds_with_none_instead_of_crashing(places: gpd.GeoDataFrame) -> None:
    with pytest.raises(IncompleteViewError, match="pan or zoom"):
        render_map_image(places, bounds=(None, None, None, None))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pan or zoom"):
        check_bounds((1.0, 2.0, float("inf"), 3.0))


def test_a_map_view_from_st_folium_is_read_and_a_panned_round_globe_is_brought_back() -> None:
    raw = {"_southWest": {"lat": 40.5, "lng": -2.0}, "_northEast": {"lat": 55.0, "lng": 20.0}}
    assert view_bounds(raw) == (-2.0, 40.5, 20.0, 55.0)
    assert view_bounds((358.0, 40.0, 380.0, 50.0)) == (-2.0, 40.0, 20.0, 50.0)
    assert view_bounds((-400.0, -89.0, 400.0, 89.0))[0::2] == (-170.0, 190.0)  # wider than the world
    assert view_bounds((0.0, -89.0, 10.0, 89.0))[1] == pytest.approx(-85.0511)


def test_the_map_view_area_keeps_only_the_stations_inside_it(mini: Dataset) -> None:
    inside = stations_in_area(mini.stations, Area(AREA_VIEW, (3.0, 50.0, 6.0, 53.0)))
    assert set(inside["country_code"]) == {"NL"}
    assert len(inside) == 2


def test_a_region_holds_its_countries_stations_and_is_framed_tightly_on_them(mini: Dataset) -> None:
    europe = stations_in_area(mini.stations, Area("Europe"))
    assert set(europe["country_code"]) == {"NL", "IT", "DE"}  # not Canada, not the unplaced one
    places = aggregate_places(europe)
    assert area_bounds(Area("Europe"), places) is None  # None: fit on the region's places
    minx, miny, maxx, maxy = fit_bounds(places)
    assert minx > -10 and maxx < 30 and miny > 30 and maxy < 65  # Rome to Amsterdam, not Iceland to the Urals


def test_russia_counts_in_asia_so_a_europe_frame_never_reaches_siberia() -> None:
    from exports import region_of

    assert region_of("RU") == "Asia and Oceania"
    assert region_of("PT") == "Europe" and region_of("US") == "North America" and region_of(None) is None


def test_the_area_is_named_in_the_selection_words() -> None:
    assert describe_area("all reported stations", Area("Europe")) == "all reported stations in Europe"
    assert describe_area("Netherlands", Area(AREA_VIEW, (0, 0, 1, 1))) == "Netherlands, in the map's current view"
    assert describe_area("Netherlands", Area()) == "Netherlands"


def test_the_subtitle_and_alt_text_count_only_the_region_shown(mini: Dataset) -> None:
    europe = stations_in_area(mini.stations, Area("Europe"))
    selection = describe_area("all reported stations", Area("Europe"))
    assert export_subtitle(europe, selection) == (
        "All reported stations in Europe: 5 stations in 3 countries, by place, coloured by status"
    )
    nl = mini.stations[mini.stations["country_code"] == "NL"]
    assert export_subtitle(nl, "Netherlands") == "Netherlands: 2 stations, by place, coloured by status"
    assert export_subtitle(nl, "the map's view").startswith("The map's view: 2 stations in Netherlands")
    text = alt_text(europe, aggregate_places(europe), selection)
    assert "all reported stations in Europe" in text and "5 stations" in text and "Canada" not in text


# --- labels, inset, size -----------------------------------------------------------------------


def test_city_labels_name_the_places_and_can_be_switched_off(places: gpd.GeoDataFrame) -> None:
    texts = svg_texts(render_map_image(places, fmt="svg", preset="16:9"))
    assert {"Amsterdam", "Rotterdam", "Rome", "Montreal"} <= set(texts)
    assert "Amsterdam" not in svg_texts(render_map_image(places, fmt="svg", labels=False))


def test_crowded_cities_get_labels_that_never_overlap(places: gpd.GeoDataFrame) -> None:
    import matplotlib

    from exports import image

    nl = places[places["country_code"] == "NL"]
    with image._RENDER_LOCK, matplotlib.rc_context(image.RC_PARAMS):
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
    with image._RENDER_LOCK, matplotlib.rc_context(image.RC_PARAMS):
        fig = image.Figure(figsize=(6, 4), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(4.0, 14.0)  # Amsterdam and Rotterdam sit in the lower-left corner of this frame
        ax.set_ylim(51.5, 58.0)
        image._draw_markers(ax, places, theme, 1.0)
        renderer = image._renderer(fig)
        boxes = image._marker_boxes(ax, places, 1.0)
        legend_box = image._draw_legend(ax, places, theme, 1.0, renderer, boxes, [])
    assert legend_box is not None
    assert not any(legend_box.overlaps(b) for _, b in boxes)
    assert ax.get_legend()._loc != 3, "not the default lower left, where the markers are"  # 3: lower left
