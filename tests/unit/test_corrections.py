"""A reader's correction: composed, checked, sent by mailto: or downloaded as JSON."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from loaders import Dataset
from loaders.corrections import (
    ADDRESS_ENV,
    MAILTO_BODY_MAX,
    CorrectionProblem,
    clean_record,
    clean_version,
    compose_correction,
    correction_address,
    describe_record,
    mailto_link,
)

TODAY = date(2026, 12, 6)


def test_a_correction_carries_record_version_text_source_and_quote_as_json() -> None:
    record, url = "station:nl-amsterdam-fuzhou-1", "https://example.org/a"
    c = compose_correction(record, "a2ce99aad409", " It closed in 2023. ", url, "“closed”", TODAY)
    doc = json.loads(c.to_json())
    assert doc == {
        "record": "station:nl-amsterdam-fuzhou-1",
        "data_version": "a2ce99aad409",
        "what_is_wrong": "It closed in 2023.",
        "source_url": "https://example.org/a",
        "quote": "“closed”",
        "written": "2026-12-06",
        "format": "overseas-stations-correction/1",
    }


@pytest.mark.parametrize(
    ("what", "url", "quote", "message"),
    [
        ("", "", "", "Say what is wrong"),
        ("x" * 2001, "", "", "under 2000"),
        ("Wrong city", "javascript:alert(1)", "", "http"),
        ("Wrong city", "example.org/page", "", "http"),
        ("Wrong city", "", "q" * 601, "quote"),
    ],
)
def test_a_correction_without_text_or_with_a_bad_link_says_what_to_fix(
    what: str, url: str, quote: str, message: str
) -> None:
    with pytest.raises(CorrectionProblem, match=message):
        compose_correction("x", "v", what, url, quote, TODAY)


def test_a_source_is_optional() -> None:
    assert compose_correction("", "v", "Missing station in Lyon", "", "", TODAY).source_url is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("station:es-madrid-fuzhou-1", "station:es-madrid-fuzhou-1"), ("es-madrid-fuzhou-1", "es-madrid-fuzhou-1"),
     ("<script>", ""), ("a b", ""), ("x" * 201, ""), (None, ""), (["a"], "")],
)  # fmt: skip
def test_the_record_from_the_url_is_an_id_or_nothing(raw: object, clean: str) -> None:
    assert clean_record(raw) == clean


def test_the_version_from_the_url_is_hex_or_the_current_one() -> None:
    assert clean_version("a2ce99aad409", "cur") == "a2ce99aad409"
    assert clean_version("<b>", "cur") == "cur"
    assert clean_version(None, "cur") == "cur"


def test_the_address_comes_from_the_environment_then_the_secrets_and_must_be_an_address() -> None:
    assert correction_address({ADDRESS_ENV: "desk@example.org"}, {"corrections_email": "x@y.org"}) == "desk@example.org"
    assert correction_address({}, {"corrections_email": "x@y.org"}) == "x@y.org"
    assert correction_address({ADDRESS_ENV: "not an address"}) is None
    assert correction_address({ADDRESS_ENV: "a@b.org?cc=evil@x.org"}) is None
    assert correction_address({}) is None


def test_the_mailto_link_fills_subject_and_body_and_stays_short() -> None:
    text, url = "Wrong & odd ?=# text\nline 2", "https://e.org/?a=1&b=2"
    c = compose_correction("station:x", "abc123abc123", text, url, "", TODAY)
    link = mailto_link("desk@example.org", c)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "desk@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Correction: station:x (data version abc123abc123)"]
    assert "Wrong & odd ?=# text\nline 2" in query["body"][0]
    assert "https://e.org/?a=1&b=2" in query["body"][0]
    long = compose_correction("station:x", "v", "y" * 2000, "", "", TODAY)
    assert len(parse_qs(urlsplit(mailto_link("d@e.org", long)).query)["body"][0]) < MAILTO_BODY_MAX + 100


def test_a_record_is_described_from_the_data_or_not_at_all(mini: Dataset) -> None:
    described = describe_record(mini, "station:nl-amsterdam-fuzhou-1")
    assert described == "Station nl-amsterdam-fuzhou-1: Amsterdam, Netherlands"
    assert describe_record(mini, "nl-amsterdam-fuzhou-1") == describe_record(mini, "station:nl-amsterdam-fuzhou-1")
    assert (describe_record(mini, "event:it-rome-verdict") or "").startswith("Event it-rome-verdict: ")
    assert describe_record(mini, "station:nowhere") is None
