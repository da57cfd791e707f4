"""The sources table is written once (ui.sources): every page's list of sources links each source
(http(s) only, "open"), and the main-source columns follow the same link rule."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from loaders import Dataset
from tests.conftest import ROOT

from .conftest import assert_clean

SOURCE_COLUMNS = ["Title", "Publisher", "Published", "Link", "Kind", "Accessed", "Copy of"]


def test_only_ui_sources_configures_a_link_column() -> None:
    """A page that writes its own sources table again would drift (its link text, its URL rule)."""
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    writers = [f.relative_to(ROOT).as_posix() for f in files if "LinkColumn(" in f.read_text(encoding="utf-8")]
    assert writers == ["ui/sources.py"]


def test_main_sources_are_the_first_sources_linked_only_to_the_web(mini: Dataset) -> None:
    from ui.sources import main_sources

    sources = mini.sources.copy()
    sources.loc["src-ministry", "url"] = "javascript:alert(1)"
    evil = Dataset(**{**mini.__dict__, "sources": sources})
    frame = main_sources(evil, [["src-ministry", "src-court"], ["src-police"]])
    assert list(frame) == ["Main source", "Source kind", "Accessed"]
    assert frame["Main source"] == [None, "http://example.org/police"]
    assert frame["Source kind"][1].startswith("Police")


@pytest.mark.parametrize(
    ("page", "query"), [("pages/country.py", {"panel": "NL"}), ("pages/about.py", {})], ids=["country", "about"]
)
def test_the_pages_sources_tables_link_each_source(
    fixture_app: Callable[[], AppTest], mini: Dataset, page: str, query: dict[str, str]
) -> None:
    at = fixture_app()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert_clean(at)
    tables = [d for d in at.dataframe if list(d.value.columns) == SOURCE_COLUMNS]
    assert tables
    for table in tables:
        config = json.loads(table.proto.columns)["Link"]
        assert config["type_config"] == {"type": "link", "display_text": "open"}
        links = [u for u in table.value["Link"] if u is not None]
        assert links and all(re.match(r"https?://", u) for u in links)
        assert set(table.value["Title"]) <= set(mini.sources["title"])
