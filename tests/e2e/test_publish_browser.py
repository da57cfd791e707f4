"""Publishing in a real browser: the map's view as an export area, the CSV download read by pandas."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
from playwright.sync_api import Page, expect

from loaders import Dataset, Filters, filter_stations

from .test_app_browser import TIMEOUT_MS, open_map

SIDEBAR_NAV = "[data-testid='stSidebarNav']"


def go_to(page: Page, title: str) -> None:
    """Follow the sidebar's page link: the same session, so the map's view travels along."""
    page.locator(SIDEBAR_NAV).get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=TIMEOUT_MS)


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=re.compile(label)).click()
    page.get_by_role("option", name=option).click()


def test_exporting_the_map_view_before_the_map_sent_it_says_to_pan_or_zoom_and_keeps_the_page(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/export")
    expect(page.get_by_role("heading", name="Export").first).to_be_visible(timeout=TIMEOUT_MS)
    choose(page, "Area", "The view on the Map page")
    expect(page.get_by_text(re.compile("pan or zoom the map once")).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


# Watches, in the Streamlit page, for the map component sending a value and then for a script run
# that *starts after* it and ends: the Map page's run that stores the sent view.
WATCH_RUNS = """
window.__sent = 0; window.__stored = 0; window.__awaiting = false; window.__runAfterSend = false;
window.addEventListener("message", e => {
  if (e.data && e.data.type === "streamlit:setComponentValue") {
    window.__sent += 1;
    if (!window.__awaiting) {  // a second send during the run it started (st_folium repeats itself) waits for it
      window.__awaiting = true;
      window.__runAfterSend = false;
    }
  }
});
new MutationObserver(records => {
  records.forEach((r, i) => {
    // The state this change set: the next change's old value, or the attribute now. (A quick run
    // delivers "running" and "notRunning" in one batch, where the attribute now says only the last.)
    const next = records.slice(i + 1).find(n => n.target === r.target);
    const state = next ? next.oldValue : r.target.getAttribute("data-test-script-state");
    if (state === "running" && window.__awaiting) window.__runAfterSend = true;
    if (state === "notRunning" && window.__runAfterSend) {
      window.__stored += 1;
      window.__awaiting = false;
      window.__runAfterSend = false;
    }
  });
}).observe(document, {
  subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"]
});
"""


# The window of the map frame that reports its bounds, once its map exists and has drawn its places.
BOUNDS_MAP = """[...document.querySelectorAll("iframe")].map(f => f.contentWindow).find(w => {
  const d = w && w.__GLOBAL_DATA__;
  return d && d.returned_objects && d.returned_objects.includes("bounds") && w.map && w.map._loaded
    && w.document.querySelector("#map_div[data-places-drawn]");
})"""


def test_the_map_view_panned_on_the_map_page_is_what_the_export_frames_and_names(page: Page, app_url: str) -> None:
    page.add_init_script(WATCH_RUNS)
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())  # online tiles below
    open_map(page, app_url)
    page.get_by_text("Use this map view for exports").click()
    expect(page.get_by_role("switch", name="Use this map view for exports")).to_be_checked(timeout=TIMEOUT_MS)
    # st_folium (0.27) keeps the returned_objects its map was first drawn with: the switch gives the map
    # a new key, so a new map that reports its bounds is drawn, in a new frame. Its settings arrive before
    # its scripts, and `map` exists only once they ran: wait for that frame's map to exist and to have
    # drawn its places, then move that map (found and moved in one step, so no other frame is used).
    page.wait_for_function(f"() => !!({BOUNDS_MAP})", timeout=TIMEOUT_MS)
    stored = page.evaluate("window.__stored")
    # pan and zoom to western Europe
    page.evaluate(f"() => {{ const w = {BOUNDS_MAP}; w.map.setView([48.5, 5.0], 5, {{animate: false}}); }}")
    # st_folium sent the new view and a run that started after it has ended: the view is stored.
    page.wait_for_function(f"window.__stored > {stored}", timeout=TIMEOUT_MS)
    go_to(page, "Export")
    choose(page, "Area", "The view on the Map page")
    preview = page.locator("[data-testid='stImage'] img").first
    expect(preview).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    expect(page.get_by_text(re.compile("pan or zoom the map once"))).to_have_count(0)
    alt = page.locator("[data-testid='stCode']").filter(has_text="Map of reported").first
    expect(alt).to_contain_text("in the map's current view", timeout=TIMEOUT_MS)
    expect(alt).not_to_contain_text("Canada")
    button = page.get_by_role("button", name=re.compile(r"^Download PNG"))
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    assert "_map-view_" in info.value.suggested_filename


def test_the_stations_csv_downloaded_from_the_page_opens_in_pandas_with_its_defaults(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    code = e2e_dataset.stations["country_code"].value_counts().index[0]
    page.goto(f"{app_url}/stations?country={code}")
    button = page.get_by_role("button", name="Download CSV", exact=True)
    expect(button).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    assert info.value.suggested_filename.endswith(".csv")
    with open(info.value.path(), "rb") as f:
        data = f.read()
    frame = pd.read_csv(io.BytesIO(data))  # pandas' defaults: no comment=, no skiprows=, no encoding=
    expected = filter_stations(e2e_dataset, Filters(countries=(code,)))
    assert list(frame.columns[:2]) == ["id", "city"], "the header is on the first line, the BOM not in the name"
    assert sorted(frame["id"]) == sorted(expected["id"])
    assert not frame["status_event"].astype(str).str.fullmatch(r"[a-z0-9-]+").any(), "events in words, not ids"
    page.get_by_text("Include the reactions (in the zip)").click()
    zip_button = page.get_by_role("button", name="Download CSV + reactions + citation (zip)")
    expect(zip_button).to_be_visible(timeout=TIMEOUT_MS)  # the rerun has built the zip with the reactions
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        zip_button.click()
    with zipfile.ZipFile(info.value.path()) as zf:
        names = zf.namelist()
        readme = zf.read("README.txt").decode("utf-8")
        tables = {n: pd.read_csv(io.BytesIO(zf.read(n))) for n in names if n.endswith(".csv")}
    assert len(tables) == 2 and any(n.endswith("_reactions.csv") for n in tables), names
    assert f"?country={code}" in readme and "Accessed " in readme and e2e_dataset.checksum in readme


def test_the_country_page_gives_a_printable_page_and_a_map_image(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/country?panel=NL")
    expect(page.get_by_role("heading", name=re.compile(r"^Netherlands: \d+ stations")).first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name="Printable page (HTML)").click()
    with open(info.value.path(), encoding="utf-8") as f:
        html = f.read()
    assert "<h1>Netherlands</h1>" in html and "@media print" in html and "<script" not in html
    assert "country?panel=NL" in html
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name="Map image (PNG)").click()
    assert info.value.suggested_filename.startswith("overseas-stations_netherlands_")
    with open(info.value.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


LABELS_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/app/static/vendor/leaflet-1.9.4/dist/leaflet.css">
<script src="/app/static/vendor/leaflet-1.9.4/dist/leaflet.js"></script>
<script src="/app/static/js/labels.js"></script></head>
<body style="margin:0"><div id="m" style="width:900px;height:560px"></div>
<script>
  window.map = L.map("m").setView([48, 10], 2);
  OSMLabels.add(map, "/app/static/basemap/places.json").then(() => { window.labelsReady = true; });
</script></body></html>"""

OVERLAPS = """() => {
  const r = [...document.querySelectorAll(".osm-label")].map(e => e.getBoundingClientRect());
  let n = 0;
  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;
  return n;
}"""


def test_place_names_show_countries_at_world_zoom_and_cities_closer_never_overlapping(page: Page, app_url: str) -> None:
    # A bare Leaflet page on the app's own origin, so labels.js and places.json come from its static serving.
    page.route(f"{app_url}/labels-test.html", lambda route: route.fulfill(body=LABELS_PAGE, content_type="text/html"))
    page.goto(f"{app_url}/labels-test.html")
    page.wait_for_function("window.labelsReady === true", timeout=TIMEOUT_MS)
    countries, cities = page.locator(".osm-label-country"), page.locator(".osm-label-city")
    assert countries.count() > 15 and cities.count() == 0, "the world view names countries, no cities"
    assert page.evaluate(OVERLAPS) == 0
    page.evaluate("() => map.setView([52.2, 5.0], 7, {animate: false})")  # the Netherlands
    expect(cities.filter(has_text="Amsterdam")).to_have_count(1, timeout=TIMEOUT_MS)
    assert page.evaluate(OVERLAPS) == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.osm-label')).pointerEvents") == "none"
    assert all(u.startswith(app_url) for u in page.requests)  # type: ignore[attr-defined]
