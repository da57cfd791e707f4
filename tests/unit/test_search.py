import pytest

from loaders import Dataset, aggregate_places
from loaders.search import SearchEntry, fold, proper_names, search, search_entries


def _entries(ds: Dataset):
    return search_entries(ds, aggregate_places(ds.stations))


def test_a_city_is_found_by_any_case_and_without_accents(bundled: Dataset) -> None:
    assert fold("Zürich") == "zurich"
    hits = search(_entries(bundled), "prato")
    assert hits and hits[0].kind == "place" and hits[0].text.startswith("Prato, Italy")


def test_countries_bureaus_station_ids_and_actors_are_found(bundled: Dataset) -> None:
    entries = _entries(bundled)
    assert any(e.kind == "bureau" and e.text.startswith("Fuzhou (福州) bureau") for e in search(entries, "fuzhou"))
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


@pytest.fixture(scope="module")
def bundled_entries(bundled: Dataset) -> list[SearchEntry]:
    return _entries(bundled)


# (what a reader types, what the first match says, the place it opens or None for several)
@pytest.mark.parametrize(
    ("query", "first", "opens"),
    [
        ("Manhattan", "Manhattan · named in the records · New York, United States", "US:New York"),
        ("manhattan", "Manhattan · named in the records · New York, United States", "US:New York"),
        ("Manhat", "Manhattan · named in the records · New York, United States", "US:New York"),
        ("Lu Jianwang", "Lu Jianwang · named in the records · New York, United States", "US:New York"),
        ("jianwang", "New York, United States · city · 2 stations", "US:New York"),
        ("Usera", "Usera · named in the records · Madrid, Spain", "ES:Madrid"),
        ("Józsefváros", "Józsefváros · named in the records · Budapest, Hungary", "HU:Budapest"),
        ("jozsefvaros", "Józsefváros · named in the records · Budapest, Hungary", "HU:Budapest"),
        ("Epsom", "Epsom · named in the records · Auckland, New Zealand", "NZ:Auckland"),
        ("Markham", "Markham · named in the records · Toronto, Canada", "CA:Toronto"),
        ("prato", "Prato, Italy · city · 1 station", "IT:Prato"),
        ("New York", "New York, United States · city · 2 stations", "US:New York"),
        ("us-new-york-fuzhou-1", "us-new-york-fuzhou-1 · station", "US:New York"),
        ("Fuzhou", "Fuzhou (福州) bureau · ", None),
        ("福州", "Fuzhou (福州) bureau · ", None),
        ("青田", "Qingtian (青田) bureau · ", None),
        ("南通", "Nantong (南通) bureau · ", None),
        ("温州", "Wenzhou (温州) bureau · ", None),
    ],
)
def test_what_a_reader_types_finds_what_they_mean(
    bundled_entries: list[SearchEntry], query: str, first: str, opens: str | None
) -> None:
    hits = search(bundled_entries, query)
    assert hits and hits[0].text.startswith(first), [h.text for h in hits[:3]]
    assert (hits[0].place_ids[0] if len(hits[0].place_ids) == 1 else None) == opens


@pytest.mark.parametrize(("query", "never"), [("Manhattan", "Amsterdam"), ("man", "Germany"), ("dam", "Amsterdam")])
def test_a_word_is_matched_at_its_start_never_inside_another_word(
    bundled_entries: list[SearchEntry], query: str, never: str
) -> None:
    assert [h.text for h in search(bundled_entries, query, limit=50) if h.text.startswith(never)] == []


def test_a_bureau_pick_carries_the_bureau_it_filters_to(bundled_entries: list[SearchEntry]) -> None:
    (hit,) = search(bundled_entries, "温州")
    assert hit.kind == "bureau" and hit.bureau == "Wenzhou"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Manhattan Chinatown; the station prosecuted by the US Department of Justice.",
         ["Manhattan Chinatown", "US Department of Justice"]),
        ('"Harry" Lu Jianwang, 61, of the Bronx, and Chen Jinping', ["Harry", "Lu Jianwang", "Bronx", "Chen Jinping"]),
        ("The Justice Department said in October that Fuzhou's station closed.", ["Justice Department", "Fuzhou"]),
        ("Telemadrid and Cuatro place one of the Madrid stations in the Usera district",
         ["Telemadrid", "Cuatro", "Madrid", "Usera"]),
        ("设立第一批共30个“福州警侨事务海外服务站”", []),
    ],
)  # fmt: skip
def test_proper_names_are_the_capitalised_runs_less_common_words(text: str, names: list[str]) -> None:
    assert proper_names(text, frozenset({"the", "said", "station"})) == names


def test_a_place_is_found_by_the_districts_its_own_records_name(bundled: Dataset) -> None:
    entries = {e.key: e for e in _entries(bundled)}
    assert "Manhattan" in entries["place:US:New York"].terms
    assert "Usera" in entries["place:ES:Madrid"].terms
