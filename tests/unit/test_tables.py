"""exports.tables: the CSV, zip and GeoJSON downloads."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest

from exports import (
    ImageText,
    citation_text,
    csv_bundle,
    reactions_csv,
    stations_csv,
    stations_geojson,
)
from loaders import Dataset

WORLD = (-170.0, -58.0, 190.0, 80.0)
TEXT = ImageText(
    title="Overseas police service stations",
    subtitle="Where they were reported and what happened next",
    source_line="Source: Safeguard Defenders; government statements",
    data_as_of="2026-11-23",
    credit="Graphic: Data desk",
)
SVG_NS = "{http://www.w3.org/2000/svg}"


def read_default(data: bytes) -> pd.DataFrame:
    """pandas' defaults, as a reader would call it: no comment=, skiprows= or encoding=."""
    return pd.read_csv(io.BytesIO(data))


@pytest.mark.parametrize("bom", [True, False])
def test_every_csv_opens_with_pandas_defaults_header_on_the_first_line(mini: Dataset, bom: bool) -> None:
    for data, ids in [
        (stations_csv(mini, mini.stations, bom=bom), list(mini.stations["id"])),
        (reactions_csv(mini, mini.events, bom=bom), list(mini.events["id"])),
    ]:
        assert data.startswith(b"\xef\xbb\xbf") == bom  # the BOM Excel needs, or none
        assert data.decode("utf-8-sig").startswith("id,")
        frame = read_default(data)
        assert frame.columns[0] == "id"
        assert list(frame["id"]) == ids
    with zipfile.ZipFile(
        io.BytesIO(csv_bundle(mini, mini.stations, citation="C", base_name="x", events_df=mini.events))
    ) as zf:
        for name in zf.namelist():
            if name.endswith(".csv"):
                assert read_default(zf.read(name)).columns[0] == "id", name


def test_stations_csv_says_the_status_event_in_words_and_keeps_its_id(mini: Dataset) -> None:
    frame = read_default(stations_csv(mini, mini.stations)).set_index("id")
    row = frame.loc["nl-amsterdam-fuzhou-1"]
    event = mini.events.set_index("id").loc[row["status_event_id"]]
    assert row["status_event"].startswith(f"{event['date']} · {event['type_label']} · {event['actor']}: ")
    assert event["summary"] in row["status_event"]
    assert frame.loc["it-rome-qingtian-1", "report_titles"] == "; ".join(
        mini.reports.loc[["report-a", "report-b"], "title"]
    )


def test_stations_csv_joins_lists_and_keeps_urls_with_a_hash(mini: Dataset) -> None:
    rome = mini.stations[mini.stations["id"] == "it-rome-qingtian-1"]
    frame = read_default(stations_csv(mini, rome))
    assert frame.loc[0, "reports"] == "report-a; report-b"
    assert frame.loc[0, "source_urls"] == "https://example.org/report-a"
    sources = mini.sources.copy()
    sources.loc["src-report-a", "url"] = "https://example.org/report-a#page=3"
    hashed = Dataset(**{**mini.__dict__, "sources": sources})
    frame = read_default(stations_csv(hashed, rome))
    assert frame.loc[0, "source_urls"] == "https://example.org/report-a#page=3"


def test_stations_csv_leaves_coordinates_empty_for_unplaced_stations(mini: Dataset) -> None:
    frame = read_default(stations_csv(mini, mini.stations)).set_index("id")
    assert pd.isna(frame.loc["unplaced-wenzhou-1", "longitude"])
    assert frame.loc["nl-amsterdam-fuzhou-1", "longitude"] == pytest.approx(4.9041)


def test_the_csv_zip_carries_a_readme_with_the_citation_and_data_version(mini: Dataset) -> None:
    cite = citation_text(mini, "https://example.org/map?country=NL", date(2026, 12, 2))
    bundle = csv_bundle(mini, mini.stations, citation=cite, base_name="overseas-stations_world", events_df=mini.events)
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        assert zf.namelist() == [
            "README.txt",
            "overseas-stations_world.csv",
            "overseas-stations_world_reactions.csv",
        ]
        readme = zf.read("README.txt").decode("utf-8")
    assert cite in readme and mini.checksum in readme and "CC BY 4.0" in readme
    assert "https://example.org/map?country=NL" in cite and "Accessed 2026-12-02" in cite
    assert bundle == csv_bundle(
        mini, mini.stations, citation=cite, base_name="overseas-stations_world", events_df=mini.events
    ), "same data, same bytes"
    with zipfile.ZipFile(io.BytesIO(csv_bundle(mini, mini.stations, citation=cite, base_name="s"))) as zf:
        assert zf.namelist() == ["README.txt", "s.csv"], "reactions only when asked for"


def test_a_citation_links_only_to_a_web_address(mini: Dataset) -> None:
    assert "javascript" not in citation_text(mini, "javascript:alert(1)", date(2026, 12, 2))
    assert citation_text(mini, None, date(2026, 12, 2)).startswith("Overseas Stations Map (data version ")


def test_stations_geojson_round_trips_through_geopandas(mini: Dataset) -> None:
    data = stations_geojson(mini, mini.stations, selection="all stations")
    back = gpd.read_file(io.BytesIO(data))
    assert len(back) == len(mini.stations)
    assert back.crs is not None and back.crs.to_epsg() == 4326
    assert set(back["status"]) == set(mini.stations["status"])
    assert back.set_index("id").geometry["unplaced-wenzhou-1"] is None
    doc = json.loads(data)
    assert doc["properties"]["data_version"] == mini.checksum[:12]
    assert doc["properties"]["count"] == len(mini.stations)
    assert doc["properties"]["citation"] and doc["properties"]["licence"] == "CC BY 4.0"
    cited = json.loads(stations_geojson(mini, mini.stations, citation="Cite me"))
    assert cited["properties"]["citation"] == "Cite me"
    assert doc["features"][0]["properties"]["reports"] == ["report-a"]  # lists stay lists in JSON


def test_reactions_csv_joins_source_urls_with_a_bar(mini: Dataset) -> None:
    frame = read_default(reactions_csv(mini, mini.events)).set_index("id")
    assert len(frame) == len(mini.events)
    assert frame.loc["nl-closure-order", "source_urls"] == "https://example.org/ministry"
    assert frame.loc["nl-closure-order", "stations"] == "nl-amsterdam-fuzhou-1; nl-rotterdam-fuzhou-1"
    rome = mini.events[mini.events["id"] == "it-rome-verdict"].assign(sources=[["src-court", "src-ministry"]])
    joined = read_default(reactions_csv(mini, rome)).loc[0, "source_urls"]
    assert joined == "https://example.org/court | https://example.org/ministry"


# --- standalone HTML -----------------------------------------------------------------------


def test_one_countrys_reactions_csv_labels_the_eu_wide_items_as_international(bundled: Dataset) -> None:
    from loaders import Filters, filter_events, filter_stations

    filters = Filters(countries=("NL",))
    events = filter_events(bundled, filters, filter_stations(bundled, filters))
    frame = read_default(reactions_csv(bundled, events)).set_index("id")
    international = frame[frame["actor_scope"] == "international"]
    assert {"intl-2022-10-european-commission", "intl-2022-12-05-ipac", "intl-2022-12-15-ep-resolution"} <= set(
        international.index
    ), "the European Commission, IPAC and the European Parliament are listed, and labelled as no country's"
    assert international["actor_country"].isna().all()
    national = frame[frame["actor_scope"] == "national"]
    assert (national["actor_country"].isin(["NL", "CN"])).all() and (national["actor_country"] == "NL").any()
    assert set(frame["actor_scope"].fillna("")) <= {"international", "national", ""}


# --- archived copies beside each source ------------------------------------------------------


def test_every_source_url_has_its_wayback_and_archive_today_copy_in_the_same_order(mini: Dataset) -> None:
    frame = read_default(stations_csv(mini, mini.stations)).set_index("id")
    row = frame.loc["nl-amsterdam-fuzhou-1"]
    assert row["source_urls"] == "https://example.org/report-a"
    assert row["source_wayback"] == "https://web.archive.org/web/20261123/https://example.org/report-a"
    assert row["source_archive_today"] == "https://archive.ph/newest/https://example.org/report-a"
    rome = mini.events[mini.events["id"] == "it-rome-verdict"].assign(sources=[["src-court", "src-police"]])
    events = read_default(reactions_csv(mini, rome)).loc[0]
    assert events["source_urls"] == "https://example.org/court | http://example.org/police"
    assert events["source_wayback"] == (
        "https://web.archive.org/web/20261123/https://example.org/court"
        " | https://web.archive.org/web/20261123/http://example.org/police"
    )
    assert events["source_archive_today"].split(" | ")[1] == "https://archive.ph/newest/http://example.org/police"
    doc = json.loads(stations_geojson(mini, mini.stations))
    props = {f["id"]: f["properties"] for f in doc["features"]}["nl-amsterdam-fuzhou-1"]
    assert props["source_wayback"] == ["https://web.archive.org/web/20261123/https://example.org/report-a"]
    assert props["source_archive_today"] == ["https://archive.ph/newest/https://example.org/report-a"]
    with zipfile.ZipFile(io.BytesIO(csv_bundle(mini, mini.stations, citation="C", base_name="x"))) as zf:
        assert "source_wayback / source_archive_today" in zf.read("README.txt").decode("utf-8")


HOSTILE_URLS = [
    '=HYPERLINK("https://evil.example","x")',
    "javascript:alert(1)",
    'https://evil.example/a"b,c\r\n=1+1',
    "https://evil.example/=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_source_url_gives_no_live_formula_and_no_archive_link_of_a_non_web_address(
    mini: Dataset, url: str
) -> None:
    sources = mini.sources.copy()
    sources.loc["src-report-a", "url"] = url
    hostile = Dataset(**{**mini.__dict__, "sources": sources})
    amsterdam = mini.stations[mini.stations["id"] == "nl-amsterdam-fuzhou-1"]
    data = stations_csv(hostile, amsterdam).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert len(rows) == 1, "the URL stays inside its cell"
    row = rows[0]
    for column in ("source_urls", "source_wayback", "source_archive_today"):
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])
    if url.startswith("https://"):
        assert row["source_wayback"].startswith("https://web.archive.org/web/20261123/https://evil.example/")
        assert row["source_archive_today"].startswith("https://archive.ph/newest/https://evil.example/")
        assert not any(c in row["source_wayback"] + row["source_archive_today"] for c in '"\r\n| '), (
            "quotes, line breaks, spaces and the list separator are escaped inside an archive link"
        )
    else:
        assert row["source_wayback"] == row["source_archive_today"] == "", "no archive link for a non-web address"


def test_the_citation_gives_the_archived_copy_of_each_report_it_names(mini: Dataset) -> None:
    cite = citation_text(mini, "https://example.org/map", date(2026, 12, 2))
    reports = mini.reports
    assert cite.endswith(
        " Archived copies of the reports: "
        f"“{reports.loc['report-a', 'title']}”: https://web.archive.org/web/20261123/https://example.org/report-a; "
        f"“{reports.loc['report-b', 'title']}”: https://web.archive.org/web/20261123/https://example.org/report-b."
    ), cite
    # A report whose page is no web address has no archived copy to give.
    sources = mini.sources.copy()
    sources.loc["src-report-b", "url"] = "javascript:alert(1)"
    odd = citation_text(Dataset(**{**mini.__dict__, "sources": sources}), None, date(2026, 12, 2))
    assert "report-b" not in odd and "javascript" not in odd and "report-a" in odd
