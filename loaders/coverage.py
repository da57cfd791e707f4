"""Coverage figures and the generated parts of data/README.md.

Per report, how many stations are placed at city / country level or not at all, and how many
claims carry a quote. data/README.md carries these and the data dictionary
(loaders.dictionary) between ``<!-- BEGIN name -->`` / ``<!-- END name -->`` markers, and a
test checks they match the data.

``python -m loaders.coverage`` prints the coverage table; ``--write-readme`` rewrites the blocks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from .dataset import DEFAULT_DATA_PATH, Dataset, load_dataset
from .dictionary import actor_kinds_markdown, event_types_markdown, fields_markdown, status_markdown
from .evidence import QuoteCoverage, quote_coverage, unquoted_claims, write_unquoted
from .files import SCHEMA_DIR_NAME, read_raw

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
    return {
        "COVERAGE": coverage_markdown(dataset),
        "QUOTES": quotes,
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
