"""The atlas: everything the map's popups, tooltips and panels say that depends on neither the
filters nor the as-of date, once per data version. Pure.

It is built before the server starts (``make assets`` -> scripts/build_assets.py, and the
Dockerfile) as ``static/build/atlas-<digest>.json``, named by the first 20 hex digits of the
SHA-256 of its text, and fetched once by every reader's browser after the first paint. The app
never writes it: at run time it serialises the atlas of the data it serves, and gives the
browser the file's URL only if that exact file is there (``built_atlas_url``); otherwise (an
upload, a test's fixture data, a data file edited after the build) the atlas travels inside the
session's own messages. What a view adds (which places, their status at a date, each place's
popup plan) is the small view message of maps.payload, which refers to the atlas by position.

Keys (snake_case, as everything the renderer reads):

- ``v``: format version; ``version``: the data version (12 hex digits);
- ``regions``: region names (exports.framing's regions); a place's ``region`` is a position here;
- ``places``: columns ``id``, ``label``, ``region``: every place of the full data in reading
  order (loaders.aggregate_places); where each is drawn comes with the view (maps.payload), so
  markers are drawn before the atlas arrives;
- ``stations``: per station in the dataset's row order: ``id``, ``bureau``, ``listing`` (a
  position in ``listings``), ``sources``, and when present ``note``, ``quotes`` (a position in
  ``quotes``) and ``unquoted`` (its claims with no quote yet);
- ``listings``: the phrases saying which reports list a station (loaders.aggregate.listing_text);
- ``quotes``: the stations' verbatim quotes, each list once (``source``, ``quote``, ``translation``,
  ``claim``): stations alike share them;
- ``events``: per event, chronological (the dataset's order): ``date`` (as displayed), ``type``
  (its label), ``actor``, ``actor_kind`` (its label), ``summary``, ``sources``, ``role`` (a code
  of ``ROLE_CODES``), and ``evidence`` when it has quotes;
- ``sources``: ``publisher``, ``published``, ``title``, ``url`` (http(s) or null), ``kind`` (as
  displayed: loaders.evidence.source_kind_text), ``accessed``, ``archive`` ([Wayback,
  archive.today] links or null: loaders.archive), ``gone`` (the page is gone: archive first);
- ``disagreements``: ``subject`` and ``claims`` (``claim``, ``sources``, ``evidence``).

The status vocabulary is in the renderer's options (markers are coloured before the atlas
arrives), the report titles in ``listings``; the full data's place members are left out: a view
says which stations a shown place has (its rows), and nothing in the browser needs more.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from i18n import DEFAULT_LANGUAGE, MissingTranslation, format_partial_day, translate
from i18n.names import region_name
from loaders import STATUSES, Dataset, aggregate_places
from loaders.aggregate import event_role, listing_text, unquoted_claims
from loaders.archive import archive_links
from loaders.evidence import source_kind_text

from .assets import BUILD_DIR, STATIC_DIR, Assets, content_digest
from .safe import safe_url
from .style import text_colour

ATLAS_VERSION = 2
ROLE_CODES = {"reaction": "r", "other": "o", "china": "c", "general_china": "g", "general": "x", None: "-"}


def statuses_payload(lang: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """The status vocabulary in rank order: what the markers' colours and badges need; the labels
    in ``lang`` (i18n's catalogues; the definitions stay English)."""
    return [
        {
            "key": s.key,
            "label": s.label if lang == DEFAULT_LANGUAGE else translate(f"status.{s.key}", lang),
            "colour": s.colour,
            "text": text_colour(s.colour),
            "definition": s.definition,
        }
        for s in STATUSES
    ]


def place_labels_in(places: Any, lang: str) -> list[str]:
    """The places' names in ``lang``: the city from the gazetteer's names and the country from CLDR
    (i18n.names), put together as the catalogue says (``place.label``, ``place.country_only``)."""
    from i18n.names import country_name, place_name

    out = []
    for label, city, code, precision in zip(
        places["label"], places["city"], places["country_code"], places["location_precision"], strict=True
    ):
        country = country_name(code, lang) if isinstance(code, str) else None
        if country is None:
            out.append(str(label))
        elif precision == "city" and isinstance(city, str) and city:
            out.append(translate("place.label", lang, city=place_name(city, code, lang), country=country))
        else:
            out.append(translate("place.country_only", lang, country=country))
    return out


def atlas_payload(dataset: Dataset, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The atlas of ``dataset`` (see the module docstring for its keys). ``lang``: the language of
    the place names, regions, event types and actor kinds (a standalone file's; the app's built
    atlas is English). Words from the data (summaries, quotes, titles) stay as written."""
    from exports.framing import REGIONS, region_of  # exports imports maps: import when called

    english = lang == DEFAULT_LANGUAGE
    places = aggregate_places(dataset.stations)
    region_index = {name: n for n, name in enumerate(REGIONS)}
    source_index = {sid: n for n, sid in enumerate(dataset.sources["id"])}
    listings: dict[str, int] = {}
    reports = dataset.reports

    def refs(ids: Any) -> list[int]:
        return [source_index[s] for s in ids] if isinstance(ids, list) else []

    report_rows = {
        rid: {"title": t, "published": p}
        for rid, t, p in zip(reports.index, reports["title"], reports["published"], strict=True)
    }
    quotes: dict[str, int] = {}  # the quotes of stations alike (a newsroom's copies of a listing) once
    quote_lists: list[list[dict[str, Any]]] = []
    columns = ["id", "bureau", "reports", "origin", "sources", "note", "evidence", "location_precision"]
    frame = dataset.stations
    stations = []
    for values in zip(*(frame[c].to_numpy(dtype=object).tolist() for c in columns), strict=True):
        row = dict(zip(columns, values, strict=True))
        phrase = listing_text([report_rows[r] for r in row["reports"]], row["origin"])
        item: dict[str, Any] = {
            "id": row["id"],
            "bureau": row["bureau"],
            "listing": listings.setdefault(phrase, len(listings)),
            "sources": refs(row["sources"]),
        }
        if isinstance(row["note"], str) and row["note"].strip():
            item["note"] = row["note"]
        evidence = _evidence(row, source_index).get("evidence")
        if evidence:
            key = json.dumps(evidence, sort_keys=True, ensure_ascii=False)
            if key not in quotes:
                quotes[key] = len(quote_lists)
                quote_lists.append(evidence)
            item["quotes"] = quotes[key]
        missing = unquoted_claims(row)
        if missing:
            item["unquoted"] = missing
        stations.append(item)
    return {
        "v": ATLAS_VERSION,
        "version": dataset.checksum[:12],
        "regions": list(REGIONS) if english else [region_name(r, lang) for r in REGIONS],
        "places": {
            "id": places["place_id"].tolist(),
            "label": places["label"].tolist() if english else place_labels_in(places, lang),
            "region": [region_index[region_of(c) or REGIONS[-1]] for c in places["country_code"]],
        },
        "stations": stations,
        "listings": list(listings),
        "quotes": quote_lists,
        "events": [
            {
                "date": e["date_shown"] if english else format_partial_day(e["date"], lang),
                "type": e["type_label"] if english else _word(f"event.{e['type']}", lang, e["type_label"]),
                "actor": e["actor"],
                "actor_kind": (
                    e["actor_kind_label"] if english else _word(f"actor.{e['actor_kind']}", lang, e["actor_kind_label"])
                ),
                "summary": e["summary"],
                "sources": refs(e["sources"]),
                "role": ROLE_CODES[event_role(e)],
                **_evidence(e, source_index),
            }
            for e in dataset.events.to_dict("records")
        ],
        "sources": [
            {
                "publisher": s["publisher"],
                "published": s["published"] if isinstance(s["published"], str) else None,
                "title": s["title"],
                "url": safe_url(s["url"]),
                "kind": source_kind_text(s.get("kind"), s.get("copy_of")),
                "accessed": s.get("accessed") if isinstance(s.get("accessed"), str) else None,
                "archive": _archive(s["url"], s.get("accessed")),
                "gone": s.get("gone") is True,
            }
            for s in dataset.sources.to_dict("records")
        ],
        "disagreements": [
            {
                "subject": d["subject"],
                "claims": [
                    {"claim": c["claim"], "sources": refs(c["sources"]), **_evidence(c, source_index)}
                    for c in d["claims"]
                ],
            }
            for d in dataset.disagreements
        ],
    }


def _word(key: str, lang: str, english: Any) -> Any:
    """``key`` in ``lang``; the English label for a word the catalogues do not have."""
    try:
        return translate(key, lang)
    except MissingTranslation:
        return english


def _archive(url: Any, accessed: Any) -> list[str] | None:
    links = archive_links(url, accessed)
    return [links.wayback, links.archive_today] if links else None


def _evidence(record: dict[str, Any], source_index: dict[str, int]) -> dict[str, Any]:
    """The record's quotes ({"evidence": [...]}, or nothing when it has none) with sources as positions."""
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


def atlas_digest(text: str) -> str:
    """The atlas's name: the first 20 hex digits of the SHA-256 of its text."""
    return content_digest(text)


def atlas_relative_path(digest: str) -> str:
    """Where the atlas with that digest lives under static/ (and is served from)."""
    return f"{BUILD_DIR}/atlas-{digest}.json"


def atlas_path(digest: str, static_dir: Path = STATIC_DIR) -> Path:
    return static_dir / atlas_relative_path(digest)


def built_atlas_url(text: str, digest: str, static_dir: Path = STATIC_DIR, assets: Assets | None = None) -> str | None:
    """The URL of the built atlas file if it holds exactly ``text``; else None (the atlas then
    travels inline). Reads the file; callers cache the answer per data version."""
    path = atlas_path(digest, static_dir)
    data = text.encode()
    try:
        if path.stat().st_size != len(data) or path.read_bytes() != data:
            return None
    except OSError:
        return None
    return (assets or Assets()).url(atlas_relative_path(digest))
