"""loaders.verification: every quote has one check, every check matches a quote; the search log names
records of the data; the validator holds the curated data (not an upload) to both logs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from loaders.evidence import iter_claims
from loaders.files import read_raw
from loaders.rules import validate_raw, validate_stations
from loaders.verification import (
    Check,
    check_of,
    checks_by_quote,
    parse_checks,
    quote_fingerprint,
    quote_keys,
    verification_problems,
)

TODAY = date(2026, 12, 6)


def claim(key: str, *quotes: tuple[str, str]) -> SimpleNamespace:
    return SimpleNamespace(key=key, label=f"record {key}", evidence=[{"source": s, "quote": q} for s, q in quotes])


def check(claim_key: str, source: str, quote: str, **kw: str) -> Check:
    fields = {"checked": "2026-12-06", "result": "verified", "action": "none", **kw}
    return Check(claim_key, source, quote_fingerprint(quote), **fields)


def test_a_fingerprint_ignores_whitespace_but_not_words() -> None:
    assert quote_fingerprint("the  ministry\nsaid") == quote_fingerprint("the ministry said")
    assert quote_fingerprint("the ministry said") != quote_fingerprint("the ministry denied")


def test_every_quote_checked_once_is_clean() -> None:
    claims = [claim("event:a", ("s1", "one quote"), ("s2", "two")), claim("station:x:placement", ("s1", "three"))]
    checks = [
        check("event:a", "s1", "one quote"),
        check("event:a", "s2", "two"),
        check("station:x:placement", "s1", "three"),
    ]
    assert verification_problems(checks, claims, "verification.json", TODAY) == []


def test_a_quote_without_a_check_is_named_by_its_record_and_claim() -> None:
    problems = verification_problems([], [claim("event:a", ("s1", "one quote"))], "verification.json", TODAY)
    assert len(problems) == 1
    assert problems[0].record == "record event:a" and "event:a" in problems[0].message and '"s1"' in problems[0].message


def test_an_edited_quote_invalidates_its_check() -> None:
    checks = [check("event:a", "s1", "the old words")]
    problems = verification_problems(checks, [claim("event:a", ("s1", "the new words"))], "v.json", TODAY)
    assert {p.field for p in problems} == {"quote_sha256", "evidence"}


def test_a_duplicate_or_future_check_is_refused() -> None:
    claims = [claim("event:a", ("s1", "q"))]
    twice = verification_problems([check("event:a", "s1", "q"), check("event:a", "s1", "q")], claims, "v.json", TODAY)
    assert any("twice" in p.message for p in twice)
    future = verification_problems([check("event:a", "s1", "q", checked="2027-01-01")], claims, "v.json", TODAY)
    assert any("after today" in p.message for p in future)


def test_malformed_entries_name_the_entry_and_field() -> None:
    doc = {"checks": [{"claim": "event:a"}, {**_entry(), "result": "probably"}, "x", _entry()]}
    checks, problems = parse_checks(doc, "v.json")
    assert len(checks) == 1
    assert [(p.record, p.field) for p in problems] == [("check 0", "source"), ("check 1", "result"), ("check 2", None)]


def _entry() -> dict[str, str]:
    return {
        "claim": "event:a",
        "source": "s",
        "quote_sha256": "0" * 12,
        "checked": "2026-12-06",
        "result": "verified",
        "action": "none",
    }


# --- the logs beside the data, and the validator's hook (loaders.rules) -----------------------------

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def curated_copy(tmp_path: Path) -> Path:
    """The fixture data with a verification log that checks every quote, and a search log."""
    for f in MINI.iterdir():
        shutil.copy(f, tmp_path / f.name)
    raw = read_raw(tmp_path / "stations.geojson")
    keys = quote_keys(iter_claims(raw.stations, raw.events, raw.disagreements))
    entries = [dict(_entry(), claim=c, source=s, quote_sha256=f) for c, s, f in keys]
    write(tmp_path / "verification.json", {"checks": entries})
    event_id = raw.events["events"][0]["id"]
    write(tmp_path / "search-log.json", {"searched": "2026-12-06", "entries": [_search(found=[event_id])]})
    return tmp_path / "stations.geojson"


def write(path: Path, doc: Any) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def edit(path: Path, change: Callable[[Any], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    write(path, doc)


def _search(**kw: Any) -> dict[str, Any]:
    return {
        "country": "NL",
        "period": "2024-2026",
        "level": "parliament",
        "query": "Kamervragen politiebureaus",
        "language": "nl",
        "found": [],
        "note": "nothing new",
        **kw,
    }


def test_a_curated_copy_with_every_quote_logged_is_valid(tmp_path: Path) -> None:
    assert validate_stations(curated_copy(tmp_path), TODAY) == []


def test_a_quote_missing_from_the_log_is_named_by_its_file_record_and_field(tmp_path: Path) -> None:
    path = curated_copy(tmp_path)
    raw = read_raw(path)
    event = raw.events["events"][0]
    fingerprint = quote_fingerprint(event["evidence"][0]["quote"])
    edit(
        tmp_path / "verification.json",
        lambda d: d["checks"].remove(
            next(c for c in d["checks"] if c["claim"] == f"event:{event['id']}" and c["quote_sha256"] == fingerprint)
        ),
    )
    problems = validate_stations(path, TODAY)
    assert [(p.file, p.record, p.field) for p in problems] == [
        (str(tmp_path / "events.json"), f'event 0 (id "{event["id"]}")', "evidence")
    ]
    assert "verification.json" in problems[0].message and fingerprint in problems[0].message


def test_a_disagreement_quote_missing_from_the_log_names_its_side(tmp_path: Path) -> None:
    path = curated_copy(tmp_path)
    edit(
        tmp_path / "verification.json",
        lambda d: d.update(checks=[c for c in d["checks"] if "disagreement:" not in c["claim"]]),
    )
    problems = validate_stations(path, TODAY)
    assert problems and all(p.file == str(tmp_path / "disagreements.json") for p in problems)
    assert all(
        p.field is not None and p.field.startswith("claims.") and p.field.endswith(".evidence") for p in problems
    )


def test_an_edited_quote_needs_a_new_check_before_the_data_validates(tmp_path: Path) -> None:
    path = curated_copy(tmp_path)
    edit(tmp_path / "events.json", lambda d: d["events"][0]["evidence"][0].update(quote="words the page never had"))
    problems = validate_stations(path, TODAY)
    assert {(Path(p.file).name, p.field) for p in problems} == {
        ("verification.json", "quote_sha256"),  # the old check matches no quote any more
        ("events.json", "evidence"),  # the new quote has no check
    }


def test_a_malformed_log_entry_is_named_by_entry_and_field(tmp_path: Path) -> None:
    path = curated_copy(tmp_path)
    edit(tmp_path / "verification.json", lambda d: d["checks"][2].update(result="probably"))
    problems = validate_stations(path, TODAY)
    assert [(Path(p.file).name, p.record, p.field) for p in problems] == [("verification.json", "check 2", "result")]


def test_a_search_log_entry_naming_no_record_or_no_country_is_refused(tmp_path: Path) -> None:
    path = curated_copy(tmp_path)
    edit(
        tmp_path / "search-log.json",
        lambda d: d["entries"].extend([_search(found=["no-such-event"]), _search(country="XX")]),
    )
    problems = validate_stations(path, TODAY)
    assert [(Path(p.file).name, p.record, p.field) for p in problems] == [
        ("search-log.json", "search 1 (NL, 2024-2026)", "found"),
        ("search-log.json", "search 2", "country"),
    ]
    edit(tmp_path / "search-log.json", lambda d: d["entries"].append(_search(period="lately")))
    assert any(p.record == "search 3" and p.field == "period" for p in validate_stations(path, TODAY))


def test_an_upload_is_not_held_to_a_log(tmp_path: Path) -> None:
    path = curated_copy(tmp_path)
    write(tmp_path / "verification.json", {"checks": []})  # would leave every quote unchecked
    assert validate_raw(read_raw(path), TODAY, require_quotes=False) == []
    assert validate_raw(read_raw(path), TODAY) != []


def test_data_without_logs_is_not_asked_for_them_here(tmp_path: Path) -> None:
    # The bundled data's tests require both logs (tests/unit/test_bundled_data.py).
    path = curated_copy(tmp_path)
    (tmp_path / "verification.json").unlink()
    (tmp_path / "search-log.json").unlink()
    assert validate_stations(path, TODAY) == []


def test_the_fast_and_the_full_schema_check_agree_on_the_logs() -> None:
    from loaders.schemas import certainly_valid
    from loaders.schemas import validator as _validator

    data = Path(__file__).resolve().parents[2] / "data"
    entry = _entry()
    cases = {
        "verification": [
            json.loads((data / "verification.json").read_text(encoding="utf-8")),
            {"checks": [entry]},
            {"checks": [{**entry, "quote_sha256": "XYZ"}]},
            {"checks": [{**entry, "checked": "6 Dec 2026"}]},
            {"checks": [{**entry, "claim": "station:x:location"}]},
            {"checks": [{**entry, "extra": 1}]},
        ],
        "search-log": [
            json.loads((data / "search-log.json").read_text(encoding="utf-8")),
            {"searched": "2026-12-06", "entries": [_search()]},
            {"searched": "2026-12-06", "entries": [_search(level="everywhere")]},
            {"searched": "2026-12-06", "entries": [_search(found=["Not An Id"])]},
            {"entries": []},
        ],
    }
    for name, docs in cases.items():
        for doc in docs:
            fast = certainly_valid(name, doc)
            assert fast == _validator(name).is_valid(doc), (name, doc if len(str(doc)) < 300 else "bundled")
    assert _validator("verification").is_valid(cases["verification"][0])
    assert not _validator("search-log").is_valid(cases["search-log"][-1])


def test_a_check_tells_a_reader_what_it_found_and_when() -> None:
    ok = Check("event:x", "src", "0" * 12, "2026-12-06", "verified", "none")
    gone = Check("event:x", "src", "1" * 12, "2026-12-06", "page_not_retrievable", "none")
    assert ok.reader_text() == "checked against the cited page on 6 Dec 2026"
    assert gone.reader_text() == "the cited page could not be retrieved to check this quote (tried 6 Dec 2026)"


def test_a_quote_finds_its_check_by_source_and_text_whatever_its_whitespace() -> None:
    quote = "The office is in  Montreal."
    check = Check("station:a:placement", "src", quote_fingerprint(quote), "2026-12-06", "verified", "none")
    later = Check("station:b:placement", "src", quote_fingerprint(quote), "2026-12-07", "verified", "corrected")
    checks = checks_by_quote([later, check])
    assert check_of(checks, "src", "The office is in Montreal.") == later  # the latest check of that quote
    assert check_of(checks, "other", quote) is None and check_of(checks, "src", None) is None
