"""The citation every export carries: where the data comes from and which version it is.

A CSV or image travels without the app around it; the source, the data version (first
12 hex digits of the data files' SHA-256, loaders.Dataset.checksum) and the as-of date
inside the file let anyone trace a published figure back to the exact data. The bundled data's
citation names the reports it is compiled from; it gives each one's archived copy too (the Wayback
Machine's capture nearest the day its page was read, loaders.archive), so the citation outlives
the reports' URLs.
"""

from __future__ import annotations

from datetime import date

from loaders.archive import archive_links
from loaders.credit import BUNDLED
from loaders.dataset import Dataset

# The bundled data's words (loaders.credit); a view names its own data through Dataset.credit.
TITLE = BUNDLED.title
SOURCE_LINE = BUNDLED.source_line
DATA_LICENCE = BUNDLED.licence
APP_NAME = "Overseas Stations Map"
VERSION_DIGITS = 12  # as many as git's short hashes: unique enough, short enough to quote


def data_version(dataset: Dataset) -> str:
    return dataset.checksum[:VERSION_DIGITS]


def data_as_of(dataset: Dataset) -> str | None:
    return dataset.data_as_of.isoformat() if dataset.data_as_of else None


def citation_lines(dataset: Dataset, what: str, source_line: str | None = None) -> list[str]:
    """Human-readable lines (without comment markers): title, source, version, date (the title and
    source are ``dataset.credit``'s: an upload's own)."""
    as_of = data_as_of(dataset)
    return [
        f"{dataset.credit.title}: {what}",
        source_line or dataset.credit.source_line,
        f"Data version {data_version(dataset)}" + (f", data as of {as_of}" if as_of else ""),
    ]


def main_source_archives(dataset: Dataset) -> list[tuple[str, str]]:
    """(report title, Wayback link) for each report the data lists, by its own publisher's page (the
    first of its sources from that publisher, else its first source); reports without a web page are
    left out."""
    out: list[tuple[str, str]] = []
    sources = dataset.sources
    for report in dataset.reports.to_dict("records"):
        ids = [s for s in report.get("sources") or [] if s in sources.index]
        own = [s for s in ids if sources.at[s, "publisher"] == report.get("publisher")]
        for sid in own[:1] or ids[:1]:
            links = archive_links(sources.at[sid, "url"], sources.at[sid, "accessed"])
            if links is not None:
                out.append((str(report["title"]), links.wayback))
    return out


def citation_text(dataset: Dataset, url: str | None, accessed: date) -> str:
    """The citation a reader pastes: the app, the data version and date, the link, the access date.

    "Overseas Stations Map (data version 1a2b3c4d5e6f, data as of 2026-11-23). Compiled from …
    https://…/map?country=NL. Accessed 2026-12-02. Data licence CC BY 4.0."
    """
    as_of = data_as_of(dataset)
    version = f"data version {data_version(dataset)}" + (f", data as of {as_of}" if as_of else "")
    link = f" {url.strip()}." if url and url.strip().lower().startswith(("http://", "https://")) else ""
    credit = dataset.credit
    licence = f" Data licence {credit.licence}." if credit.licence else " No data licence stated."
    if credit.bundled:
        archived = "; ".join(f"“{title}”: {url}" for title, url in main_source_archives(dataset))
        archived = f" Archived copies of the reports: {archived}." if archived else ""
        return f"{APP_NAME} ({version}). {credit.citation}{link} Accessed {accessed.isoformat()}.{licence}{archived}"
    return f"{credit.citation} Shown with the {APP_NAME} ({version}).{link} Accessed {accessed.isoformat()}.{licence}"
