"""Exports carry no live formulas and no accidental maths; images are bounded and never wait on
each other; the embed resizes only its own frame; everything that names the data follows its credit
(issues 14 and 19)."""

from __future__ import annotations

import csv
import io
import threading
import xml.etree.ElementTree as ET
import zipfile
from base64 import b64decode
from datetime import date

import geopandas as gpd
import pytest

from exports import csv_bundle, reactions_csv, render_map_image, stations_csv, stations_geojson
from exports.citation import citation_text
from exports.filenames import export_filename, filename_prefix
from exports.html import embed_id_of, embed_snippet, standalone_map_html
from exports.image import MAX_OUTPUT_PIXELS, ImageText, RenderBudget, check_image_options
from exports.tables import csv_cell, readme_text
from loaders import Dataset, Filters, aggregate_places
from loaders.credit import upload_credit
from loaders.upload import dataset_from_upload

FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1"]
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: bytes) -> list[str]:
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG_NS}text")]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_starts_like_a_formula_starts_with_an_apostrophe(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-79.3832, 4, 0.0, "Rotterdam", "2022-11-01", "", None])
def test_numbers_stay_numbers_and_plain_text_stays_as_it_is(value: object) -> None:
    assert csv_cell(value) == ("" if value is None else value)


@pytest.fixture(scope="module")
def formula_upload() -> Dataset:
    rows = ["place,country_code,lat,lon,note,source_url"]
    for i, formula in enumerate(FORMULAS):
        note = formula.replace('"', '""').replace("\r", "")
        rows.append(f'Place {i},NL,52.{3 + i},4.9,"{note}",https://example.org/{i}')
    rows.append("=cmd|' /C calc'!A0,NL,51.9244,4.4777,\"@x\",https://example.org/z")
    return dataset_from_upload("formulas.csv", "\n".join(rows).encode(), date(2026, 11, 23)).dataset


def _cells(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [cell for row in rows[1:] for cell in row]


def _no_formula(cells: list[str]) -> None:
    live = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _is_number(c))]
    assert live == [], live


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_no_csv_the_app_makes_holds_a_live_formula(formula_upload: Dataset) -> None:
    ds = formula_upload
    stations = stations_csv(ds, ds.stations)
    _no_formula(_cells(stations))
    assert "'=cmd|' /C calc'!A0" in _cells(stations), "the text is kept, made inert"
    assert "4.4777" in _cells(stations), "numbers stay numbers"
    _no_formula(_cells(reactions_csv(ds, ds.events)))
    bundle = csv_bundle(ds, ds.stations, citation="c", base_name="x", events_df=ds.events)
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                _no_formula(_cells(archive.read(name)))
    page = standalone_map_html(ds, ds.stations, title="t")
    link = page.split('href="data:text/csv;charset=utf-8;base64,', 1)[1].split('"', 1)[0]
    _no_formula(_cells(b64decode(link)))


def test_image_text_is_never_read_as_mathtext(places: gpd.GeoDataFrame) -> None:
    title = "They paid $5m and $10m"
    svg = render_map_image(places, fmt="svg", text=ImageText(title=title, source_line="Source: $x$ and \\$"))
    texts = svg_texts(svg)
    assert title in texts and "Source: $x$ and \\$" in " ".join(texts)


def test_a_place_named_with_broken_maths_is_drawn_in_every_format() -> None:
    csv_text = "place,country_code,lat,lon\nDen Haag $\\frac$,NL,52.0705,4.3007\nRotterdam,NL,51.9244,4.4777\n"
    ds = dataset_from_upload("maths.csv", csv_text.encode(), date(2026, 11, 23)).dataset
    places = aggregate_places(ds.stations)
    for fmt in ("png", "svg", "pdf"):
        assert render_map_image(places, fmt=fmt, text=ImageText(title="$\\frac$"))  # mathtext raised here before
    assert "Den Haag $\\frac$" in svg_texts(render_map_image(places, fmt="svg"))


def test_a_png_past_the_pixel_cap_is_refused_before_anything_is_drawn() -> None:
    with pytest.raises(ValueError, match="megapixels"):
        check_image_options(fmt="png", preset=(6000, 6000), scale=3)
    assert check_image_options(fmt="svg", preset=(6000, 6000), scale=3)  # vectors have no pixels
    assert check_image_options(fmt="png", preset="a4-landscape", scale=3).width_px * 9 * 1240 <= MAX_OUTPUT_PIXELS


def test_a_label_budget_bounds_the_work_and_keeps_the_biggest_places(places: gpd.GeoDataFrame) -> None:
    spent = render_map_image(places, fmt="svg", budget=RenderBudget(label_tries=0))
    full = render_map_image(places, fmt="svg")
    cities = set(places.loc[places["location_precision"] == "city", "city"])
    assert not cities & set(svg_texts(spent)), "no tries, no labels"
    assert cities & set(svg_texts(full))


def test_one_render_never_waits_for_another(places: gpd.GeoDataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    # Render A stops in the middle of drawing until render B has finished: with a process-wide
    # render lock (the old code) B could not start, and A would give up waiting.
    from exports import image

    b_done = threading.Event()
    a_waited: list[bool] = []
    original = image._draw_map

    def slow_draw(*args: object, **kwargs: object) -> None:
        if threading.current_thread().name == "render-a":
            a_waited.append(b_done.wait(timeout=60))
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(image, "_draw_map", slow_draw)
    a = threading.Thread(target=lambda: render_map_image(places, fmt="png"), name="render-a")
    a.start()
    render_map_image(places, fmt="png")
    b_done.set()
    a.join(timeout=120)
    assert a_waited == [True], "render B finished while render A was drawing"


def test_the_embed_snippet_resizes_only_the_iframe_it_came_with() -> None:
    snippet = embed_snippet("map.html", "A <map>", "0123456789ab")
    assert 'data-overseas-stations="0123456789ab"' in snippet
    assert "d.id!==id" in snippet and "f.contentWindow===e.source" in snippet
    assert "A &lt;map&gt;" in snippet
    hostile = embed_snippet("m.html", "t", "x'];alert(1);//")
    assert "alert" not in hostile, "an id is hex digits only"


def test_the_standalone_file_carries_the_id_its_snippet_checks(mini: Dataset) -> None:
    page = standalone_map_html(mini, mini.stations, title="t")
    embed = embed_id_of(page)
    assert len(embed) == 12 and f'data-embed-id="{embed}"' in page


def test_everything_that_names_an_upload_follows_its_credit() -> None:
    ds = dataset_from_upload("our list.csv", b"place,country_code,lat,lon\nRome,IT,41.9028,12.4964\n").dataset
    assert ds.credit.title == "our list.csv" and ds.credit.source_line == "Source: our list.csv (uploaded)"
    assert ds.credit.licence == ""
    ds = ds.with_credit(
        upload_credit("our list.csv", title="Police posts we found", source="Our reporting", licence="CC BY-SA 4.0")
    )
    text = citation_text(ds, "https://example.org/map", date(2026, 12, 1))
    assert text.startswith("Police posts we found. Our reporting.") and "Safeguard" not in text
    assert "web.archive.org" not in text, "an upload's citation is the uploader's words: it names no report"
    assert "Data licence CC BY-SA 4.0" in text
    readme = readme_text(ds, "1 station", ["x.csv"], citation=text)
    assert readme.startswith("Police posts we found: 1 station") and "Source: Our reporting" in readme
    assert "Safeguard" not in readme and "CC BY 4.0" not in readme
    props = stations_geojson(ds, ds.stations).decode()
    assert '"title": "Police posts we found"' in props and '"licence": "CC BY-SA 4.0"' in props
    name = export_filename(Filters(), "png", date(2026, 12, 1), prefix=filename_prefix(ds.credit))
    assert name == "police-posts-we-found_world_2026-12-01.png"
    unlicensed = ds.with_credit(upload_credit("our list.csv"))
    assert "No data licence" in readme_text(unlicensed, "w", [], citation="c")
