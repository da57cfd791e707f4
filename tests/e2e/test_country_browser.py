"""The Country page as a reader meets it: its own link opens it without a warning, it agrees with
the popup, and "Export this country" carries the country to the Export page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import real_console_errors
from .test_app_browser import TIMEOUT_MS

SIDEBAR = "[data-testid='stSidebar']"


def test_the_country_pages_own_link_opens_it_without_a_warning_and_exports_that_country(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/country?panel=CA")  # the link the page itself documents
    expect(page.get_by_role("heading", name=re.compile(r"^Canada: \d+ stations?")).first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    sidebar = page.locator(SIDEBAR)
    # The sidebar draws its notices before the filters: once the country filter is there, any notice is too.
    expect(sidebar.get_by_role("combobox", name=re.compile("Country"))).to_be_visible(timeout=TIMEOUT_MS)
    expect(sidebar.locator("[data-testid='stAlert']")).to_have_count(0)
    expect(page.get_by_text(re.compile("unknown link parameter"))).to_have_count(0)
    # Listed apart, never as the authorities' reaction: the operators' lawsuit against the RCMP.
    expect(page.get_by_text("Press, NGOs, legislators and operators").first).to_be_visible(timeout=TIMEOUT_MS)

    page.get_by_role("button", name="Export this country").click()
    expect(page.get_by_role("heading", name="Export").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile(r"/export\?(.*&)?country=CA(&|$)"), timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"made from the current filters \(Canada\)")).first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert real_console_errors(page.console_errors) == []  # type: ignore[attr-defined]
