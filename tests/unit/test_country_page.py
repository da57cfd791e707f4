"""The printable country page (exports.country): escaped by its template, the same content as
the f-string page it replaced, self-contained."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from exports.country import country_html
from loaders import Dataset
from loaders.country_profile import country_summary

# What the page said (its tags, attributes and text) when it was built with f-strings and
# hand-placed escape calls, for the hostile dataset below: the template must say the same.
# Regenerate (`python -m tests.unit.test_country_page`) only when the page or the fixture data
# is meant to change, and read the diff.
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "country_page_before_templates.json"
CODES = ("NL", "IT", "DE", "CA")
CITATION = "Cite <b>me</b> & `x` ${alert(1)} \\"
LINK = 'https://x.org/country?panel=NL&a="<x>'


def hostile(mini: Dataset) -> Dataset:
    """The fixture data with markup, quotes and script in every kind of text the page shows."""
    events = mini.events.copy()
    i = events.index[events["id"] == "nl-closure-order"][0]
    events.at[i, "summary"] = "<script>alert(1)</script> ordered closure `${alert(2)}` \\"
    events.at[i, "actor"] = 'Mayor "<b>X</b>" & co'
    events.at[i, "date"] = "2022-11-01<i>"
    sources = mini.sources.copy()
    sources.loc["src-ministry", "url"] = "javascript:alert(3)"
    sources.loc["src-court", "title"] = '" onmouseover="alert(4)'
    sources.loc["src-court", "publisher"] = "<img src=x onerror=alert(5)>"
    sources.loc["src-report-a", "url"] = 'https://example.org/a?x="><script>alert(6)</script>'
    stations = mini.stations.copy()
    j = stations.index[stations["id"] == "nl-rotterdam-fuzhou-1"][0]
    stations.at[j, "city"] = '"><svg onload=alert(7)>'
    stations.at[j, "bureau"] = "<u>Fuzhou</u>"
    disagreements = [
        *mini.disagreements,
        {
            "id": "nl-evil",
            "topic": "<b>count</b>",
            "subject": "<iframe src=//evil.example>",
            "countries": ["NL"],
            "claims": [
                {"claim": "${alert(8)} one", "sources": ["src-court"]},
                {"claim": "two </div><script>alert(9)</script>", "sources": ["src-ministry", "src-report-a"]},
            ],
        },
    ]
    return Dataset(
        **{**mini.__dict__, "events": events, "sources": sources, "stations": stations, "disagreements": disagreements}
    )


def hostile_pages(mini: Dataset) -> dict[str, str]:
    evil = hostile(mini)
    return {
        code: country_html(country_summary(evil, code), evil, citation=CITATION, link_url=LINK, map_png=b"\x89PNG<>")
        for code in CODES
    }


class _Content(HTMLParser):
    """A page as the browser reads it: tags with their attributes, and text (entities decoded,
    white space collapsed), in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[list[Any]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.items.append(["start", tag, [list(a) for a in attrs]])

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        self.items.append(["end", tag])

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        if text:
            self.items.append(["text", text])
        self._text = []


def content(page: str) -> list[list[Any]]:
    parser = _Content()
    parser.feed(page)
    parser.close()
    parser._flush()
    # The data version is a checksum of the fixture files: not what this compares.
    version = re.compile(r"Data version [0-9a-f]+")
    return [[k, version.sub("Data version …", v)] if k == "text" else [k, v, *rest] for k, v, *rest in parser.items]


def write_golden(mini: Dataset) -> None:
    """Write GOLDEN from the page as it is now: one tag or text a line, for a readable diff."""
    pages = {code: content(page) for code, page in hostile_pages(mini).items()}
    lines = ",\n".join(
        f"{json.dumps(code)}: [\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]"
        for code, items in pages.items()
    )
    GOLDEN.write_text("{\n" + lines + "\n}\n", encoding="utf-8")


def test_the_templated_page_says_what_the_f_string_page_said_tag_for_tag(
    mini: Dataset, subtests: pytest.Subtests
) -> None:
    golden = json.loads(GOLDEN.read_text())
    for code, page in hostile_pages(mini).items():
        with subtests.test(code=code):
            assert content(page) == golden[code]


def test_the_printable_page_escapes_data_links_only_to_the_web_and_runs_no_script(mini: Dataset) -> None:
    page = hostile_pages(mini)["NL"]
    tags = {item[1] for item in content(page) if item[0] == "start"}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "a", "img", "table", "thead",
                    "tbody", "tr", "th", "td", "span", "ol", "li", "strong", "em", "div"}  # fmt: skip
    assert "<script" not in page and "<svg" not in page and "<iframe" not in page and "<u>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ordered closure" in page
    assert "javascript:" not in page
    assert "Cite &lt;b&gt;me&lt;/b&gt;" in page
    assert 'title="&#34; onmouseover=&#34;alert(4)"' in page, "a title cannot leave its attribute"
    assert '<a href="https://x.org/country?panel=NL&amp;a=&#34;&lt;x&gt;"' in page
    hrefs = [dict(item[2]).get("href") for item in content(page) if item[0] == "start" and item[1] == "a"]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert "@media print" in page and "Netherlands" in page


def test_every_text_the_page_shows_from_the_data_reads_as_written(mini: Dataset) -> None:
    text = " ".join(item[1] for item in content(hostile_pages(mini)["NL"]) if item[0] == "text")
    for written in (
        "<script>alert(1)</script> ordered closure `${alert(2)}` \\",
        'Mayor "<b>X</b>" & co',
        '"><svg onload=alert(7)>',
        "<iframe src=//evil.example>",
        "two </div><script>alert(9)</script>",
        CITATION,
    ):
        assert written in text


def test_the_template_escapes_by_default(mini: Dataset) -> None:
    from maps.templating import template_environment

    env = template_environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.get_template("country.html").environment.autoescape is not False


if __name__ == "__main__":
    from loaders import load_dataset
    from tests.conftest import FIXTURE

    write_golden(load_dataset(FIXTURE))
