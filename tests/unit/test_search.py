from loaders import Dataset, aggregate_places
from loaders.search import fold, search, search_entries


def _entries(ds: Dataset):
    return search_entries(ds, aggregate_places(ds.stations))


def test_a_city_is_found_by_any_case_and_without_accents(bundled: Dataset) -> None:
    assert fold("Zürich") == "zurich"
    hits = search(_entries(bundled), "prato")
    assert hits and hits[0].kind == "place" and hits[0].text.startswith("Prato, Italy")


def test_countries_bureaus_station_ids_and_actors_are_found(bundled: Dataset) -> None:
    entries = _entries(bundled)
    assert any(e.kind == "bureau" and e.text.startswith("Fuzhou bureau") for e in search(entries, "fuzhou"))
    assert search(entries, "netherlands")[0].kind in ("place", "country")
    sid = bundled.stations.loc[bundled.stations["city"] == "Amsterdam", "id"].iloc[0]
    station = search(entries, sid)
    assert station and station[0].kind == "station" and station[0].place_ids == ("NL:Amsterdam",)
    actor = search(entries, "ministry of foreign affairs")
    assert actor and all(e.place_ids for e in actor)


def test_every_entry_jumps_to_places_on_the_map(bundled: Dataset) -> None:
    places = aggregate_places(bundled.stations)
    ids = set(places["place_id"])
    assert all(set(e.place_ids) <= ids and e.place_ids for e in search_entries(bundled, places))


def test_an_empty_or_unknown_query_finds_nothing(mini: Dataset) -> None:
    entries = _entries(mini)
    assert search(entries, "   ") == [] and search(entries, "atlantis") == []
    assert len(search(entries, "a", limit=3)) <= 3
