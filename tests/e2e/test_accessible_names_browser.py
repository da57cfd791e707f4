"""What a screen reader, a reader view or a copy-and-paste gets from the app's own controls outside
the map (issue 19): the words of the link or the section, not the name of Streamlit's icon."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ui.navigation import PAGES

from .test_app_browser import TIMEOUT_MS, open_map

ICON_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # a Material Symbols ligature: account_balance, keyboard_arrow_right


def test_the_page_links_are_named_by_their_titles_alone(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    nav = page.locator("[data-testid='stSidebarNav']")
    for spec in PAGES:
        link = nav.get_by_role("link", name=spec.title, exact=True)
        expect(link).to_be_visible(timeout=TIMEOUT_MS)
        assert link.inner_text().strip() == spec.title  # what a reader view or a copy gives
    assert not ICON_NAME.search(nav.inner_text())


def test_the_sections_that_fold_are_named_by_their_titles_alone(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    summaries = page.locator("[data-testid='stExpander'] summary")
    expect(summaries.first).to_be_visible(timeout=TIMEOUT_MS)
    texts = summaries.evaluate_all("els => els.map(e => e.innerText.trim())")
    assert any(t.startswith("The ") and t.endswith("places on the map, as a table") for t in texts), texts
    assert [t for t in texts if ICON_NAME.search(t)] == []
    table = page.get_by_text(re.compile(r"^The \d+ places on the map, as a table$"))
    table.click()  # still opens and shows the table
    expect(page.get_by_role("table").filter(has_text="Place")).to_be_visible(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid='stExpander'] details[open]").count() >= 1


def test_no_icon_name_is_read_out_anywhere_on_the_map_page_outside_the_map(page: Page, app_url: str) -> None:
    open_map(page, app_url)
    expect(page.get_by_text(re.compile(r"^The \d+ places on the map"))).to_be_visible(timeout=TIMEOUT_MS)
    assert ICON_NAME.findall(page.locator("[data-testid='stSidebar']").inner_text()) == []
    assert ICON_NAME.findall(page.locator("[data-testid='stMain']").inner_text()) == []
    assert ICON_NAME.findall(page.locator("body").aria_snapshot()) == []
