"""The verification log: for every quote behind a claim, when it was checked against the page it
cites and what the check found.

data/verification.json holds one entry per (claim, source, quote)::

    {"claim": "event:us-2023-04-17-arrests", "source": "doj-2023-04-17", "quote_sha256": "1a2b3c4d5e6f",
     "checked": "2026-12-06", "result": "verified", "action": "re-sourced", "note": "…"}

- ``quote_sha256``: the first 12 hex digits of the SHA-256 of the quote (whitespace collapsed), so
  that editing a quote invalidates its check: the validator then asks for a new one.
- ``result``: ``verified`` (the quote is on the cited page verbatim, and the claim — who, what,
  when, how precise, where — is what the page says, the translation faithful) or
  ``page_not_retrievable`` (the cited page could not be found among the stored copies the curators
  search; readers are told so beside the quote).
- ``action``: what the check changed: ``none``, ``corrected`` (the record was fixed to what the page
  says), ``re-sourced`` (the claim now rests on another page), ``added`` (a record new in that pass).

The validator (loaders.rules) requires an entry for every quote of the curated data and refuses
entries that match no quote. Pure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DataProblem

VERIFICATION_FILE = "verification.json"
FINGERPRINT_DIGITS = 12
RESULTS = {
    "verified": "checked against the cited page",
    "page_not_retrievable": "the cited page could not be retrieved to check this quote",
}
ACTIONS = ("none", "corrected", "re-sourced", "added")
CheckKey = tuple[str, str, str]  # (claim key, source id, quote fingerprint)


@dataclass(frozen=True)
class Check:
    claim: str
    source: str
    quote_sha256: str
    checked: str  # YYYY-MM-DD
    result: str  # a key of RESULTS
    action: str  # one of ACTIONS
    note: str = ""

    @property
    def key(self) -> CheckKey:
        return (self.claim, self.source, self.quote_sha256)

    def reader_text(self) -> str:
        """What a reader sees beside the quote: "checked on 6 Dec 2026 against the cited page"."""
        return f"{RESULTS.get(self.result, self.result)} (checked {self.checked})"


def quote_fingerprint(quote: str) -> str:
    """The quote's fingerprint: SHA-256 of the text with runs of whitespace collapsed."""
    text = " ".join(quote.split())
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:FINGERPRINT_DIGITS]


def verification_path(stations_path: Path | str) -> Path:
    return Path(stations_path).parent / VERIFICATION_FILE


def parse_checks(doc: Any, path: Path | str) -> tuple[list[Check], list[DataProblem]]:
    """The entries of a verification document, and what is malformed in it (file, entry, field)."""
    problems: list[DataProblem] = []
    checks: list[Check] = []
    entries = doc.get("checks") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        return [], [DataProblem(str(path), None, "checks", 'expected {"checks": [...]}')]
    for n, entry in enumerate(entries):
        label = f"check {n}"
        if not isinstance(entry, dict):
            problems.append(DataProblem(str(path), label, None, "expected an object"))
            continue
        bad = [
            f
            for f in ("claim", "source", "quote_sha256", "checked", "result", "action")
            if not isinstance(entry.get(f), str)
        ]
        if bad:
            problems.append(DataProblem(str(path), label, bad[0], "missing or not text"))
            continue
        if entry["result"] not in RESULTS:
            problems.append(DataProblem(str(path), label, "result", f"expected one of {', '.join(RESULTS)}"))
            continue
        if entry["action"] not in ACTIONS:
            problems.append(DataProblem(str(path), label, "action", f"expected one of {', '.join(ACTIONS)}"))
            continue
        note = entry.get("note", "")
        checks.append(
            Check(
                entry["claim"],
                entry["source"],
                entry["quote_sha256"],
                entry["checked"],
                entry["result"],
                entry["action"],
                note if isinstance(note, str) else "",
            )
        )
    return checks, problems


def read_checks(stations_path: Path | str) -> tuple[list[Check], list[DataProblem]] | None:
    """The log beside the stations file, or None when there is none (an upload needs none)."""
    path = verification_path(stations_path)
    if not path.exists():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return [], [DataProblem(str(path), None, None, f"cannot be read: {exc}")]
    return parse_checks(doc, path)


def quote_keys(claims: Iterable[Any]) -> dict[CheckKey, str]:
    """Every (claim, source, fingerprint) the data's quotes make, with the record label for messages.

    ``claims``: loaders.evidence.Claim objects (key, label, evidence)."""
    out: dict[CheckKey, str] = {}
    for claim in claims:
        for item in claim.evidence:
            quote, source = item.get("quote"), item.get("source")
            if isinstance(quote, str) and quote.strip() and isinstance(source, str):
                out[(claim.key, source, quote_fingerprint(quote))] = claim.label
    return out


def verification_problems(
    checks: list[Check], claims: Iterable[Any], path: Path | str, today: date
) -> list[DataProblem]:
    """Every quote needs exactly one check; every check must match a quote; none is dated after today."""
    wanted = quote_keys(claims)
    problems: list[DataProblem] = []
    seen: set[CheckKey] = set()
    for n, check in enumerate(checks):
        label = f'check {n} ("{check.claim}", source "{check.source}")'
        try:
            checked = date.fromisoformat(check.checked)
        except ValueError:
            problems.append(DataProblem(str(path), label, "checked", f'"{check.checked}" is not a YYYY-MM-DD date'))
        else:
            if checked > today:
                problems.append(DataProblem(str(path), label, "checked", f"{check.checked} is after today"))
        if check.key in seen:
            problems.append(
                DataProblem(str(path), label, "quote_sha256", "this quote is checked twice: keep one entry")
            )
        seen.add(check.key)
        if check.key not in wanted:
            problems.append(
                DataProblem(
                    str(path),
                    label,
                    "quote_sha256",
                    "matches no quote of the data (the quote changed or was removed): check the quote again",
                )
            )
    for key, record in wanted.items():
        if key not in seen:
            claim, source, fingerprint = key
            problems.append(
                DataProblem(
                    str(path),
                    record,
                    "evidence",
                    f'the quote of {claim} from source "{source}" (sha256 {fingerprint}) has no verification entry: '
                    "check it against its page and log the result",
                )
            )
    return problems


def checks_by_key(checks: Iterable[Check]) -> Mapping[CheckKey, Check]:
    return {c.key: c for c in checks}
