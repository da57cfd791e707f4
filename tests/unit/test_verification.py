"""loaders.verification: every quote has one check, every check matches a quote."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from loaders.verification import Check, parse_checks, quote_fingerprint, verification_problems

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
