"""The bundled data: valid, traceable, counted as the README says, and unchanged since its provenance record."""

from __future__ import annotations

import json
from pathlib import Path

from loaders import Dataset, events_by_station, place_detail, validate_stations
from loaders.coverage import coverage_by_report, readme_blocks, stale_readme_blocks, write_readme_blocks
from loaders.evidence import iter_claims, quote_coverage, read_unquoted
from loaders.files import read_raw
from loaders.provenance import file_checksums, read_provenance, stale_files
from loaders.verification import RESULTS, SEARCH_LOG_FILE, quote_keys, read_checks
from tests.conftest import BUNDLED

DATA = BUNDLED.parent


def test_the_bundled_data_validates_without_a_single_problem() -> None:
    assert validate_stations(BUNDLED) == []


def test_every_data_file_matches_its_checksum_in_the_provenance_record() -> None:
    assert stale_files(BUNDLED) == [], "run `python -m loaders.provenance --write` and add a CHANGELOG entry"
    recorded = read_provenance(BUNDLED)["files"]
    assert set(recorded) == {
        "stations.geojson",
        "events.json",
        "sources.json",
        "reports.json",
        "disagreements.json",
        "unquoted.json",
        "verification.json",
        "search-log.json",
    }


def test_an_edited_data_file_no_longer_matches_the_provenance_record(tmp_path: Path) -> None:
    for f in [*DATA.glob("*.json"), *DATA.glob("*.geojson")]:
        (tmp_path / f.name).write_bytes(f.read_bytes())
    doc = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    doc["events"][0]["summary"] += " (edited)"
    (tmp_path / "events.json").write_text(json.dumps(doc), encoding="utf-8")
    assert stale_files(tmp_path / "stations.geojson") == ["events.json"]
    assert file_checksums(tmp_path / "stations.geojson")["events.json"]["records"] == len(doc["events"])


def test_the_readme_coverage_status_and_field_tables_match_the_data(bundled: Dataset) -> None:
    assert stale_readme_blocks(DATA / "README.md", bundled) == [], "run `python -m loaders.coverage --write-readme`"


def test_the_readme_check_notices_a_changed_figure(bundled: Dataset, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    block = readme_blocks(bundled)["COVERAGE"]
    edited = (
        (DATA / "README.md")
        .read_text(encoding="utf-8")
        .replace(block, block.replace(" stations in ", " stations (edited) in ", 1))
    )
    readme.write_text(edited, encoding="utf-8")
    assert stale_readme_blocks(readme, bundled) == ["COVERAGE"]
    write_readme_blocks(readme, bundled)
    assert stale_readme_blocks(readme, bundled) == []
    assert readme_blocks(bundled)["COVERAGE"] in readme.read_text(encoding="utf-8")


def test_each_report_has_as_many_stations_as_it_stated_with_its_revisions(bundled: Dataset) -> None:
    # 110 Overseas: 54. Patrol and Persuade: 102 counting those 54, plus two in the 13 Dec revision.
    first_listed = {r["Listed by"]: r["In the data"] for r in coverage_by_report(bundled).to_dict("records")}
    reports = bundled.reports.set_index("id")
    n110 = sum("110-overseas" in reps for reps in bundled.stations["reports"])
    npp = sum("patrol-and-persuade" in reps for reps in bundled.stations["reports"])
    assert n110 == reports.loc["110-overseas", "stated_stations"] == 54
    revised = len(reports.loc["patrol-and-persuade", "revisions"])
    assert n110 + npp == reports.loc["patrol-and-persuade", "stated_stations"] + 2 * revised
    assert sum(first_listed.values()) == 2 * len(bundled.stations)  # the rows plus the total row


def test_every_station_event_report_and_claim_cites_a_registered_http_source(bundled: Dataset) -> None:
    known = set(bundled.sources["id"])
    cited = [s for ids in bundled.stations["sources"] for s in ids]
    cited += [s for ids in bundled.events["sources"] for s in ids]
    cited += [s for d in bundled.disagreements for c in d["claims"] for s in c["sources"]]
    assert cited and set(cited) <= known
    assert all(u.startswith(("https://", "http://")) for u in bundled.sources["url"])
    assert all(len(ids) > 0 for ids in bundled.stations["sources"])


def test_the_governments_reactions_named_in_the_brief_are_recorded(bundled: Dataset) -> None:
    events = bundled.events[~bundled.events["derived"]]
    by_country = {code: set(group["type"]) for code, group in events.groupby("actor_country")}
    assert "closure_ordered" in by_country["NL"]
    assert "closure_ordered" in by_country["IE"]
    assert "investigation_opened" in by_country["CA"]
    assert {"arrest", "charges", "guilty_plea"} <= by_country["US"]
    assert "china_statement" in by_country["CN"]
    for code in ("GB", "CZ", "DE", "FR", "ES", "IT", "PT", "AT", "SE", "HU", "RS", "HR", "JP", "KR", "AU", "NZ", "CL"):
        assert code in by_country, f"no reaction recorded for {code}"


# The claims that still have no verbatim quote (data/unquoted.json). Lower this as quotes are
# added; never raise it: a new or merged record must come with its quote.
UNQUOTED_AT_MOST = 0


def test_the_claims_without_a_quote_only_ever_decrease() -> None:
    claims = read_unquoted(BUNDLED)
    assert claims is not None, "data/unquoted.json is missing"
    assert len(claims) <= UNQUOTED_AT_MOST, "a claim lost its quote or a record came without one"
    raw = read_raw(BUNDLED)
    assert quote_coverage(raw.stations, raw.events, raw.disagreements).unquoted == len(claims)


def test_no_press_ngo_or_lone_legislator_event_counts_as_a_host_reaction(bundled: Dataset) -> None:
    events = bundled.events[~bundled.events["derived"]]
    by_kind = dict(zip(events["id"], events["actor_kind"], strict=True))
    assert by_kind["us-2022-12-malliotakis"] == "legislator"
    assert by_kind["nl-2022-10-25-rtl-ftm-report"] == "press"
    assert by_kind["intl-2022-12-05-ipac"] == "legislator"
    assert set(events.loc[events["type"] == "china_statement", "actor_kind"]) == {"chinese_government"}
    stations = bundled.stations
    detail = place_detail(bundled, stations, events_by_station(bundled, None), "everywhere")
    assert not {e["actor_kind"] for e in detail.reactions} & {"press", "ngo", "legislator", "operators"}
    assert {e["actor_kind"] for e in detail.other_voices} <= {"press", "ngo", "legislator", "operators"}
    assert "nl-2022-10-25-rtl-ftm-report" in {e["id"] for e in detail.other_voices}


def test_a_16_9_world_svg_of_every_station_stays_under_600_kb(bundled: Dataset) -> None:
    from exports import ImageText, render_map_image
    from exports.framing import WORLD_BOUNDS
    from loaders import aggregate_places

    text = ImageText(title="Overseas police service stations", subtitle="All reported stations", credit="Graphic: X")
    svg = render_map_image(aggregate_places(bundled.stations), fmt="svg", preset="16:9", bounds=WORLD_BOUNDS, text=text)
    assert len(svg) <= 600 * 1024, f"{len(svg) / 1024:.0f} KB"


def test_a_europe_export_is_framed_from_iberia_to_the_baltic(bundled: Dataset) -> None:
    from exports.framing import Area, area_bounds, stations_in_area
    from exports.image import fit_bounds
    from loaders import aggregate_places

    europe = stations_in_area(bundled.stations, Area("Europe"))
    assert not ({"RU", "UZ", "GL", "IL", "AE"} & set(europe["country_code"]))
    places = aggregate_places(europe)
    assert area_bounds(Area("Europe"), places) is None  # fitted on the places
    west, south, east, north = fit_bounds(places)
    assert -25 < west < -9 and 30 < east < 40, "Madeira and Iberia to Odesa, not Greenland or the Urals"
    assert 25 < south < 37 and 59 < north < 65, "the Mediterranean to Stockholm, not the Arctic"


def test_every_quote_of_the_bundled_data_appears_in_the_verification_log_with_a_result() -> None:
    log = read_checks(BUNDLED)
    assert log is not None, "data/verification.json is missing"
    checks, problems = log
    assert problems == []
    raw = read_raw(BUNDLED)
    quotes = set(quote_keys(iter_claims(raw.stations, raw.events, raw.disagreements)))
    by_key = {c.key: c for c in checks}
    assert len(quotes) > 1000 and quotes == set(by_key), (
        "run the verification pass for the quotes named by the validator"
    )
    assert all(by_key[k].result in RESULTS and by_key[k].checked for k in quotes)


# Quotes whose cited page could not be retrieved (kept and marked for readers). Lower this as they
# are re-sourced; never raise it: a new quote must be checked on its page.
NOT_RETRIEVABLE_AT_MOST = 12


def test_the_quotes_on_pages_that_could_not_be_retrieved_only_ever_decrease() -> None:
    log = read_checks(BUNDLED)
    assert log is not None
    assert sum(c.result == "page_not_retrievable" for c in log[0]) <= NOT_RETRIEVABLE_AT_MOST


def test_the_search_log_has_searches_for_every_country_with_a_station(bundled: Dataset) -> None:
    doc = json.loads((DATA / SEARCH_LOG_FILE).read_text(encoding="utf-8"))
    searched = {e["country"] for e in doc["entries"]}
    countries = {c for c in bundled.stations["country_code"] if isinstance(c, str)}
    assert countries and countries <= searched, f"never searched: {sorted(countries - searched)}"
