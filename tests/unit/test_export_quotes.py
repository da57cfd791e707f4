"""Exports carry who acted and the quote behind each claim."""

from __future__ import annotations

import io
import json

import pandas as pd

from exports import reactions_csv, stations_csv, stations_geojson
from loaders import Dataset


def test_the_reactions_csv_says_who_acted_and_quotes_the_source(mini: Dataset) -> None:
    events = mini.events[~mini.events["derived"]]
    table = pd.read_csv(io.BytesIO(reactions_csv(mini, events)), comment="#")
    row = table.set_index("id").loc["it-rome-verdict"]
    assert row["actor_kind"] == "court"
    assert row["quotes"] == 'src-court: "The court gave its verdict today."'


def test_the_station_exports_carry_each_claims_quote(mini: Dataset) -> None:
    table = pd.read_csv(io.BytesIO(stations_csv(mini, mini.stations)), comment="#").set_index("id")
    assert 'placement src-report-a: "The office is in Amsterdam."' in table.loc["nl-amsterdam-fuzhou-1", "quotes"]
    doc = json.loads(stations_geojson(mini, mini.stations))
    props = {f["id"]: f["properties"] for f in doc["features"]}
    assert {"claim": "bureau", "source": "src-report-a", "quote": "It was run by the Fuzhou bureau."} in props[
        "nl-amsterdam-fuzhou-1"
    ]["evidence"]
