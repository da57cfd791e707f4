from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import aggregate_places, load_dataset
from maps.assets import RENDERER, asset_path
from tests.conftest import FIXTURE, ROOT
from ui.navigation import PAGES as NAV_PAGES

from .conftest import PAGES, assert_clean, make_app, metric


@pytest.mark.parametrize("page", PAGES)
def test_every_registered_page_runs_on_the_bundled_data_without_error(
    bundled_app: Callable[[], AppTest], page: str
) -> None:
    at = bundled_app()
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert_clean(at)
    assert at.title, "every page has a title"
    assert any("Data as of" in c.value for c in at.caption), "every page has the footer"


def test_the_map_gets_local_assets_and_one_marker_per_place(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    assert_clean(at)
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert args["js_links"] and all(u.startswith("/app/static/") for u in args["js_links"] + args["css_links"])
    places = aggregate_places(load_dataset(FIXTURE).stations)
    call = re.search(r"OverseasStations\.draw\(\s*map_div,\s*\w+,\s*", args["feature_group"])
    view, _ = json.JSONDecoder().raw_decode(args["feature_group"], call.end())
    assert len(view["lon"]) == len(places)
    # The renderer is among the scripts the iframe loads (on its own, or in the bundle `make assets` built).
    loaded = "".join(asset_path(u.removeprefix("/app/static/")).read_text(encoding="utf-8") for u in args["js_links"])
    assert asset_path(RENDERER).read_text(encoding="utf-8").strip() in loaded
    assert args["returned_objects"] == ["last_object_clicked"], "panning and zooming must not rerun the page"


def test_the_country_filter_changes_the_counts_and_the_url(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    assert metric(at, "Stations shown") == "7 of 7"
    at.multiselect(key="filter_countries").set_value(["NL"]).run()
    assert_clean(at)
    assert metric(at, "Stations shown") == "2 of 7"
    assert at.query_params["country"] == "NL"


def test_query_parameters_restore_the_filters(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = "IT"
    at.query_params["bureau"] = "Wenzhou"
    at.run()
    assert_clean(at)
    assert at.multiselect(key="filter_countries").value == ["IT"]
    assert metric(at, "Stations shown") == "1 of 7"


def test_an_unknown_value_in_the_link_is_ignored_with_a_warning(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = "NL,ZZ"
    at.run()
    assert metric(at, "Stations shown") == "2 of 7"
    assert any("ZZ" in w.value for w in at.warning)


def test_as_of_shows_what_was_public_then(fixture_app: Callable[[], AppTest]) -> None:
    import datetime

    at = fixture_app()
    at.run()
    at.date_input(key="filter_as_of").set_value(datetime.date(2022, 10, 1)).run()
    assert_clean(at)
    assert metric(at, "Stations shown") == "3 of 7"
    assert at.query_params["asof"] == "2022-10-01"


def test_reset_clears_every_filter(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = "NL"
    at.run()
    reset = next(b for b in at.button if b.label == "Reset filters")
    reset.click().run()
    assert metric(at, "Stations shown") == "7 of 7"
    assert "country" not in at.query_params


def test_filters_carry_over_to_the_other_pages(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    at.multiselect(key="filter_countries").set_value(["NL"]).run()
    at.switch_page("pages/stations.py")
    at.run()
    assert_clean(at)
    assert any("2 of 7 stations" in c.value for c in at.caption)
    assert len(at.dataframe[0].value) == 2


def test_clicking_a_marker_shows_its_stations_below_the_map(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    before = json.loads(at.get("component_instance")[0].proto.json_args)
    at.session_state[before["key"]] = {"last_object_clicked": {"lat": 41.9028, "lng": 12.4964}}
    at.run()
    assert_clean(at)
    assert [h.value for h in at.subheader] == ["Rome, Italy"]
    assert any("Fixture court" in m.value for m in at.markdown)
    quotes = next(e for e in at.expander if e.label == "The quote behind each claim")
    shown = "\n".join(m.value for m in quotes.markdown)
    assert "The court gave its verdict today" in shown and "It was run by the Qingtian bureau" in shown
    after = json.loads(at.get("component_instance")[0].proto.json_args)
    assert after["feature_group"] == before["feature_group"], "the click's rerun would redraw the markers"


def test_broken_data_shows_an_error_page_naming_file_record_and_field(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for f in FIXTURE.parent.iterdir():
        shutil.copy(f, tmp_path / f.name)
    doc = json.loads((tmp_path / "stations.geojson").read_text())
    doc["features"][1]["properties"]["bureau"] = "Fujian"
    (tmp_path / "stations.geojson").write_text(json.dumps(doc))
    at = make_app(monkeypatch, tmp_path / "stations.geojson")
    at.run()
    assert not at.exception
    assert "cannot be shown" in at.title[0].value
    problems = at.code[0].value
    assert "stations.geojson" in problems and "nl-rotterdam-fuzhou-1" in problems and 'field "bureau"' in problems


def test_a_missing_data_file_shows_an_error_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = make_app(monkeypatch, tmp_path / "stations.geojson")
    at.run()
    assert not at.exception
    assert "file not found" in at.code[0].value


def test_every_page_file_is_named_after_its_url_path() -> None:
    # The legacy pages/ mode serves pages/<name>.py at /<name> (ui/navigation.py): any other name
    # makes a fresh server answer a first visit with "Page not found".
    assert all(Path(p.script).stem == p.url_path for p in NAV_PAGES)
    assert {f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py")} == {p.script for p in NAV_PAGES}


def test_the_export_page_previews_the_filtered_map_with_alt_text_and_a_named_download(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.query_params["country"] = "NL"
    at.run()
    at.switch_page("pages/export.py").run()
    assert_clean(at)
    assert at.get("image"), "a preview image is shown"
    alt = at.code[0].value
    assert "2 stations" in alt and "Netherlands" in alt
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download PNG") for label in labels)
    at.radio(key="exp_fmt").set_value("svg").run()
    assert_clean(at)
    assert any(b.proto.label.startswith("Download SVG") for b in at.get("download_button"))


def test_a_page_script_run_by_itself_is_drawn_inside_the_frame(fixture_app: Callable[[], AppTest]) -> None:
    # Before any run, AppTest (like a fresh server in legacy pages/ mode at /stations) runs the
    # page file itself, without app.py: the page hands over to the frame.
    at = fixture_app()
    at.query_params["country"] = "NL"
    at.switch_page("pages/stations.py").run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Stations"]
    assert any("2 of 7 stations" in c.value for c in at.caption)
    assert any("Data as of" in c.value for c in at.caption), "the footer of the frame is there"


def test_the_sidebar_offers_a_link_that_reproduces_the_view(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    at.multiselect(key="filter_countries").set_value(["NL"]).run()
    links = [c.value for c in at.sidebar.caption if c.value.startswith("Link to this view")]
    # AppTest has no browser URL; in the app the page's address leads.
    assert links == ["Link to this view (filters and page): [?country=NL](?country=NL)"]


def test_the_reactions_page_filters_by_who_acted_and_shows_the_quotes(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    at.switch_page("pages/reactions.py").run()
    assert_clean(at)
    assert any("5 dated reactions" in c.value for c in at.caption)
    text = "\n".join(m.value for m in at.markdown)
    assert "The court gave its verdict today" in text  # the quote under its event
    assert "accessed 2026\\-11\\-23" in text  # each source's access date beside its link
    assert "Nov 2022 \\(day unknown\\)" in text  # a month is never shown as the 1st
    at.multiselect(key="reactions_actor_kind").set_value(["court"]).run()
    assert_clean(at)
    assert any("1 dated reactions" in c.value for c in at.caption)


def test_the_stations_page_shows_each_source_kind_access_date_and_quote(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    at.switch_page("pages/stations.py").run()
    assert_clean(at)
    table = at.dataframe[0].value
    row = table[table["id"] == "ca-montreal-unknown-1"].iloc[0]
    assert row["Source kind"] == "Police · copy of Original Police (2023-03-09)"
    assert row["Accessed"] == "2026-11-23"
    assert "placement: “The office is in Montreal.”" in row["Quotes"]


def test_the_about_page_and_the_footer_say_how_current_the_data_is(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    assert any("Latest event on record: 18 Dec 2024" in c.value for c in at.caption)
    at.switch_page("pages/about.py").run()
    assert_clean(at)
    assert any(h.value == "How current the data is" for h in at.header)
    assert any("18 Dec 2024" in m.value and "claims carry a verbatim quote" in m.value for m in at.markdown)


@pytest.mark.parametrize("stored", [None, (None, None, None, None)])
def test_exporting_the_map_view_before_the_map_reported_it_says_to_pan_or_zoom(
    fixture_app: Callable[[], AppTest], stored: object
) -> None:
    at = fixture_app()
    at.run()
    at.switch_page("pages/export.py")
    if stored is not None:
        at.session_state["export_bounds"] = stored  # what the Map page stores before the map has drawn
    at.run()
    at.selectbox(key="exp_area").set_value("view").run()
    assert_clean(at)
    assert any("pan or zoom the map once" in w.value for w in at.warning)
    assert not at.get("image"), "no preview of a view that is not known"
    assert any(b.proto.label == "Download CSV" for b in at.get("download_button")), "the other tabs still render"


def test_a_region_export_is_named_subtitled_and_described_after_the_region(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    at.switch_page("pages/export.py").run()
    at.selectbox(key="exp_area").set_value("Europe").run()
    assert_clean(at)
    subtitle = next(t.value for t in at.text_input if t.label == "Subtitle")
    assert subtitle.startswith("All reported stations in Europe: 5 stations in 3 countries")
    alt = at.code[0].value
    assert "all reported stations in Europe" in alt and "Canada" not in alt
    assert at.get("image")


def test_the_country_page_opens_on_the_country_in_the_link_with_its_story_once(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.query_params["panel"] = "NL"
    at.switch_page("pages/country.py").run()
    assert_clean(at)
    assert any(h.value.startswith("Netherlands: 2 stations") for h in at.subheader)
    markdown = "\n".join(m.value for m in at.markdown)
    assert markdown.count("Closure ordered") == 1, "the order on both Dutch stations is listed once"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Map image (PNG)" in labels and "Printable page (HTML)" in labels
    assert any("panel=NL" in c.value for c in at.code)


def test_the_country_page_follows_a_single_country_filter(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["country"] = "IT"
    at.switch_page("pages/country.py").run()
    assert_clean(at)
    assert any(h.value.startswith("Italy: 2 stations") for h in at.subheader)


def test_the_about_page_cites_with_version_and_access_date_and_links_the_dictionary(
    fixture_app: Callable[[], AppTest],
) -> None:
    from datetime import date

    at = fixture_app()
    at.switch_page("pages/about.py").run()
    assert_clean(at)
    citation = next(c.value for c in at.code if c.value.startswith("Overseas Stations Map"))
    assert f"Accessed {date.today().isoformat()}" in citation and "data version" in citation
    assert [h.value for h in at.header].count("Data changelog") == 1
    assert not any(m.value.lstrip().startswith("# Data changelog") for m in at.markdown)
    assert not any("data/README.md" in c.value for c in at.caption)
    at.switch_page("pages/dictionary.py").run()
    assert_clean(at)
    assert any("`country_code`" in m.value for m in at.markdown)


def test_a_map_view_sent_by_the_map_page_is_what_the_export_shows_and_names(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.run()
    at.switch_page("pages/export.py")
    # st_folium's bounds as the Map page stores them: (west, south, east, north) around the Netherlands
    at.session_state["export_bounds"] = (3.0, 50.5, 7.5, 53.5)
    at.run()
    at.selectbox(key="exp_area").set_value("view").run()
    assert_clean(at)
    assert at.get("image")
    alt = at.code[0].value
    assert "all reported stations in the map's current view" in alt and "2 stations" in alt
    assert not any("pan or zoom" in w.value for w in at.warning)


def test_no_page_calls_its_own_link_parameters_unknown(
    fixture_app: Callable[[], AppTest], subtests: pytest.Subtests
) -> None:
    values = {
        "panel": "NL",
        "place": "NL:Amsterdam",
        "station": "nl-amsterdam-fuzhou-1",
        "view": "52,5,6",
        "since": "2024-06-01",  # the Map's and Reactions' "changed since" date
        "record": "station:nl-amsterdam-fuzhou-1",  # the Correct page's link, as a popup writes it
        "lang": "de",  # the Export page's language
        "version": load_dataset(FIXTURE).checksum[:12],
    }
    for spec in [p for p in NAV_PAGES if p.link_params]:
        with subtests.test(page=spec.script):
            at = fixture_app()
            for key in spec.link_params:
                at.query_params[key] = values[key]
            at.switch_page(spec.script).run()
            assert_clean(at)
            assert not [w.value for w in at.sidebar.warning]


def test_the_country_pages_own_link_is_not_called_unknown_but_another_pages_parameter_is(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.query_params["panel"] = "CA"
    at.switch_page("pages/country.py").run()
    assert_clean(at)
    assert any(h.value.startswith("Canada: 1 station") for h in at.subheader)
    assert not [w.value for w in at.sidebar.warning], "the page's own documented link warns about nothing"
    other = fixture_app()
    other.query_params["panel"] = "CA"
    other.switch_page("pages/stations.py").run()
    assert any("Ignored the unknown link parameter “panel”" in w.value for w in other.sidebar.warning), (
        "the Stations page does not read panel: it says so"
    )


def test_export_this_country_opens_the_export_page_filtered_on_it(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["panel"] = "CA"
    at.switch_page("pages/country.py").run()
    at.button(key="country_export").click().run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Export"]
    assert at.query_params["country"] == "CA"
    assert "asof" not in at.query_params, "the latest data, as on the Country page (not today's date)"
    assert at.multiselect(key="filter_countries").value == ["CA"], "the sidebar shows the country chosen"
    assert any("Canada" in c.value and "1 stations" in c.value for c in at.caption), [c.value for c in at.caption]


def test_a_quote_says_what_checking_it_against_its_page_found(bundled_app: Callable[[], AppTest]) -> None:
    # data/verification.json: the Stations page's quotes of a station say when they were checked,
    # and a quote whose page could not be retrieved says so (issue 15).
    at = bundled_app()
    at.run()
    at.switch_page("pages/stations.py").run()
    at.selectbox(key="stations_sources_of").select("unplaced-patrol-and-persuade-18").run()
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "⚠ _the cited page could not be retrieved to check this quote \\(tried " in text, text[-800:]
    at.selectbox(key="stations_sources_of").select("nl-amsterdam-qingtian-1").run()
    text = " ".join(m.value for m in at.markdown)
    assert "✓ _checked against the cited page on " in text and "could not be retrieved" not in text
