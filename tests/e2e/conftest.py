from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loaders import Dataset, load_dataset

from .browser import CHROMIUM, CHROMIUM_ARGS, ROOT, require_chromium, streamlit_server

# The browser tests run against the bundled data unless E2E_DATA names another stations file.
E2E_DATA = Path(os.environ.get("E2E_DATA", ROOT / "data" / "stations.geojson"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def e2e_dataset() -> Dataset:
    return load_dataset(E2E_DATA)


WARM_UP_TIMEOUT_MS = 300_000  # a ceiling, not a wait: a cold first drawing under a loaded 2-core box


def warm_up(browser: Any, url: str) -> None:
    """Open the map once and wait until it has drawn its places. The first run of a fresh server
    loads the data and builds what every session shares; under load (two suites at once) that took
    longer than a test's own timeout, and whichever test came first failed."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/")
        page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
            "#map_div[data-places-drawn]"
        ).wait_for(state="attached", timeout=WARM_UP_TIMEOUT_MS)
    finally:
        context.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    require_chromium()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with streamlit_server(log, env={"OVERSEAS_STATIONS_DATA": str(E2E_DATA)}) as url:
        warm_up(browser, url)
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Opening a page's own URL (/stations) makes Streamlit's front end probe /stations/_stcore/health
# and host-config before the root ones: two 404s that are Streamlit's, not ours
# (https://github.com/streamlit/streamlit/issues/7074). Only those are forgiven.
_SUBPATH_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z]+/_stcore/(health|host-config)$")


def _console_line(message: Any) -> str:
    url = (message.location or {}).get("url", "")
    return f"{message.text} ({url})" if url else message.text


def real_console_errors(lines: list[str]) -> list[str]:
    """Console errors less Streamlit's sub-path probes (see _SUBPATH_PROBE)."""
    return [
        line
        for line in lines
        if not (line.startswith("Failed to load resource: the server responded with a status of 404")
                and _SUBPATH_PROBE.match(line.rsplit("(", 1)[-1].rstrip(")")))
    ]  # fmt: skip


@pytest.fixture()
def page(browser: object, tmp_path: Path) -> Iterator[object]:
    """A fresh page that records requests, console errors and page errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(_console_line(m)))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture()
def offline_page(browser: Any) -> Iterator[Any]:
    """A page in an offline context recording every request and every script error."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    yield page
    context.close()
