"""A reader's suggested correction: a small structured record the reader sends or downloads.

Nothing is stored on the server: the Correct page (pages/correct.py) builds the record in the
reader's session and offers it as a JSON file and as a ``mailto:`` link to the address the
deployment configures (DEPLOY.md). The curators check it against its source like any other claim.
Pure; never imports streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from .dataset import Dataset
from .urls import http_url

ADDRESS_ENV = "OVERSEAS_STATIONS_CORRECTIONS_EMAIL"  # or st.secrets["corrections_email"]
FORMAT = "overseas-stations-correction/1"
PARAMS = ("record", "version")  # what a link to the page carries: correct?record=<record>&version=<data version>
MAX_TEXT = 2000  # characters: a few paragraphs
MAX_QUOTE = 600  # characters: the data's own quotes stop at 30 words
MAX_URL = 2000
MAX_RECORD = 200
MAILTO_BODY_MAX = 1800  # characters of body: e-mail clients drop longer mailto: links
_ADDRESS = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
_RECORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:_.\-]*$")


class CorrectionProblem(ValueError):
    """What the reader must fix before the correction can be sent: its message says it."""


@dataclass(frozen=True)
class Correction:
    record: str  # "station:es-madrid-fuzhou-1", a bare id, or "" for the data as a whole
    data_version: str  # the version the reader saw (12 hex digits)
    what_is_wrong: str
    source_url: str | None
    quote: str
    written: str  # the reader's date, YYYY-MM-DD
    format: str = FORMAT

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @property
    def subject(self) -> str:
        return f"Correction: {self.record or 'the data'} (data version {self.data_version})"

    def email_body(self) -> str:
        lines = [
            f"Record: {self.record or '(the data as a whole)'}",
            f"Data version: {self.data_version}",
            "",
            "What is wrong:",
            self.what_is_wrong,
            "",
            f"Source: {self.source_url or '(none given)'}",
            "Quote:",
            self.quote or "(none given)",
            "",
            f"Written {self.written}. The same as JSON:",
            self.to_json().decode("utf-8"),
        ]
        return "\n".join(lines)


def clean_record(record: object) -> str:
    """The record id from ``?record=``: an id as the data writes them, else "" (a hostile or
    mistyped value names no record rather than reaching the form)."""
    if not isinstance(record, str):
        return ""
    record = record.strip()
    return record if len(record) <= MAX_RECORD and _RECORD.match(record) else ""


def clean_version(version: object, current: str) -> str:
    """The data version from ``?version=``: 4 to 64 hex digits, else the current one."""
    if isinstance(version, str) and re.fullmatch(r"[0-9a-f]{4,64}", version.strip()):
        return version.strip()
    return current


def compose_correction(
    record: str, data_version: str, what_is_wrong: str, source_url: str, quote: str, today: date
) -> Correction:
    """The correction, or CorrectionProblem saying what to fix: a description is needed; a source,
    if given, must be an http(s) link; lengths are capped."""
    what = (what_is_wrong or "").strip()
    if not what:
        raise CorrectionProblem("Say what is wrong: a sentence or two is enough.")
    if len(what) > MAX_TEXT:
        raise CorrectionProblem(f"Please keep the description under {MAX_TEXT} characters.")
    url = (source_url or "").strip()
    if url and (len(url) > MAX_URL or http_url(url) is None):
        raise CorrectionProblem("The source must be a web link starting with http:// or https://.")
    text = (quote or "").strip()
    if len(text) > MAX_QUOTE:
        raise CorrectionProblem(f"Please keep the quote under {MAX_QUOTE} characters: the passage that shows it.")
    return Correction(clean_record(record), data_version, what, url or None, text, today.isoformat())


def correction_address(environ: Mapping[str, str], secrets: Mapping[str, Any] | None = None) -> str | None:
    """The address corrections go to: OVERSEAS_STATIONS_CORRECTIONS_EMAIL, else the secret
    ``corrections_email``; None when neither is a plain e-mail address (then only the download is offered)."""
    for value in (environ.get(ADDRESS_ENV), (secrets or {}).get("corrections_email")):
        if isinstance(value, str) and _ADDRESS.match(value.strip()):
            return value.strip()
    return None


def mailto_link(address: str, correction: Correction) -> str:
    """A ``mailto:`` link that opens the reader's e-mail program with the correction filled in."""
    body = correction.email_body()
    if len(body) > MAILTO_BODY_MAX:
        body = body[:MAILTO_BODY_MAX] + "\n[…cut: attach the downloaded JSON file for the whole correction]"
    return f"mailto:{quote(address, safe='@')}?subject={quote(correction.subject, safe='')}&body={quote(body, safe='')}"


def describe_record(dataset: Dataset, record: str) -> str | None:
    """A line saying which record ``record`` is ("Station es-madrid-fuzhou-1: Madrid, Spain"), or
    None when the data has no such record (the correction can still say what is missing)."""
    kind, _, rid = record.partition(":") if ":" in record else ("", "", record)
    stations = dataset.stations.set_index("id", drop=False)
    if kind in ("", "station") and rid in stations.index:
        s = stations.loc[rid]
        where = ", ".join(str(v) for v in (s.get("city"), s.get("country")) if isinstance(v, str) and v)
        return f"Station {rid}: {where or 'place unknown'}"
    events = dataset.events.set_index("id", drop=False)
    if kind in ("", "event") and rid in events.index:
        e = events.loc[rid]
        return f"Event {rid}: {e['date_shown']} · {e['type_label']} · {e['actor']}"
    if kind in ("", "source") and rid in dataset.sources.index:
        src = dataset.sources.loc[rid]
        return f"Source {rid}: {src['publisher']}, “{src['title']}”"
    disagreements = {d["id"]: d for d in dataset.disagreements}
    if kind in ("", "disagreement") and rid in disagreements:
        return f"Disagreement {rid}: {disagreements[rid]['subject']}"
    return None
