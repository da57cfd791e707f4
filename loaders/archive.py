"""Archived copies of a source: news URLs move or vanish, the record must outlive them.

Every source gets a Wayback Machine link for the day it was read (the archive redirects to the
capture nearest that date) and an archive.today lookup of its URL. A source the data marks as
``gone`` shows the archived copy first. Pure; the links are built, never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .urls import http_url

WAYBACK = "https://web.archive.org/web/{stamp}{url}"  # stamp "YYYYMMDD/", or "" for the latest capture
ARCHIVE_TODAY = "https://archive.ph/newest/{url}"


@dataclass(frozen=True)
class ArchiveLinks:
    wayback: str  # the capture nearest the access date
    archive_today: str  # archive.today's newest capture of the URL, if it has one


def archive_links(url: object, accessed: object) -> ArchiveLinks | None:
    """Archive links for a source read at ``url`` on ``accessed`` (YYYY-MM-DD); None for a link
    that is not http(s), which is never rendered anyway (loaders.urls)."""
    safe = http_url(url)
    if safe is None:
        return None
    day = accessed.replace("-", "") if isinstance(accessed, str) else ""
    stamp = f"{day}/" if len(day) == 8 and day.isdigit() else ""
    # The archives take the original URL as the rest of their path; only characters that would end
    # or break that path are escaped.
    tail = quote(safe, safe=":/?&=%#+@,;~!$'()*[]")
    return ArchiveLinks(WAYBACK.format(stamp=stamp, url=tail), ARCHIVE_TODAY.format(url=tail))


def source_links(url: object, accessed: object, gone: object = False) -> list[tuple[str, str]]:
    """A source's links in the order a reader should try them, as (kind, href) with kind "page",
    "wayback" or "archive.today" (i18n keys archive.wayback, archive.today): the page, then its
    archived copies; for a page the data marks as gone, the Wayback copy first and the page last.
    Empty for a link that is not http(s)."""
    safe = http_url(url)
    archived = archive_links(url, accessed)
    if safe is None or archived is None:
        return []
    copies = [("wayback", archived.wayback), ("archive.today", archived.archive_today)]
    return [*copies, ("page", safe)] if gone is True else [("page", safe), *copies]
