"""Every claim carries a short verbatim quote from a page its record cites; the unquoted list only shrinks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders import validate_stations
from loaders.evidence import (
    NO_QUOTE_YET,
    iter_claims,
    quote_coverage,
    quote_flag,
    quote_words,
    station_claims,
    write_unquoted,
)
from loaders.files import read_raw
from tests.unit.test_validate import TODAY, copy_fixture, edit, station

LONG = " ".join(["word"] * 31)


def event(doc: Any, i: int) -> dict[str, Any]:
    return doc["events"][i]


CASES: dict[str, tuple[str, Callable[[Any], None], list[str]]] = {
    "quote over 30 words": (
        "events.json",
        lambda d: event(d, 0)["evidence"][0].update(quote=LONG),
        ['event 0 (id "nl-closure-order")', 'field "evidence"', "quote of 31 words: at most 30"],
    ),
    "empty quote": (
        "events.json",
        lambda d: event(d, 1)["evidence"][0].update(quote="   "),
        ['event 1 (id "it-investigation")', 'field "evidence"', "empty quote"],
    ),
    "quote from a source the event does not cite": (
        "events.json",
        lambda d: event(d, 2)["evidence"][0].update(source="src-mfa"),
        ['event 2 (id "it-rome-verdict")', 'quotes source "src-mfa", which the record does not cite'],
    ),
    "station quote from a source the station does not cite": (
        "stations.geojson",
        lambda d: station(d, 0)["evidence"][1].update(source="src-report-b"),
        ['feature 0 (id "nl-amsterdam-fuzhou-1")', 'quotes source "src-report-b"'],
    ),
    "event without evidence": (
        "events.json",
        lambda d: event(d, 3).pop("evidence"),
        ['event 3 (id "ca-montreal-investigation")', "event:ca-montreal-investigation has no quote"],
    ),
    "station placement without a quote": (
        "stations.geojson",
        lambda d: station(d, 0).update(evidence=[e for e in station(d, 0)["evidence"] if e["claim"] != "placement"]),
        ["station:nl-amsterdam-fuzhou-1:placement has no quote"],
    ),
    "disagreement claim without a quote": (
        "disagreements.json",
        lambda d: d["disagreements"][0]["claims"][1].pop("evidence"),
        ['disagreement 0 (id "it-count")', 'field "claims.1.evidence"', "disagreement:it-count:1 has no quote"],
    ),
    "unknown claim kind": (
        "stations.geojson",
        lambda d: station(d, 0)["evidence"][0].update(claim="address"),
        ['feature 0 (id "nl-amsterdam-fuzhou-1")', "expected one of placement, bureau, listing"],
    ),
    "missing actor kind": (
        "events.json",
        lambda d: event(d, 0).pop("actor_kind"),
        ['event 0 (id "nl-closure-order")', "'actor_kind' is a required property"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_quote_is_named_with_file_record_and_field(tmp_path: Path, case: str) -> None:
    file_name, change, expected = CASES[case]
    stations = copy_fixture(tmp_path)
    edit(tmp_path / file_name, change)
    messages = [str(p) for p in validate_stations(stations, TODAY)]
    assert any(all(part in m for part in expected) and file_name in m for m in messages), messages


def test_a_quote_from_a_page_not_in_english_needs_a_translation(tmp_path: Path) -> None:
    stations = copy_fixture(tmp_path)
    edit(tmp_path / "sources.json", lambda d: d["sources"][2].update(language="nl"))  # src-ministry
    messages = [str(p) for p in validate_stations(stations, TODAY)]
    assert any('source "src-ministry" is not in English (language nl)' in m for m in messages), messages
    edit(
        tmp_path / "events.json",
        lambda d: [
            e["evidence"][0].update(translation="The ministry said so.")
            for e in d["events"]
            if e["sources"] == ["src-ministry"]
        ],
    )
    assert validate_stations(stations, TODAY) == []


def test_a_claim_listed_as_unquoted_may_lack_a_quote_and_leaves_the_list_once_quoted(tmp_path: Path) -> None:
    stations = copy_fixture(tmp_path)
    edit(tmp_path / "stations.geojson", lambda d: station(d, 6).update(evidence=station(d, 6)["evidence"][:1]))
    write_unquoted(stations, ["station:ca-montreal-unknown-1:listing"])
    assert validate_stations(stations, TODAY) == []
    write_unquoted(stations, ["station:ca-montreal-unknown-1:listing", "event:it-rome-verdict", "event:no-such"])
    messages = [str(p) for p in validate_stations(stations, TODAY)]
    assert any("unquoted.json" in m and "event:it-rome-verdict has a quote now" in m for m in messages), messages
    assert any("unquoted.json" in m and "event:no-such is not a claim" in m for m in messages), messages


def test_every_event_needs_evidence_even_if_listed_as_unquoted(tmp_path: Path) -> None:
    stations = copy_fixture(tmp_path)
    edit(tmp_path / "events.json", lambda d: event(d, 3).pop("evidence"))
    write_unquoted(stations, ["event:ca-montreal-investigation"])
    messages = [str(p) for p in validate_stations(stations, TODAY)]
    assert any(
        'event 3 (id "ca-montreal-investigation")' in m and "every event needs a quote" in m for m in messages
    ), messages


def test_the_fixture_has_a_quote_for_every_claim() -> None:
    raw = read_raw(Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "stations.geojson")
    coverage = quote_coverage(raw.stations, raw.events, raw.disagreements)
    assert coverage.claims == coverage.quoted > 0


@pytest.mark.parametrize(
    ("props", "claims"),
    [
        ({"location_precision": "city", "bureau": "Fuzhou"}, ["placement", "bureau", "listing"]),
        ({"location_precision": "country", "bureau": "unknown"}, ["placement", "listing"]),
        ({"location_precision": "unplaced", "bureau": "Wenzhou"}, ["bureau", "listing"]),
    ],
)
def test_a_station_claims_only_what_it_states(props: dict[str, str], claims: list[str]) -> None:
    assert station_claims(props) == claims


@pytest.mark.parametrize(
    ("quote", "words"),
    [
        ("The ministry ordered both offices closed.", 6),
        ("  spaced   out  ", 2),
        ("华侨服务站", 3),  # five ideographs: two characters a word, rounded up
        ("警察 overseas 服务站", 4),
        ("경찰 서비스 센터", 3),  # Korean is written with spaces
    ],
)
def test_quote_words_counts_two_chinese_or_japanese_characters_as_a_word(quote: str, words: int) -> None:
    assert quote_words(quote) == words


def test_a_record_without_a_quote_is_flagged_no_quote_yet() -> None:
    assert quote_flag(None) == quote_flag([]) == quote_flag([{"source": "s", "quote": ""}]) == NO_QUOTE_YET
    assert quote_flag([{"source": "s", "quote": "It was closed."}]) is None


def test_claim_keys_name_the_record_and_the_claim(tmp_path: Path) -> None:
    stations = copy_fixture(tmp_path)
    raw = read_raw(stations)
    keys = [c.key for c in iter_claims(raw.stations, raw.events, raw.disagreements)]
    assert "station:de-country-nantong-1:placement" in keys
    assert "station:unplaced-wenzhou-1:placement" not in keys
    assert "event:cn-mfa-service-centres" in keys
    assert keys[-2:] == ["disagreement:it-count:0", "disagreement:it-count:1"]
    assert json.loads(json.dumps(keys)) == keys
