"""A reader composes a correction in a real browser and downloads it as a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from loaders import Dataset

from .test_app_browser import TIMEOUT_MS


def test_a_correction_is_composed_from_the_form_and_downloaded_as_json(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    station = str(e2e_dataset.stations["id"].iloc[0])
    version = e2e_dataset.checksum[:12]
    page.goto(f"{app_url}/correct?record=station:{station}&version={version}")
    expect(page.get_by_role("heading", name="Suggest a correction").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"Station {station}")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("What is wrong").fill("The station moved to another street in 2024.")
    page.get_by_label("A source that shows it (a link)").fill("https://example.org/report?id=7")
    page.get_by_label("A quote from that source (the passage that shows it)").fill("“moved in 2024”")
    page.get_by_role("button", name="Prepare the correction").click()
    download_button = page.get_by_role("button", name="Download it (JSON)")
    expect(download_button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename.startswith(f"correction_station_{station}_")
    doc = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert doc["record"] == f"station:{station}"
    assert doc["data_version"] == version
    assert doc["what_is_wrong"] == "The station moved to another street in 2024."
    assert doc["source_url"] == "https://example.org/report?id=7"
    assert doc["quote"] == "“moved in 2024”"
    assert doc["format"] == "overseas-stations-correction/1"
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    # Offline by default: the page asked nothing of another host.
    assert all(u.startswith(app_url) or u.startswith(("data:", "blob:")) for u in page.requests), page.requests
