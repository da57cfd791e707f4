"""Bring your own data in a real browser: the upload goes through Streamlit's XSRF-protected upload
route, then the map of the same session draws the uploaded points."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from loaders.geography import representative_point

from .conftest import real_console_errors
from .test_app_browser import TIMEOUT_MS, expect_places, markers

COUNTRIES = ["NL", "IT", "DE", "FR", "JP", "BR", "ZA", "CA"]


def test_an_uploaded_csv_is_drawn_on_the_map_of_the_same_session(page: Page, app_url: str, tmp_path: Path) -> None:
    rows = ["place,country_code,lat,lon,status,note"]
    for i, code in enumerate(COUNTRIES):
        point = representative_point(code)
        assert point is not None
        rows.append(f"Site {i},{code},{point.y:.5f},{point.x:.5f},closed,<img src=x onerror=alert(1)>")
    csv = tmp_path / "our list.csv"
    csv.write_text("\n".join(rows) + "\n")
    page.on("dialog", lambda d: page.console_errors.append(f"dialog: {d.message}"))  # type: ignore[attr-defined]

    page.goto(f"{app_url}/upload")
    page.locator('input[type="file"]').set_input_files(str(csv))
    expect(page.get_by_text("Showing your uploaded data — our list.csv")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Open the map").click()
    expect_places(page, len(COUNTRIES))
    expect(markers(page).first).to_be_visible()
    expect(page.get_by_text("Showing your uploaded data — our list.csv")).to_be_visible()
    assert not real_console_errors(page.console_errors)  # type: ignore[attr-defined]
