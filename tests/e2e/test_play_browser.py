"""Time on the Map page played as a reader plays it (issue 19): ▶ Play runs the months with the map
recolouring, Pause stops them, on a desktop and on a phone."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ui.timeslider import PLAY_STEP_S

from .test_app_browser import MAP_IFRAME, TIMEOUT_MS, markers

PLAY, PAUSE = "▶ Play", "❚❚ Pause"  # the buttons' names as a screen reader gives them

# Streamlit's front end plays a fragment's run_every with setInterval(…, seconds * 1000) and clears it
# when a script run no longer draws that fragment. Counting the live intervals of Play's period says
# whether the page is still playing, without watching the clock.
WATCH_INTERVALS = f"""
window.__playTimers = new Set();
const setI = window.setInterval, clearI = window.clearInterval;
window.setInterval = function (fn, ms, ...rest) {{
  const id = setI.call(window, fn, ms, ...rest);
  if (ms === {int(PLAY_STEP_S * 1000)}) window.__playTimers.add(id);
  return id;
}};
window.clearInterval = function (id) {{ window.__playTimers.delete(id); return clearI.call(window, id); }};
"""

MONTHS = {calendar.month_abbr[i]: i for i in range(1, 13)}  # as the slider's strftime("%b") writes them


def shown_month(page: Page) -> tuple[int, int] | None:
    """(year, month) the time slider shows; None for "today"."""
    text = page.get_by_role("slider", name="As of").get_attribute("aria-valuetext") or ""
    match = re.fullmatch(r"([A-Z][a-z]{2}) (\d{4})", text)
    return (int(match.group(2)), MONTHS[match.group(1)]) if match else None


def months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1])


def marker_statuses(page: Page) -> Counter[str]:
    pane = page.frame_locator(MAP_IFRAME).locator(".leaflet-marker-pane [data-status]")
    return Counter(pane.evaluate_all("els => els.map(e => e.getAttribute('data-status'))"))


def no_error_on_the_page(page: Page) -> None:
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    expect(page.get_by_text(re.compile("FragmentHandledException|This app has encountered an error"))).to_have_count(0)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


@pytest.mark.parametrize(
    "viewport", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_play_runs_the_months_with_the_map_recolouring_and_pause_stops_it(
    browser: Any, app_url: str, viewport: dict[str, int]
) -> None:
    phone = viewport["width"] < 640
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.add_init_script(WATCH_INTERVALS)
    try:
        page.goto(f"{app_url}/")
        expect(markers(page).first).to_be_attached(timeout=TIMEOUT_MS)
        today = marker_statuses(page)
        page.get_by_role("button", name=PLAY).click()
        expect(page.get_by_role("button", name=PAUSE)).to_be_visible(timeout=TIMEOUT_MS)
        # Play starts from the first month.
        page.wait_for_function(
            "() => /^[A-Z][a-z]{2} \\d{4}$/.test(document.querySelector('input[aria-label=\"As of\"]')"
            ".getAttribute('aria-valuetext'))",
            timeout=TIMEOUT_MS,
        )
        first = shown_month(page)
        assert first is not None
        expect(page).to_have_url(re.compile(r"asof=\d{4}-\d{2}-\d{2}"), timeout=TIMEOUT_MS)
        early = marker_statuses(page)
        # The months run on by themselves, and the map follows them.
        page.wait_for_function(
            f"""() => {{
              const t = document.querySelector('input[aria-label="As of"]').getAttribute('aria-valuetext');
              const m = /^([A-Z][a-z]{{2}}) (\\d{{4}})$/.exec(t);
              if (!m) return false;
              const months = {{{", ".join(f"{k}: {v}" for k, v in MONTHS.items())}}};
              return (Number(m[2]) - {first[0]}) * 12 + months[m[1]] - {first[1]} >= 3;
            }}""",
            timeout=TIMEOUT_MS,
        )
        page.frame_locator(MAP_IFRAME).locator("#map_div").wait_for(timeout=TIMEOUT_MS)
        frame = page.frame(url=re.compile(r"streamlit_folium"))
        assert frame is not None
        frame.wait_for_function(
            f"""() => {{
              const s = [...document.querySelectorAll('.leaflet-marker-pane [data-status]')]
                .map(e => e.getAttribute('data-status')).sort().join(',');
              return s !== {",".join(sorted(early.elements()))!r} && s !== {",".join(sorted(today.elements()))!r};
            }}""",
            timeout=TIMEOUT_MS,
        )
        no_error_on_the_page(page)
        page.get_by_role("button", name=PAUSE).click()
        expect(page.get_by_role("button", name=PLAY)).to_be_visible(timeout=TIMEOUT_MS)
        # Paused: the page no longer schedules Play's steps, and a run that was under way has ended.
        page.wait_for_function("() => window.__playTimers.size === 0", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => document.querySelector('[data-test-script-state]')"
            ".getAttribute('data-test-script-state') === 'notRunning'",
            timeout=TIMEOUT_MS,
        )
        paused = shown_month(page)
        assert paused is not None and months_between(first, paused) >= 3
        assert date(*paused, 1) < date.today()
        no_error_on_the_page(page)
        # The date stays where Pause left it: a step back moves it by exactly one month from there.
        page.get_by_role("button", name="◀", exact=True).click()
        expect(page.get_by_role("slider", name="As of")).not_to_have_attribute(
            "aria-valuetext", re.compile(rf"{list(MONTHS)[paused[1] - 1]} {paused[0]}"), timeout=TIMEOUT_MS
        )
        back = shown_month(page)
        assert back is not None and months_between(back, paused) == 1
        no_error_on_the_page(page)
    finally:
        context.close()
