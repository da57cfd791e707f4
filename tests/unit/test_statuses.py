from datetime import date, timedelta

import pytest

from loaders import Dataset, derive_status
from loaders.statuses import derive_statuses


@pytest.mark.parametrize("as_of", [None, *(date(2021, 6, 1) + timedelta(days=61 * n) for n in range(34))])
def test_all_stations_at_once_agree_with_the_one_station_rule(bundled: Dataset, as_of: date | None) -> None:
    expected = {}
    for sid, events in bundled.status_events().items():
        result = derive_status(events, as_of)
        if result is not None:
            expected[sid] = (result.key, result.since, result.event_id)
    derived = derive_statuses(bundled.links, bundled.events, as_of)
    got = {sid: (r.status, r.status_since, r.status_event) for sid, r in derived.iterrows()}
    assert got == expected


def test_no_event_known_yet_means_no_station(bundled: Dataset) -> None:
    assert derive_statuses(bundled.links, bundled.events, date(2000, 1, 1)).empty
