"""The map's data as compact JSON for the browser renderer (static/js/stations-map.js). Pure.

The map is drawn in the browser from two payloads instead of one folium object per place:

- ``places_payload`` (per data version and filters): what the first paint needs, as columns
  (longitude, latitude, count, status, country-only flag) plus each place's stations as
  positions in the details' station list. A few dozen bytes a place.
- ``details_payload`` (per data version and as-of date): every station, event, source, report
  and disagreement once, referenced by index. The browser fetches it after the first paint
  (a static file the server writes once per version; inlined in the standalone HTML) and
  builds popups, tooltips and accessible names from it on demand.

What goes in a popup is decided here and in ``loaders.aggregate`` (``event_role``); the
browser only lays it out. Text travels as JSON and is placed with ``textContent`` by the
renderer, so nothing from the data is ever parsed as HTML; links are http(s) only.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np

from loaders import STATUSES, Dataset, with_status
from loaders.aggregate import MAX_GENERAL_CHINA_STATEMENTS, event_role, place_id, place_label
from loaders.dates import display_date
from loaders.evidence import quote_flag, station_claims
from loaders.vocab import STATUS_RANK

from .safe import safe_url
from .style import text_colour

PAYLOAD_VERSION = 1
COORD_DECIMALS = 4  # ~11 m: city centres need no more, and every digit costs 100 000 bytes at 100 000 points
# A larger places payload goes to the browser as a static file: every rerun re-sends (and st_folium
# re-processes, with regular expressions) the layer's script, so the script must stay small.
INLINE_PLACES_BYTES = 64 * 1024
_ROLE_CODES = {"reaction": "r", "other": "o", "china": "c", "general_china": "g", "general": "x"}


def statuses_payload() -> list[dict[str, str]]:
    """The status vocabulary in rank order: what the markers' colours and badges need."""
    return [
        {"key": s.key, "label": s.label, "colour": s.colour, "text": text_colour(s.colour), "definition": s.definition}
        for s in STATUSES
    ]


def places_payload(dataset: Dataset, places: gpd.GeoDataFrame) -> dict[str, Any]:
    """One entry per place (``loaders.aggregate_places`` of a selection of ``dataset.stations`` that
    keeps its row labels, as ``filter_stations`` does), as columns, in the places' order.

    ``members`` gives each place's stations as positions in ``dataset.stations``, which is also
    the order of ``details_payload``'s stations.
    """
    members = places["members"].tolist()
    flat = [label for m in members for label in m]
    positions = dataset.stations.index.get_indexer(flat) if flat else np.array([], dtype=int)
    return {
        "v": PAYLOAD_VERSION,
        "lon": np.round(places.geometry.x.to_numpy(dtype=float), COORD_DECIMALS).tolist(),
        "lat": np.round(places.geometry.y.to_numpy(dtype=float), COORD_DECIMALS).tolist(),
        "count": places["count"].astype(int).tolist(),
        "status": [STATUS_RANK[s] for s in places["status"]],
        "country_only": (places["location_precision"] == "country").astype(int).tolist(),
        # Each place's stations, place after place: place i has count[i] of them (no offsets sent).
        "members": positions.tolist(),
    }


def details_payload(dataset: Dataset, as_of: date | None, only: Collection[str] | None = None) -> dict[str, Any]:
    """Everything popups, tooltips and accessible names say, each item once, as of ``as_of``.

    Stations are in the dataset's order (their row labels); a station not public by
    ``as_of`` has status -1 and no events. Events are in the dataset's chronological order.
    ``only`` (station ids) keeps just what those stations' popups need (a file of one
    country's map carries that country's details); the other stations are null.
    """
    events = dataset.events
    if as_of is not None:
        events = events[events["end"] <= as_of]
    events = events[~events["derived"]]
    links = dataset.links
    disagreements = dataset.disagreements
    if only is not None:
        keep = set(only)
        links = links[links["station_id"].isin(keep)]
        events = events[events["id"].isin(set(links["event_id"]))]
        codes = set(dataset.stations.loc[dataset.stations["id"].isin(keep), "country_code"].dropna())
        disagreements = [
            d for d in disagreements if keep & set(d.get("stations", [])) or codes & set(d.get("countries", []))
        ]
    sources = dataset.sources
    if only is not None:
        cited = set(_cited(dataset.stations[dataset.stations["id"].isin(keep)].to_dict("records")))
        cited |= set(_cited(events.to_dict("records"))) | set(_cited(disagreements))
        sources = sources[sources["id"].isin(cited)]
    source_index = {sid: n for n, sid in enumerate(sources["id"])}
    report_index = {rid: n for n, rid in enumerate(dataset.reports["id"])}
    event_index = {eid: n for n, eid in enumerate(events["id"])}
    station_events: dict[str, list[int]] = {}
    links = links[links["event_id"].isin(event_index)]
    for eid, sid in zip(links["event_id"], links["station_id"], strict=True):
        station_events.setdefault(sid, []).append(event_index[eid])
    stations = dataset.stations if as_of is None else _with_unknown(dataset, as_of)
    position = {sid: n for n, sid in enumerate(dataset.stations["id"])}

    def refs(ids: list[str]) -> list[int]:
        return [source_index[s] for s in ids]

    station_rows: list[dict[str, Any] | None] = []
    for row in stations.to_dict("records"):
        if only is not None and row["id"] not in keep:
            station_rows.append(None)
            continue
        known = isinstance(row.get("status"), str)
        city = row["city"] if isinstance(row["city"], str) and row["location_precision"] == "city" else None
        cc = row["country_code"] if isinstance(row["country_code"], str) else None
        country = row["country"] if isinstance(row["country"], str) else None
        station_rows.append(
            {
                "id": row["id"],
                "place": place_label(city, country or "Country unknown"),
                "place_id": place_id(row["location_precision"], cc, city) if cc else None,
                "cc": cc,
                "bureau": row["bureau"],
                "reports": [report_index[r] for r in row["reports"]],
                "origin": row["origin"],
                "status": STATUS_RANK[row["status"]] if known else -1,
                "since": display_date(row["status_since"]) if known else None,
                "note": row["note"] if isinstance(row["note"], str) and row["note"].strip() else None,
                "sources": refs(row["sources"]),
                "events": sorted(station_events.get(row["id"], [])) if known else [],
                **_evidence(row, source_index),
                **_unquoted(row),
            }
        )
    return {
        "v": PAYLOAD_VERSION,
        "as_of": as_of.isoformat() if as_of else None,
        "statuses": statuses_payload(),
        "max_general": MAX_GENERAL_CHINA_STATEMENTS,
        "stations": station_rows,
        "events": [
            {
                "date": e["date_shown"],
                "type": e["type_label"],
                "actor": e["actor"],
                "actor_kind": e["actor_kind_label"],
                "summary": e["summary"],
                "sources": refs(e["sources"]),
                "role": _ROLE_CODES[event_role(e) or "reaction"],
                **_evidence(e, source_index),
            }
            for e in events.to_dict("records")
        ],
        "sources": [
            {
                "publisher": s["publisher"],
                "published": s["published"] if isinstance(s["published"], str) else None,
                "title": s["title"],
                "url": safe_url(s["url"]),
                "copy_of": s["copy_of"].get("publisher") if isinstance(s["copy_of"], dict) else None,
                "kind": s.get("kind"),
                "accessed": s.get("accessed"),
            }
            for s in sources.to_dict("records")
        ],
        "reports": [{"title": r["title"], "published": r["published"]} for r in dataset.reports.to_dict("records")],
        "disagreements": [
            {
                "subject": d["subject"],
                "claims": [
                    {"claim": c["claim"], "sources": refs(c["sources"]), **_evidence(c, source_index)}
                    for c in d["claims"]
                ],
                "stations": [position[s] for s in d.get("stations", []) if s in position],
                "countries": list(d.get("countries", [])),
            }
            for d in disagreements
        ],
    }


def _cited(records: list[dict[str, Any]]) -> list[str]:
    """Every source id a record cites: its sources, its quotes', its claims' (disagreements)."""
    out: list[str] = []
    for record in records:
        sources, evidence, claims = (record.get(k) for k in ("sources", "evidence", "claims"))
        out += list(sources) if isinstance(sources, list) else []
        out += [q["source"] for q in evidence if isinstance(q, dict)] if isinstance(evidence, list) else []
        out += _cited([c for c in claims if isinstance(c, dict)]) if isinstance(claims, list) else []
    return out


def _evidence(record: dict[str, Any], source_index: dict[str, int]) -> dict[str, Any]:
    """The record's quotes ({"evidence": [...]}, or nothing when it has none) with sources as indices."""
    items = record.get("evidence")
    if not isinstance(items, list) or not items:
        return {}
    return {
        "evidence": [
            {
                "source": source_index[q["source"]],
                "quote": q["quote"],
                **({"translation": q["translation"]} if q.get("translation") else {}),
                **({"claim": q["claim"]} if q.get("claim") else {}),
            }
            for q in items
        ]
    }


def _unquoted(station: dict[str, Any]) -> dict[str, Any]:
    """The station's claims (placement, bureau, listing) that no quote supports yet, if any."""
    evidence = station.get("evidence") if isinstance(station.get("evidence"), list) else []
    missing = [
        claim
        for claim in station_claims(station)
        if quote_flag([q for q in evidence if isinstance(q, dict) and q.get("claim") == claim])
    ]
    return {"unquoted": missing} if missing else {}


def _with_unknown(dataset: Dataset, as_of: date) -> gpd.GeoDataFrame:
    """All stations, with status as of ``as_of`` where known by then and none otherwise."""
    known = with_status(dataset.stations, dataset.links, dataset.events, as_of)
    out = dataset.stations.drop(columns=["status", "status_label", "status_since", "status_event"]).copy()
    for column in ("status", "status_since"):
        out[column] = known[column].reindex(out.index)
    return out


def script_json(payload: Any) -> str:
    """``payload`` as JSON safe to place inside a ``<script>`` element or an eval'd string.

    ``<``, ``>`` and ``&`` become unicode escapes so no data string can close the script
    element or open a comment; U+2028/U+2029 (line terminators in older JavaScript) too.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
