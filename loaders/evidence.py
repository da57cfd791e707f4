"""The verbatim quotes behind the claims: what a claim is, whether it has a quote, what is wrong with one.

A *claim* is one thing the data asserts that a page must support:

- ``event:<id>``: an event happened as summarised;
- ``station:<id>:placement`` (a station placed at a city or a country), ``station:<id>:bureau``
  (its bureau is known) and ``station:<id>:listing`` (someone named it);
- ``disagreement:<id>:<n>``: the n-th claim (0-based) of a disagreement says what the source says.

Each carries ``evidence``: quotes of at most 30 words (``MAX_QUOTE_WORDS``), each from a
source the record itself cites, with an English translation when the page is not English.
Claims that have no quote yet are listed in ``data/unquoted.json``; the list may only shrink
(tests/unit/test_bundled_data.py pins its length), and any claim not on it must have a quote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .vocab import MAX_QUOTE_WORDS, SOURCE_KINDS

if TYPE_CHECKING:  # the dataset module imports this one
    from .dataset import Dataset

UNQUOTED_FILE = "unquoted.json"
NO_QUOTE_YET = "no quote yet"

# Chinese and Japanese are written without spaces; a run of ideographs or kana counts as one
# word per two characters (the average length of a Chinese word), so the limit means about
# the same length of text in every language.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


class Claim(NamedTuple):
    """One claim of the data, with where it lives and what it may quote (a named tuple, not a
    dataclass: a 100 000-station file makes 300 000 of them, and a frozen dataclass's __init__
    took a third of the time that validating their quotes takes)."""

    key: str  # "event:<id>", "station:<id>:<claim>" or "disagreement:<id>:<n>"
    label: str  # the record as validation messages name it
    field: str  # the field that holds its evidence
    evidence: list[dict[str, Any]]  # the quotes for this claim (possibly empty)
    cited: frozenset[str]  # the sources the record cites: a quote must come from one of them


@lru_cache(maxsize=65_536)  # a quote supports several claims; a large file repeats them
def quote_words(quote: str) -> int:
    """Words in a quote; in Chinese or Japanese, two characters count as one word."""
    if _CJK.search(quote) is None:
        return len(quote.split())
    count = 0
    for token in quote.split():
        cjk = sum(len(run) for run in _CJK.findall(token))
        rest = _CJK.sub(" ", token).split()
        count += len(rest) + (cjk + 1) // 2
    return count


def quote_flag(evidence: Any) -> str | None:
    """ "no quote yet" for a record (or claim) with no quote, else None: what the UI shows beside it."""
    if isinstance(evidence, list):
        for e in evidence:  # a loop, not any() over a generator: this runs for every claim of every record
            if isinstance(e, dict) and e.get("quote"):
                return None
    return NO_QUOTE_YET


def station_claims(props: Mapping[str, Any]) -> list[str]:
    """The claims a station makes: placement (unless unplaced), bureau (unless unknown), listing."""
    claims = []
    if props.get("location_precision") in ("city", "country"):
        claims.append("placement")
    if props.get("bureau") not in (None, "unknown"):
        claims.append("bureau")
    claims.append("listing")
    return claims


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(doc: Any, key: str) -> list[Any]:
    """``doc[key]`` when ``doc`` is an object and that is a list; else none (the schema check says
    what is wrong with a file that is not an object)."""
    return _list(doc.get(key)) if isinstance(doc, Mapping) else []


def _cited(value: Any) -> frozenset[str]:
    return frozenset([v for v in _list(value) if isinstance(v, str)])


def iter_claims(stations: Any, events: Any, disagreements: Any) -> Iterator[Claim]:
    """Every claim in the three files (any JSON: a file that is not an object has none), in file
    order (records without an id are skipped)."""
    for i, feature in enumerate(_items(stations, "features")):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not isinstance(props.get("id"), str):
            continue
        by_claim: dict[str, list[Any]] = {}  # the record's quotes by claim, in one pass
        for e in _list(props.get("evidence")):
            if isinstance(e, dict) and isinstance(claim := e.get("claim"), str):
                by_claim.setdefault(claim, []).append(e)
        sid = props["id"]
        label = f'feature {i} (id "{sid}")'
        cited = _cited(props.get("sources"))  # one set for the record's claims (read-only)
        for claim in station_claims(props):
            yield Claim(f"station:{sid}:{claim}", label, "evidence", by_claim.get(claim, []), cited)
    for i, event in enumerate(_items(events, "events")):
        if isinstance(event, dict) and isinstance(event.get("id"), str):
            quotes = [e for e in _list(event.get("evidence")) if isinstance(e, dict)]
            label = f'event {i} (id "{event["id"]}")'
            yield Claim(f"event:{event['id']}", label, "evidence", quotes, _cited(event.get("sources")))
    for i, item in enumerate(_items(disagreements, "disagreements")):
        if not (isinstance(item, dict) and isinstance(item.get("id"), str)):
            continue
        label = f'disagreement {i} (id "{item["id"]}")'
        for n, claim in enumerate(_list(item.get("claims"))):
            if isinstance(claim, dict):
                quotes = [e for e in _list(claim.get("evidence")) if isinstance(e, dict)]
                yield Claim(
                    f"disagreement:{item['id']}:{n}",
                    label,
                    f"claims.{n}.evidence",
                    quotes,
                    _cited(claim.get("sources")),
                )


def quote_problems(item: Mapping[str, Any], cited: frozenset[str], languages: Mapping[str, str | None]) -> list[str]:
    """What is wrong with one quote, given the sources its record cites and each source's language."""
    problems = []
    source = item.get("source")
    quote = item.get("quote")
    if isinstance(source, str) and source not in cited:
        problems.append(f'quotes source "{source}", which the record does not cite: add it to the record\'s sources')
    if not isinstance(quote, str) or not quote.strip():
        problems.append("empty quote")
    elif (words := quote_words(quote)) > MAX_QUOTE_WORDS:
        problems.append(f"quote of {words} words: at most {MAX_QUOTE_WORDS}")
    language = languages.get(source) if isinstance(source, str) else None
    translation = item.get("translation")
    untranslated = not isinstance(translation, str) or not translation.strip()
    if isinstance(source, str) and source in languages and language != "en" and untranslated:
        shown = language or "not stated"
        problems.append(f'source "{source}" is not in English (language {shown}): the quote needs a translation')
    return problems


def read_unquoted(stations_path: Path | str) -> list[str] | None:
    """The claims still allowed to lack a quote (data/unquoted.json beside the stations), or None."""
    path = Path(stations_path).parent / UNQUOTED_FILE
    if not path.exists():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    claims = doc.get("claims") if isinstance(doc, dict) else None
    if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
        raise ValueError(f'{path}: expected {{"claims": [claim keys as text]}}')
    return claims


@dataclass(frozen=True)
class QuoteCoverage:
    claims: int
    quoted: int
    by_kind: dict[str, tuple[int, int]]  # "event", "station:placement", … -> (claims, quoted)

    @property
    def unquoted(self) -> int:
        return self.claims - self.quoted


def quote_coverage(
    stations: Mapping[str, Any], events: Mapping[str, Any], disagreements: Mapping[str, Any]
) -> QuoteCoverage:
    """How many claims there are and how many have at least one quote, overall and by kind."""
    by_kind: dict[str, list[int]] = {}
    for claim in iter_claims(stations, events, disagreements):
        kind, *rest = claim.key.split(":")
        name = f"{kind}:{rest[-1]}" if kind == "station" else kind
        counts = by_kind.setdefault(name, [0, 0])
        counts[0] += 1
        counts[1] += quote_flag(claim.evidence) is None
    total = sum(c[0] for c in by_kind.values())
    quoted = sum(c[1] for c in by_kind.values())
    return QuoteCoverage(total, quoted, {k: (v[0], v[1]) for k, v in by_kind.items()})


def unquoted_claims(
    stations: Mapping[str, Any], events: Mapping[str, Any], disagreements: Mapping[str, Any]
) -> list[str]:
    """Keys of the claims that have no quote, in file order."""
    return [c.key for c in iter_claims(stations, events, disagreements) if quote_flag(c.evidence) is not None]


def write_unquoted(stations_path: Path | str, claims: list[str]) -> Path:
    """Rewrite data/unquoted.json with ``claims`` (run after adding quotes: the list only shrinks)."""
    path = Path(stations_path).parent / UNQUOTED_FILE
    doc = {
        "description": "Claims that have no verbatim quote yet. The validator lets only these lack evidence; "
        "the list may only shrink (python -m loaders.coverage --write-unquoted rewrites it).",
        "claims": claims,
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def source_kind_text(kind: Any, copy_of: Any) -> str:
    """The kind of page a source is, shown beside its link: "Press", "Other · copy of U.S. DOJ (2023-04-17)"."""
    label = SOURCE_KINDS.get(kind, str(kind)) if isinstance(kind, str) else "Unknown"
    if isinstance(copy_of, dict) and copy_of.get("publisher"):
        when = f" ({copy_of['published']})" if copy_of.get("published") else ""
        return f"{label} · copy of {copy_of['publisher']}{when}"
    return label


def quotes_summary(evidence: Any) -> str:
    """A record's quotes as one line of plain text ('placement: “…” [translation]'), or "no quote yet"."""
    if quote_flag(evidence) is not None:
        return NO_QUOTE_YET
    parts = []
    for item in evidence:
        if not (isinstance(item, dict) and item.get("quote")):
            continue
        claim = f"{item['claim']}: " if item.get("claim") else ""
        translation = f" [{item['translation']}]" if item.get("translation") else ""
        parts.append(f"{claim}“{item['quote']}”{translation} ({item.get('source')})")
    return " · ".join(parts)


def dataset_quote_coverage(dataset: Dataset) -> QuoteCoverage:
    """``quote_coverage`` of a loaded dataset: what the app shows, without reading the files again
    (they may have changed on disk since; the app keeps serving the last valid version)."""
    features = [{"properties": row} for row in dataset.stations.drop(columns="geometry").to_dict("records")]
    events = [e for e in dataset.events.to_dict("records") if not e["derived"]]
    return quote_coverage({"features": features}, {"events": events}, {"disagreements": dataset.disagreements})
