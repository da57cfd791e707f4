"""Coverage figures: per report, how many stations are placed at city / country level or not at all.

``python -m loaders.coverage`` prints the Markdown table that data/README.md carries between
its COVERAGE markers (a test checks they match).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .dataset import DEFAULT_DATA_PATH, Dataset, load_dataset

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
        rows.append(row(f"{report.title} ({report.published})", report.stated_text, subset))
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_DATA_PATH
    print(coverage_markdown(load_dataset(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
