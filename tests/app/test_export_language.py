"""The Export page's language (issue 18): ``?lang=`` preselects it, the reader can change it, the
page's address and its shareable link carry it, and a language it cannot offer is said, not a crash."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from i18n import translate

from .conftest import assert_clean


def _export_page(at: AppTest) -> AppTest:
    at.switch_page("pages/export.py").run()
    assert_clean(at)
    return at


def test_a_link_with_lang_de_opens_the_export_page_in_german(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["lang"] = "de"
    at.query_params["country"] = "NL"
    _export_page(at)
    assert at.selectbox(key="exp_lang").value == "de"
    title = next(t for t in at.text_input if t.label == "Title")
    assert title.value == translate("title.default", "de") == "Übersee-Polizeistationen"
    subtitle = next(t for t in at.text_input if t.label == "Subtitle")
    assert subtitle.value.startswith("Niederlande: 2 Stationen")
    assert at.code[0].value.startswith(translate("alt.intro", "de", what="Niederlande"))  # the alt text
    assert not [w.value for w in at.sidebar.warning], "lang is the Export page's own parameter"
    assert not [w.value for w in at.warning]
    page_title = next(t for t in at.text_input if t.label == "Page title")  # the embeddable map's
    assert page_title.value == "Übersee-Polizeistationen: Niederlande"
    links = [c.value for c in at.caption if c.value.startswith("Link to this export")]
    assert links and "country=NL&lang=de" in links[0]
    assert at.query_params["lang"] == "de"


def test_choosing_a_language_changes_the_defaults_and_the_address(fixture_app: Callable[[], AppTest]) -> None:
    at = _export_page(fixture_app())
    assert at.selectbox(key="exp_lang").value == "en"
    assert "lang" not in at.query_params
    at.selectbox(key="exp_lang").set_value("ja").run()
    assert_clean(at)
    assert next(t for t in at.text_input if t.label == "Title").value == translate("title.default", "ja")
    assert at.query_params["lang"] == "ja"
    at.selectbox(key="exp_lang").set_value("en").run()
    assert_clean(at)
    assert "lang" not in at.query_params, "English is the default: the address does not carry it"


def test_a_language_the_exports_do_not_offer_is_a_notice_and_english(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["lang"] = "tlh"
    _export_page(at)
    assert at.selectbox(key="exp_lang").value == "en"
    notices = [w.value for w in at.warning]
    assert any("Ignored the language “tlh” in the link" in n and "showing English" in n for n in notices), notices
