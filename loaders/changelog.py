"""data/CHANGELOG.md read as data: its entries by date, and the corrections among them.

The changelog is written for people (data/CHANGELOG.md: "## YYYY-MM-DD" sections, newest first,
each with bullet items and "###" subsections). The "Since <date>" view, the Atom feed and the
About page's list of corrections read it through these functions, so the words a reader sees are
the curators' own.

A correction is an item (a top-level bullet, or a "###" subsection) whose heading or first line
says the data was corrected, fixed, removed, dropped or retyped: the curators' own wording, not a
guess from the content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CHANGELOG_PATH = Path(__file__).resolve().parent.parent / "data" / "CHANGELOG.md"
_DATE_HEADING = re.compile(r"^## (\d{4}-\d{2}-\d{2})\s*$")
_SUBHEADING = re.compile(r"^### (.+?)\s*$")
_CORRECTION = re.compile(r"\b(correct(?:ed|ion|ions|s)?|fix(?:ed|es)?|removed|dropped|retyped)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ChangelogItem:
    heading: str | None  # the "###" subsection it belongs to, if any
    text: str  # Markdown: the bullet with its sub-bullets, or the subsection's paragraphs

    @property
    def first_line(self) -> str:
        return self.text.strip().splitlines()[0].lstrip("- ").strip() if self.text.strip() else ""

    @property
    def title(self) -> str:
        """How a list of corrections names it: a correction subsection (one item, whole) by its
        heading, a bullet by its first line."""
        if self.heading is not None and _CORRECTION.search(self.heading):
            return self.heading
        return self.first_line

    @property
    def is_correction(self) -> bool:
        return bool(_CORRECTION.search(self.first_line) or (self.heading and _CORRECTION.search(self.heading)))


@dataclass(frozen=True)
class ChangelogEntry:
    day: date
    text: str  # the section's Markdown, without its "## date" heading
    items: tuple[ChangelogItem, ...]

    @property
    def corrections(self) -> tuple[ChangelogItem, ...]:
        return tuple(i for i in self.items if i.is_correction)


def _items(lines: list[str]) -> tuple[ChangelogItem, ...]:
    """Top-level bullets (with what is indented under them); a subsection whose heading says it is
    a correction is one item of its own (its paragraphs and bullets together)."""
    items: list[ChangelogItem] = []
    heading: str | None = None
    current: list[str] = []
    whole_section: list[str] | None = None

    def flush() -> None:
        if current and "".join(current).strip():
            items.append(ChangelogItem(heading, "\n".join(current).strip()))
        current.clear()

    def flush_section() -> None:
        nonlocal whole_section
        if whole_section is not None and "".join(whole_section).strip():
            items.append(ChangelogItem(heading, "\n".join(whole_section).strip()))
        whole_section = None

    for line in lines:
        sub = _SUBHEADING.match(line)
        if sub:
            flush()
            flush_section()
            heading = sub.group(1)
            whole_section = [] if _CORRECTION.search(heading) else None
            continue
        if whole_section is not None:
            whole_section.append(line)
            continue
        if line.startswith("- "):
            flush()
            current.append(line)
        elif current and (line.startswith((" ", "\t")) or not line.strip()):
            current.append(line)
        elif line.strip():
            flush()  # a paragraph outside any bullet: not an item
    flush()
    flush_section()
    return tuple(items)


def parse_changelog(text: str) -> list[ChangelogEntry]:
    """The "## YYYY-MM-DD" sections of ``text``, newest first as written; text before the first
    dated heading (the file's title and preamble) is not an entry."""
    entries: list[ChangelogEntry] = []
    day: date | None = None
    lines: list[str] = []
    for line in [*text.splitlines(), "## 9999-12-31"]:  # a sentinel closes the last section
        match = _DATE_HEADING.match(line)
        if match:
            if day is not None:
                entries.append(ChangelogEntry(day, "\n".join(lines).strip(), _items(lines)))
            day, lines = date.fromisoformat(match.group(1)), []
        elif day is not None:
            lines.append(line)
    return entries


def read_changelog(path: Path = CHANGELOG_PATH) -> list[ChangelogEntry]:
    return parse_changelog(path.read_text(encoding="utf-8")) if path.exists() else []


def entries_since(entries: list[ChangelogEntry], since: date) -> list[ChangelogEntry]:
    """The entries dated after ``since`` (a data version of that day was already there to see)."""
    return [e for e in entries if e.day > since]


def corrections(entries: list[ChangelogEntry]) -> list[tuple[date, ChangelogItem]]:
    """Every correction, newest first: (the entry's date, the item)."""
    return [(e.day, item) for e in entries for item in e.corrections]
