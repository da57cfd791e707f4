"""The Suggest a correction page: composed from the form, offered as JSON and mailto:, nothing stored."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from loaders.corrections import ADDRESS_ENV

from .conftest import assert_clean

PAGE = "pages/correct.py"


def _open(make: Callable[[], AppTest], record: str) -> AppTest:
    at = make()
    at.run()
    at.switch_page(PAGE)
    at.query_params["record"] = record
    at.query_params["version"] = "0123456789ab"
    at.run()
    assert_clean(at)
    return at


def test_the_form_gives_a_structured_correction_to_download_and_mail(fixture_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ADDRESS_ENV, "corrections@example.org")
    at = _open(fixture_app, "station:nl-amsterdam-fuzhou-1")
    assert any("Amsterdam, Netherlands" in m.value for m in at.markdown)
    at.text_area[0].input("It closed in 2023, says the city.")
    at.text_input[0].input("https://example.org/news")
    at.text_area[1].input("“The office closed”")
    at.button[0].click()
    at.run()
    assert_clean(at)
    doc = json.loads(at.code[0].value)
    assert doc["record"] == "station:nl-amsterdam-fuzhou-1"
    assert doc["data_version"] == "0123456789ab"
    assert doc["what_is_wrong"] == "It closed in 2023, says the city."
    assert doc["source_url"] == "https://example.org/news" and doc["quote"] == "“The office closed”"
    buttons = at.get("link_button")
    assert buttons and buttons[0].proto.url.startswith("mailto:corrections@example.org?subject=")
    assert at.get("download_button"), "the JSON file is offered"


def test_a_bad_link_is_refused_with_a_reason_and_a_hostile_record_names_nothing(fixture_app) -> None:  # type: ignore[no-untyped-def]
    at = _open(fixture_app, "<img src=x onerror=alert(1)>")
    assert any("the data as a whole" in m.value for m in at.markdown)
    at.text_area[0].input("Wrong")
    at.text_input[0].input("javascript:alert(1)")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert any("http" in w.value for w in at.warning)
    assert not at.code, "no correction until the link is fixed"
    assert not at.get("link_button"), "no address configured, no mail button"


def test_the_about_page_lists_the_corrections_links_the_feed_and_the_archived_copies(bundled_app) -> None:  # type: ignore[no-untyped-def]
    from loaders.changelog import corrections, read_changelog

    at = bundled_app()
    at.run()
    at.switch_page("pages/about.py")
    at.run()
    assert_clean(at)
    assert any(h.value == "Corrections made so far" for h in at.header)
    made = corrections(read_changelog())
    labels = [e.label for e in at.expander]
    assert sum(1 for d, _ in made if any(label.startswith(d.isoformat()) for label in labels)) == len(made)
    text = " ".join(m.value for m in at.markdown)
    assert "/app/static/feed.xml" in text
    assert "archived copy" in text and "web.archive.org/web/<YYYYMMDD>/<url>" in text
