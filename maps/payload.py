"""The view message: what one view of the map (a data version, the filters, an as-of date) adds
to the atlas (maps.atlas). Pure.

The renderer (static/js/stations-map.js) gets it as the layer's script: which places are shown
(positions in the atlas's places), how many stations each has and its furthest status at that
date, and each place's popup as decided by ``loaders.aggregate.place_popups``, referring to the
atlas's stations, events and disagreements by position. The browser only lays it out.

Keys (snake_case):

- ``v``: format version; ``atlas``: the digest of the atlas the positions refer to;
  ``as_of``: the view's date as displayed, or null for today;
- ``place``: the shown places' positions in the atlas's places, in reading order (null when
  every place of the atlas is shown, in its order);
- ``lon``, ``lat``, ``country_only``, ``count``, ``status``, ``mix``, ``body``: one entry per
  shown place: where its marker goes (markers are drawn before the atlas arrives, and still
  drawn if it never does), whether it is placed at country level only (a hollow marker), its
  number of stations, its furthest status (rank), its status mix (a position in ``texts``: "2
  stations (1 closed, 1 reported)"), and its popup's lists (a position in ``bodies``);
- ``rows``: the places' station lines, place after place (place i has count[i]), three numbers
  each: the station's position in the atlas, its status rank, its "since" text (a position in
  ``texts``: "5 Dec 2022 (Ministry of Justice: …)");
- ``bodies``: the distinct popup lists, each ``[latest, sections, more, disagreements]``: the latest
  event (or null), the non-empty sections as ``[section, [events newest first]]`` (``section`` a
  position in ``SECTION_KEYS`` and in the options' section titles), the "more general statements"
  line (a position in ``texts``, or null), the disagreements (positions);
- ``texts``: every phrase above once (places alike share them, so 10 000 places cost ~40 bytes each);
- ``changed``: null, or for a "since <date>" view (loaders.since) ``{"label": "Changed since 1 Jan
  2025", "places": [...]}``: the shown places (by their index in this view) that changed after the
  date, which the renderer rings and labels.

Text travels as JSON and is placed with ``textContent`` by the renderer, so nothing from the data
is ever parsed as HTML; links are http(s) only (maps.atlas).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np

from i18n import DEFAULT_LANGUAGE, format_day, format_partial_day, status_mix_text, translate
from loaders import Dataset
from loaders.aggregate import SECTION_TITLES, PlacePopup, StationLine, place_popups
from loaders.dates import display_date
from loaders.vocab import STATUS_RANK

VIEW_VERSION = 2
SECTION_KEYS = tuple(SECTION_TITLES)  # a body's sections by position: reactions, others, china
COORD_DECIMALS = 4  # ~11 m: city centres need no more, and every digit costs 100 000 bytes at 100 000 places


def view_payload(
    dataset: Dataset,
    stations: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    as_of: date | None,
    atlas_places: Mapping[str, int],
    atlas: str,
    changed: tuple[str, Collection[str]] | None = None,
    lang: str = DEFAULT_LANGUAGE,
    standalone: bool = False,
) -> dict[str, Any]:
    """The view message for ``places`` (``aggregate_places(stations)``; ``stations`` with their
    status as of ``as_of``), against the atlas named ``atlas`` whose place ids are ``atlas_places``;
    ``changed``: (label, place ids) of a "since" view (loaders.since.SinceView's label and places);
    ``lang``: the language of each place's status mix and of the as-of date (a standalone file's);
    ``standalone``: for a file with no app around it (no Reactions page to send a reader to)."""
    popups = place_popups(dataset, stations, places, as_of)
    if standalone:
        popups = [
            replace(p, more=translate("popup.more_general_standalone", lang, count=p.more_count) if p.more else None)
            for p in popups
        ]
    if lang == DEFAULT_LANGUAGE:
        return with_changed(view_from_popups(popups, places, as_of, atlas_places, atlas), places, changed)
    popups = [
        replace(
            p,
            mix=status_mix_text([line.status for line in p.stations], lang),
            stations=tuple(_since_in(line, lang) for line in p.stations),
        )
        for p in popups
    ]
    view = view_from_popups(popups, places, as_of, atlas_places, atlas)
    return with_changed({**view, "as_of": format_day(as_of, lang) if as_of else None}, places, changed)


def _since_in(line: StationLine, lang: str) -> StationLine:
    """A station line whose "since" begins with its date in ``lang`` (the event's words stay as the
    data has them)."""
    if line.since_day is None:
        return line
    english = display_date(line.since_day)
    if not line.since.startswith(english):
        return line
    return replace(line, since=format_partial_day(line.since_day, lang) + line.since[len(english) :])


def with_changed(
    view: dict[str, Any], places: gpd.GeoDataFrame, changed: tuple[str, Collection[str]] | None
) -> dict[str, Any]:
    """``view`` with its ``changed`` key: the places of ``changed`` (label, place ids) by index."""
    if changed is None:
        return {**view, "changed": None}
    label, ids = changed
    wanted = set(ids)
    return {**view, "changed": {"label": label, "places": [i for i, p in enumerate(places["place_id"]) if p in wanted]}}


def view_from_popups(
    popups: list[PlacePopup],
    places: gpd.GeoDataFrame,
    as_of: date | None,
    atlas_places: Mapping[str, int],
    atlas: str,
) -> dict[str, Any]:
    texts: dict[str, int] = {}
    bodies: dict[tuple[Any, ...], int] = {}
    by_identity: dict[int, dict[tuple[Any, ...], int]] = {}
    body_list: list[dict[str, Any]] = []
    rows: list[int] = []
    mix: list[int] = []
    body: list[int] = []

    def text(value: str) -> int:
        return texts.setdefault(value, len(texts))

    for popup in popups:
        mix.append(text(popup.mix))
        for line in popup.stations:
            rows += (line.position, STATUS_RANK[line.status], text(line.since))
        # Places alike share their lists' objects (loaders.aggregate.place_popups): looked up by
        # identity first, a 100 000-place view hashes each distinct list once, not 100 000 times.
        n = by_identity.get(id(popup.sections), {}).get((popup.latest, popup.more, popup.disagreements))
        if n is None:
            key = (popup.latest, popup.sections, popup.more, popup.disagreements)
            n = bodies.get(key)
            by_identity.setdefault(id(popup.sections), {})[key[0], key[2], key[3]] = (
                n if n is not None else len(body_list)
            )
        if n is None:
            n = bodies[key] = len(body_list)
            body_list.append(
                [
                    popup.latest,
                    [[SECTION_KEYS.index(s.key), list(s.events)] for s in popup.sections],
                    text(popup.more) if popup.more else None,
                    list(popup.disagreements),
                ]
            )
        body.append(n)
    positions = [atlas_places[pid] for pid in places["place_id"]]
    return {
        "v": VIEW_VERSION,
        "atlas": atlas,
        "as_of": display_date(as_of.isoformat()) if as_of else None,
        # null: every place of the atlas, in its order (the default view: 100 000 numbers saved)
        "place": None if positions == list(range(len(atlas_places))) else positions,
        "lon": np.round(places.geometry.x.to_numpy(dtype=float), COORD_DECIMALS).tolist(),
        "lat": np.round(places.geometry.y.to_numpy(dtype=float), COORD_DECIMALS).tolist(),
        "country_only": (places["location_precision"] == "country").astype(int).tolist(),
        "count": places["count"].astype(int).tolist(),
        "status": [STATUS_RANK[s] for s in places["status"]],
        "mix": mix,
        "body": body,
        "rows": rows,
        "bodies": body_list,
        "texts": list(texts),
        "changed": None,
    }


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
