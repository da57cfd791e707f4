from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import BUNDLED, FIXTURE, ROOT
from ui.navigation import PAGES as NAV_PAGES

APP = str(ROOT / "app.py")
PAGES = [p.script for p in NAV_PAGES]
TIMEOUT_S = 120  # a cold first run builds the map and loads Natural Earth on a 2-core box


def make_app(monkeypatch: pytest.MonkeyPatch, data: Path) -> AppTest:
    monkeypatch.setenv("OVERSEAS_STATIONS_DATA", str(data))
    return AppTest.from_file(APP, default_timeout=TIMEOUT_S)


@pytest.fixture()
def fixture_app(monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    return lambda: make_app(monkeypatch, FIXTURE)


@pytest.fixture()
def bundled_app(monkeypatch: pytest.MonkeyPatch) -> Callable[[], AppTest]:
    return lambda: make_app(monkeypatch, BUNDLED)


def assert_clean(at: AppTest) -> None:
    """No exception and no error box: the app's catch-all shows st.error, so both count."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def shown(markdown: str) -> str:
    """What a reader sees of Markdown the app escaped (ui.frame.md): the text without its backslashes
    and the invisible zero-width spaces that keep "https://" from becoming a link."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")
