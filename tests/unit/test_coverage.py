"""loaders.coverage: the README's verification and search-log blocks say what the logs hold."""

from __future__ import annotations

from loaders.coverage import claim_outcomes, search_log_markdown, verification_markdown
from loaders.verification import Check


def check(claim: str, result: str = "verified", action: str = "none", source: str = "s") -> Check:
    return Check(claim, source, "0" * 12, "2026-12-06", result, action)


def test_a_claim_counts_once_by_its_outcome_and_one_resting_on_a_lost_page_is_named() -> None:
    checks = [
        check("event:a"),
        check("event:a", source="t"),
        check("event:b", action="corrected"),
        check("event:c", "page_not_retrievable", source="gone-page"),
        check("event:d", "page_not_retrievable"),
        check("event:d"),  # one quote lost, one verified: the claim stands
    ]
    outcomes, lost = claim_outcomes(checks, ["event:a", "event:b", "event:c", "event:d", "event:e"])
    assert outcomes == {"none": 2, "corrected": 1, "not_retrievable": 1, "unlogged": 1}
    assert lost == ["`event:c` (gone-page)"]
    text = verification_markdown(checks, ["event:a", "event:b", "event:c", "event:d", "event:e"])
    assert "| **All claims** | **5** |" in text and "Not in the log" in text and "`event:c` (gone-page)" in text
    assert (
        "6 quotes checked (2026-12-06): 4 verified on the cited page, 2 on a page that could not be retrieved" in text
    )


def test_the_search_log_block_names_the_station_countries_and_years_no_search_covered() -> None:
    doc = {
        "searched": "2026-12-06",
        "entries": [
            {"country": "NL", "period": "2022-2026", "level": "press", "found": ["nl-x"]},
            {"country": "RO", "period": "2023", "level": "municipal", "found": []},
            {"country": "INT", "period": "2024", "level": "china", "found": []},
        ],
    }
    text = search_log_markdown(doc, ["NL", "RO", "UZ"])
    assert "3 searches" in text and "1 found records" in text
    assert "| Romania (RO) | 1 | 2023 | municipal | 0 |" in text
    assert text.splitlines()[-1] == (
        "Where the next pass starts: the station countries and years no search covered: "
        "Romania (2022, 2024, 2025, 2026); Uzbekistan (2022, 2023, 2024, 2025, 2026)."
    )
    assert search_log_markdown(None, ["NL"]).startswith("No search log")
