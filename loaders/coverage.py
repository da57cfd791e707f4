"""Coverage figures and the generated parts of data/README.md.

Per report, how many stations are placed at city / country level or not at all, how many
claims carry a quote, how the claims fared when checked against their pages (the verification
log) and what the search log covered. data/README.md carries these and the data dictionary
(loaders.dictionary) between ``<!-- BEGIN name -->`` / ``<!-- END name -->`` markers, and a
test checks they match the data.

``python -m loaders.coverage`` prints the coverage table; ``--write-readme`` rewrites the blocks.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from .dataset import DEFAULT_DATA_PATH, Dataset, load_dataset
from .dictionary import actor_kinds_markdown, event_types_markdown, fields_markdown, status_markdown
from .evidence import QuoteCoverage, iter_claims, quote_coverage, unquoted_claims, write_unquoted
from .files import SCHEMA_DIR_NAME, read_raw
from .geography import country_name
from .verification import SEARCH_LOG_FILE, Check, read_checks

YEARS_SWEPT = range(2022, 2027)  # the search log's promise: every station country, every year 2022-2026

NOT_IN_REPORT = "Named by governments, courts or press (not in a report)"


def coverage_by_report(dataset: Dataset) -> pd.DataFrame:
    """One row per report plus one for stations no report listed, and a total row."""
    stations = dataset.stations
    rows = []

    def row(label: str, stated: object, subset: pd.DataFrame) -> dict[str, object]:
        precision = subset["location_precision"].value_counts()
        return {
            "Listed by": label,
            "Stated count": stated,
            "In the data": len(subset),
            "City": int(precision.get("city", 0)),
            "Country only": int(precision.get("country", 0)),
            "Not placed": int(precision.get("unplaced", 0)),
        }

    for report in dataset.reports.itertuples(index=False):
        subset = stations[[report.id in reps for reps in stations["reports"]]]
        rows.append(row(f"First listed in {report.title} ({report.published})", report.stated_text, subset))
    rows.append(row(NOT_IN_REPORT, "—", stations[[not reps for reps in stations["reports"]]]))
    rows.append(row("All stations", "—", stations))
    return pd.DataFrame(rows)


def coverage_markdown(dataset: Dataset) -> str:
    table = coverage_by_report(dataset)
    header = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    body = ["| " + " | ".join(str(v) for v in r) + " |" for r in table.itertuples(index=False)]
    countries = dataset.stations["country_code"].nunique()
    summary = (
        f"{len(dataset.stations)} stations in {countries} countries; {len(dataset.events)} events "
        f"({int(dataset.events['derived'].sum())} derived from the reports); {len(dataset.sources)} sources; "
        f"{len(dataset.disagreements)} recorded disagreements."
    )
    return "\n".join([header, rule, *body, "", summary])


def readme_blocks(dataset: Dataset, schema_dir: Path | None = None) -> dict[str, str]:
    """The generated blocks of data/README.md, by marker name."""
    schemas = schema_dir or DEFAULT_DATA_PATH.parent / SCHEMA_DIR_NAME
    raw = read_raw(dataset.files[0]) if dataset.files else None
    quotes = quotes_markdown(quote_coverage(raw.stations, raw.events, raw.disagreements)) if raw else ""
    log = read_checks(raw.stations_path) if raw else None
    claims = [c.key for c in iter_claims(raw.stations, raw.events, raw.disagreements)] if raw else []
    countries = sorted({c for c in dataset.stations["country_code"] if isinstance(c, str)})
    search_path = raw.stations_path.parent / SEARCH_LOG_FILE if raw else None
    searches = json.loads(search_path.read_text(encoding="utf-8")) if search_path and search_path.exists() else None
    return {
        "COVERAGE": coverage_markdown(dataset),
        "QUOTES": quotes,
        "VERIFICATION": verification_markdown(log[0] if log else None, claims),
        "SEARCH_LOG": search_log_markdown(searches, countries),
        "STATUSES": status_markdown(),
        "EVENT_TYPES": event_types_markdown(),
        "ACTOR_KINDS": actor_kinds_markdown(dataset),
        "FIELDS": fields_markdown(schemas),
    }


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- BEGIN {name} -->\n)(.*?)\n?(<!-- END {name} -->)", re.DOTALL)


def stale_readme_blocks(readme: Path, dataset: Dataset) -> list[str]:
    """Names of the blocks whose text in ``readme`` differs from the data (or is missing)."""
    text = readme.read_text(encoding="utf-8")
    stale = []
    for name, body in readme_blocks(dataset).items():
        match = _block(name).search(text)
        if match is None or match.group(2) != body:
            stale.append(name)
    return stale


def write_readme_blocks(readme: Path, dataset: Dataset) -> None:
    text = readme.read_text(encoding="utf-8")
    for name, body in readme_blocks(dataset).items():
        text, n = _block(name).subn(lambda m, body=body: m.group(1) + body + "\n" + m.group(3), text)
        if n != 1:
            raise ValueError(f"{readme}: expected one <!-- BEGIN {name} --> … <!-- END {name} --> block, found {n}")
    readme.write_text(text, encoding="utf-8")


def quotes_markdown(coverage: QuoteCoverage) -> str:
    """How many claims carry a verbatim quote, overall and by kind of claim."""
    names = {
        "event": "Events",
        "station:placement": "Station placements",
        "station:bureau": "Station bureaus",
        "station:listing": "Station listings",
        "disagreement": "Sides of disagreements",
    }
    lines = ["| Claims | With a quote | Without |", "|---|---|---|"]
    for key, name in names.items():
        total, quoted = coverage.by_kind.get(key, (0, 0))
        lines.append(f"| {name} | {quoted} of {total} | {total - quoted} |")
    lines.append(f"| **All claims** | **{coverage.quoted} of {coverage.claims}** | **{coverage.unquoted}** |")
    return "\n".join(lines)


CLAIM_OUTCOMES = {
    "none": "Checked against the cited page; right as they stood",
    "corrected": "Corrected to what the page says (date, summary, translation or quote)",
    "re-sourced": "Re-sourced to a stored page (the cited one could not be found, or a better one was)",
    "added": "Added in the pass, checked on their pages",
}


def claim_outcomes(checks: list[Check], claims: list[str]) -> tuple[Counter[str], list[str]]:
    """Per claim of the data: its outcome (a key of CLAIM_OUTCOMES, or "not_retrievable" when none
    of its quotes could be checked on its page), and the claims resting only on such pages."""
    by_claim: dict[str, list[Check]] = defaultdict(list)
    for check in checks:
        by_claim[check.claim].append(check)
    outcomes: Counter[str] = Counter()
    unretrievable = []
    for claim in claims:
        mine = by_claim.get(claim, [])
        if not mine:
            outcomes["unlogged"] += 1
        elif all(c.result == "page_not_retrievable" for c in mine):
            outcomes["not_retrievable"] += 1
            unretrievable.append(f"`{claim}` ({', '.join(sorted({c.source for c in mine}))})")
        else:
            outcomes[mine[0].action] += 1
    return outcomes, unretrievable


def verification_markdown(checks: list[Check] | None, claims: list[str]) -> str:
    """How the claims fared when their quotes were checked against the cited pages."""
    if checks is None:
        return "No verification log (`verification.json`) beside this data."
    outcomes, unretrievable = claim_outcomes(checks, claims)
    lines = ["| Claims | Count |", "|---|---|"]
    for key, text in CLAIM_OUTCOMES.items():
        lines.append(f"| {text} | {outcomes[key]} |")
    lines.append(
        f"| Resting only on a page that could not be retrieved (readers are told so) | {outcomes['not_retrievable']} |"
    )
    if outcomes["unlogged"]:
        lines.append(f"| Not in the log (the validator refuses this) | {outcomes['unlogged']} |")
    lines.append(f"| **All claims** | **{len(claims)}** |")
    results = Counter(c.result for c in checks)
    dates = sorted({c.checked for c in checks})
    when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else "never"
    lines += [
        "",
        f"{len(checks)} quotes checked ({when}): {results['verified']} verified on the cited page, "
        f"{results['page_not_retrievable']} on a page that could not be retrieved.",
    ]
    if unretrievable:
        lines += ["", "Claims resting only on a page that could not be retrieved: " + "; ".join(unretrievable) + "."]
    return "\n".join(lines)


def _years(period: str) -> set[int]:
    first, _, last = period.partition("-")
    return set(range(int(first), int(last or first) + 1))


def search_log_markdown(doc: dict[str, object] | None, station_countries: list[str]) -> str:
    """What the search log covered, per country, and the station countries and years not yet searched."""
    if doc is None:
        return f"No search log (`{SEARCH_LOG_FILE}`) beside this data."
    entries = [e for e in doc.get("entries", []) if isinstance(e, dict)]  # type: ignore[union-attr]
    by_country: dict[str, list[dict[str, object]]] = defaultdict(list)
    for entry in entries:
        by_country[str(entry["country"])].append(entry)
    found = sum(1 for e in entries if e["found"])
    lines = [
        f"{len(entries)} searches of the stored pages, the pass ending {doc.get('searched')}: {found} found records "
        f"of the data (added then, or already there), {len(entries) - found} found nothing new.",
        "",
        "| Country | Searches | Years | Levels | Records found |",
        "|---|---|---|---|---|",
    ]
    for code in sorted(by_country, key=lambda c: (c == "INT", c)):
        rows = by_country[code]
        years = sorted(set().union(*(_years(str(e["period"])) for e in rows)))
        contiguous = years == list(range(years[0], years[-1] + 1))
        span = ", ".join(map(str, years)) if not contiguous or len(years) == 1 else f"{years[0]}–{years[-1]}"
        levels = ", ".join(sorted({str(e["level"]) for e in rows}))
        records = len({r for e in rows for r in e["found"]})  # type: ignore[attr-defined]
        name = (
            "International, and China's general statements"
            if code == "INT"
            else f"{country_name(code) or code} ({code})"
        )
        lines.append(f"| {name} | {len(rows)} | {span} | {levels} | {records} |")
    gaps = []
    for code in station_countries:
        covered = set().union(*(_years(str(e["period"])) for e in by_country.get(code, [])))
        missing = [str(y) for y in YEARS_SWEPT if y not in covered]
        if missing:
            gaps.append(f"{country_name(code) or code} ({', '.join(missing)})")
    lines += [
        "",
        "Where the next pass starts: the station countries and years no search covered: "
        + ("; ".join(gaps) if gaps else "none")
        + ".",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    write = "--write-readme" in args
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_DATA_PATH
    if "--write-unquoted" in args:  # before validation: the validator reads this list
        raw = read_raw(path)
        claims = unquoted_claims(raw.stations, raw.events, raw.disagreements)
        print(f"updated {write_unquoted(path, claims)}: {len(claims)} claims without a quote")
        return 0
    dataset = load_dataset(path)
    if write:
        write_readme_blocks(path.parent / "README.md", dataset)
        print(f"updated {path.parent / 'README.md'}")
        return 0
    print(coverage_markdown(dataset))
    raw = read_raw(path)
    print()
    print(quotes_markdown(quote_coverage(raw.stations, raw.events, raw.disagreements)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
