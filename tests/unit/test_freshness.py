from loaders import Dataset
from loaders.freshness import data_freshness


def test_the_latest_event_and_the_review_date_of_the_fixture(mini: Dataset) -> None:
    fresh = data_freshness(mini)
    assert fresh.latest_event == "2024-12-18"
    assert fresh.latest_event_shown() == "18 Dec 2024"
    assert str(fresh.last_reviewed) == "2026-11-23"


def test_each_country_has_its_own_latest_event_and_global_statements_count_only_overall(mini: Dataset) -> None:
    fresh = data_freshness(mini)
    # NL: the closure order; IT: the verdict; CA: a month; DE only has the report listing and the
    # (global) Chinese statement, which does not count per country.
    assert fresh.by_country["NL"] == "2022-11-01"
    assert fresh.by_country["IT"] == "2024-12-18"
    assert fresh.by_country["CA"] == "2023-03"
    assert fresh.by_country["DE"] == "2022-12-05"
    assert fresh.differs()["Canada"] == "Mar 2023 (day unknown)"
    assert "Italy" not in fresh.differs()
