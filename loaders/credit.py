"""Who the data on screen comes from: the words every title, source line, footer, image, data
file and licence notice uses to name it.

The bundled data is credited to its sources and to this project; an upload is credited to what
the uploader says on the upload page (its file name by default), never to Safeguard Defenders.
Pure; ``Dataset.credit`` carries one of these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credit:
    title: str  # the map's title: "Overseas police service stations"
    source_line: str  # "Source: …", as printed under a map or a chart
    compiled_by: str  # who compiled the data: a footer's and a citation's words
    licence: str  # the data's licence, as the uploader or the project states it ("" if unstated)
    citation: str  # the sentence a reader cites the data with (without link and access date)
    bundled: bool  # True for the project's curated data


BUNDLED = Credit(
    title="Overseas police service stations",
    source_line=(
        "Source: Safeguard Defenders (“110 Overseas”, Sept. 2022; “Patrol and Persuade”, Dec. 2022); "
        "government statements; court records; press reports"
    ),
    compiled_by="Compiled by the Overseas Stations Map team from public sources; every fact links to its source",
    licence="CC BY 4.0",
    citation=(
        "Compiled from Safeguard Defenders' reports “110 Overseas” (2022) and “Patrol and Persuade” (2022) and "
        "government, court and press sources listed per station."
    ),
    bundled=True,
)


def upload_credit(file_name: str, *, title: str = "", source: str = "", credit: str = "", licence: str = "") -> Credit:
    """An upload's credit: what the uploader says on the upload page, else its file name.

    Defaults: the title is the file name, the source line "Source: <file name> (uploaded)", no
    licence stated. Every part is plain text (shown escaped wherever it appears)."""
    title = " ".join(title.split()) or file_name
    source = " ".join(source.split())
    source_line = source if source.casefold().startswith("source") else f"Source: {source}" if source else ""
    source_line = source_line or f"Source: {file_name} (uploaded)"
    compiled_by = " ".join(credit.split()) or f"Uploaded as {file_name}; not checked by the Overseas Stations Map"
    licence = " ".join(licence.split())
    return Credit(
        title=title,
        source_line=source_line,
        compiled_by=compiled_by,
        licence=licence,
        citation=f"{title}. {source_line.removeprefix('Source: ')}." + (f" {compiled_by}." if credit.strip() else ""),
        bundled=False,
    )
