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
entries that match no quote. A newsroom's upload has no log and is not asked for one.

data/search-log.json says what the curators searched for, per country, period and level of
government, and what they found (``found``: ids of records of the data; empty for nothing new),
so that the next pass starts where this one stopped. Both files are checked against their JSON
Schemas in data/schema/. Pure (reads the two files, writes nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .dates import display_date
from .errors import DataProblem
from .geography import is_iso2
from .schemas import certainly_valid, validator

VERIFICATION_FILE = "verification.json"
SEARCH_LOG_FILE = "search-log.json"
FINGERPRINT_DIGITS = 12
RESULTS = {
    "verified": "checked against the cited page",
    "page_not_retrievable": "the cited page could not be retrieved to check this quote",
}
ACTIONS = ("none", "corrected", "re-sourced", "added")
# Where a search of the search log looked (its schema's "level" enum lists exactly these, in order):
# national, provincial (or state) or municipal government, police, prosecutor, parliament, courts,
# the operators, the Chinese side, the press.
LEVELS = (
    "national",
    "provincial",
    "municipal",
    "police",
    "prosecutor",
    "parliament",
    "courts",
    "operators",
    "china",
    "press",
)
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
        """What a reader sees beside the quote: "checked against the cited page on 6 Dec 2026", or
        "the cited page could not be retrieved to check this quote (tried 6 Dec 2026)"."""
        day = display_date(self.checked)
        if self.result == "verified":
            return f"{RESULTS['verified']} on {day}"
        return f"{RESULTS.get(self.result, self.result)} (tried {day})"


QuoteKey = tuple[str, str]  # (source id, quote fingerprint)


def checks_by_quote(checks: Iterable[Check]) -> Mapping[QuoteKey, Check]:
    """The checks by the quote they checked (its source and fingerprint), for showing beside a
    quote wherever it is displayed; a quote checked for two claims keeps its latest check."""
    out: dict[QuoteKey, Check] = {}
    for check in sorted(checks, key=lambda c: c.checked):
        out[(check.source, check.quote_sha256)] = check
    return out


def check_of(checks: Mapping[QuoteKey, Check], source: object, quote: object) -> Check | None:
    """The check of one quote of the data, or None (an upload has no log; a quote not logged)."""
    if not isinstance(source, str) or not isinstance(quote, str):
        return None
    return checks.get((source, quote_fingerprint(quote)))


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


def quote_keys(claims: Iterable[Any]) -> dict[CheckKey, Any]:
    """Every (claim, source, fingerprint) the data's quotes make, with the claim they belong to.

    ``claims``: loaders.evidence.Claim objects (key, label, field, evidence)."""
    out: dict[CheckKey, Any] = {}
    for claim in claims:
        for item in claim.evidence:
            quote, source = item.get("quote"), item.get("source")
            if isinstance(quote, str) and quote.strip() and isinstance(source, str):
                out[(claim.key, source, quote_fingerprint(quote))] = claim
    return out


def verification_problems(
    checks: list[Check],
    claims: Iterable[Any],
    path: Path | str,
    today: date,
    record_files: Mapping[str, str] | None = None,
) -> list[DataProblem]:
    """Every quote needs exactly one check; every check must match a quote; none is dated after today.

    A quote without a check is reported where the quote is: the record's file (``record_files``:
    "station"/"event"/"disagreement" -> path; the log's path when not given), record and field."""
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
    for key, claim in wanted.items():
        if key not in seen:
            claim_key, source, fingerprint = key
            kind = claim_key.split(":", 1)[0]
            problems.append(
                DataProblem(
                    str((record_files or {}).get(kind, path)),
                    claim.label,
                    getattr(claim, "field", "evidence"),
                    f'the quote of {claim_key} from source "{source}" (sha256 {fingerprint}) has no entry in '
                    f"{Path(path).name}: check it against its page and log the result",
                )
            )
    return problems


def checks_by_key(checks: Iterable[Check]) -> Mapping[CheckKey, Check]:
    return {c.key: c for c in checks}


def result_counts(checks: Iterable[Check]) -> Counter[str]:
    """How many quotes have each result ("verified", "page_not_retrievable")."""
    return Counter(c.result for c in checks)


def schema_problems(doc: Any, name: str, path: Path | str, key: str, singular: str) -> list[DataProblem]:
    """``doc`` checked against data/schema/<name>.schema.json; each problem names the entry and field."""
    if certainly_valid(name, doc):
        return []  # else jsonschema lists every problem with its path
    problems = []
    for error in sorted(validator(name).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        record = field = None
        if len(where) >= 2 and where[0] == key and isinstance(where[1], int):
            record = f"{singular} {where[1]}"
            field = ".".join(str(p) for p in where[2:]) or None
        elif where:
            field = ".".join(str(p) for p in where)
        problems.append(DataProblem(str(path), record, field, error.message))
    return problems


def _read(path: Path) -> tuple[Any, list[DataProblem]]:
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, [DataProblem(str(path), None, None, f"cannot be read: {exc}")]


def search_log_problems(doc: Any, path: Path | str, known_ids: set[str], today: date) -> list[DataProblem]:
    """The search log against its schema; every id it says it found is a record of the data."""
    problems = schema_problems(doc, "search-log", path, "entries", "search")
    if problems:
        return problems
    searched = date.fromisoformat(doc["searched"])  # the schema's pattern holds; a bad day raises below
    if searched > today:
        problems.append(DataProblem(str(path), None, "searched", f"{doc['searched']} is after today"))
    for n, entry in enumerate(doc["entries"]):
        if entry["country"] != "INT" and not is_iso2(entry["country"]):
            problems.append(
                DataProblem(
                    str(path), f"search {n}", "country", f'"{entry["country"]}" is not an ISO 3166-1 alpha-2 code'
                )
            )
        for found in entry["found"]:
            if found not in known_ids:
                problems.append(
                    DataProblem(
                        str(path),
                        f"search {n} ({entry['country']}, {entry['period']})",
                        "found",
                        f'"{found}" is no event, disagreement or station of the data: name the record, '
                        "or say in the note why it is not in the data",
                    )
                )
    return problems


def log_problems(
    stations_path: Path | str,
    claims: Iterable[Any],
    known_ids: set[str],
    today: date,
    record_files: Mapping[str, str] | None = None,
) -> list[DataProblem]:
    """The curated data's two logs beside ``stations_path``: verification.json (every quote checked
    once, no check of a quote that is gone) and search-log.json. A log that is not there is not
    asked for here (the bundled data's tests require both)."""
    problems: list[DataProblem] = []
    folder = Path(stations_path).parent
    path = folder / VERIFICATION_FILE
    if path.exists():
        doc, read_problems = _read(path)
        problems += read_problems
        if doc is not None:
            shape = schema_problems(doc, "verification", path, "checks", "check")
            checks, entry_problems = parse_checks(doc, path)
            problems += shape or entry_problems
            if not shape and not entry_problems:
                problems += verification_problems(checks, claims, path, today, record_files)
    log = folder / SEARCH_LOG_FILE
    if log.exists():
        doc, read_problems = _read(log)
        problems += read_problems
        if doc is not None:
            try:
                problems += search_log_problems(doc, log, known_ids, today)
            except ValueError as exc:  # a "searched" date like 2026-13-40 passes the pattern
                problems.append(DataProblem(str(log), None, "searched", str(exc)))
    return problems
