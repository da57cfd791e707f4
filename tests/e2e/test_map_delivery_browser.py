"""How the map reaches a reader's browser (issue 14), in real headless Chromium against real servers:
reading writes no file; with the atlas built before start-up the first paint is small, also on a
read-only deployment run by an unprivileged user; without it the map still works; a failed atlas
fetch says so and can be tried again; quick view changes never draw stale data."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from loaders import Dataset, Filters, aggregate_places, filter_stations
from loaders.dates import display_date
from loaders.filters import as_of_bounds
from loaders.geography import representative_point
from loaders.timeline import month_steps
from maps.assets import LEAFLET, LEAFLET_CSS, MAP_SCRIPTS, RENDERER, SUPERCLUSTER, asset_path
from maps.atlas import atlas_digest, atlas_payload
from maps.build import renderer_options
from maps.payload import script_json, view_payload
from scripts.build_assets import build_assets

from .browser import ROOT, free_port, stop_process, streamlit_server, wait_healthy
from .conftest import E2E_DATA, real_console_errors
from .test_app_browser import MAP_IFRAME, TIMEOUT_MS, expect_places, markers, open_map

# What a deployment needs (Dockerfile's COPY less what .dockerignore leaves out).


def app_parts() -> list[str]:
    """The repository's top-level files and folders that the Docker image holds: everything but what
    .dockerignore leaves out (its plain top-level names), so a new folder of the app is copied too."""
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "!")) and "*" not in line and "/" not in line
    }
    return sorted(p.name for p in ROOT.iterdir() if p.name not in ignored and not p.name.startswith(".git"))


ATLAS_ROUTE = "**/app/static/build/atlas-*.json"


def _files(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (the environment and git's own store aside) with size and mtime."""
    out = {}
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        if parts[0] in (".git", ".venv") or "__pycache__" in parts or not path.is_file():
            continue  # the test runner's own bytecode is not the app's doing (the server writes none)
        stat = path.stat()
        out[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return out


class Traffic:
    """Bytes the page receives over the websocket, from the Chrome DevTools protocol."""

    def __init__(self, page: Page) -> None:
        self.ws = 0
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _frame(self, event: dict[str, Any]) -> None:
        self.ws += len(event["response"]["payloadData"])


def _map_scripts(fetched: list[str]) -> list[str]:
    return [u for u in fetched if "/app/static/" in u and u.endswith(".js")]


def _first_paint_bytes(browser: Any, url: str, n_places: int) -> tuple[int, list[str]]:
    """Websocket bytes until every place is drawn, and the URLs the page fetched."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    traffic = Traffic(page)
    try:
        page.goto(url + "/")
        expect_places(page, n_places)
        sent = traffic.ws
        # The map works: a popup has its words (from the fetched or the inline atlas).
        markers(page).first.click()
        expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content [data-line=source]").first).to_be_visible(
            timeout=TIMEOUT_MS
        )
        # Every script ran, the last one too: the camera button (the screenshoter plugin) is on the map.
        expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-control-simpleMapScreenshoter")).to_have_count(1)
        return sent, fetched
    finally:
        context.close()


def _deployment_copy(target: Path, with_build: bool) -> None:
    for name in app_parts():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "cache", "build"))
        else:
            shutil.copy(source, target / name)
    if with_build:  # what the image's RUN scripts/build_assets.py adds
        build_assets(target / "data" / "stations.geojson", target / "static")


@contextmanager
def _read_only_server(folder: Path, log: Path) -> Iterator[str]:
    """`streamlit run` in ``folder`` made read-only, as an unprivileged user where the test runs as
    root (root ignores file modes): Debian's python3 with this environment's packages, as `nobody`."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    port = free_port()
    args = ["-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--server.enableStaticServing", "true"]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "OVERSEAS_STATIONS_DATA": str(folder / "data" / "stations.geojson"),
    }
    if os.geteuid() == 0:
        system_python = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
        if not (shutil.which("runuser") and system_python.exists()):
            pytest.skip("running as root without runuser or a system Python of this version")
        site = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
        home = Path(tempfile.mkdtemp(prefix="ro-home-"))
        home.chmod(0o777)
        env.update(PYTHONPATH=site, HOME=str(home))
        command = ["runuser", "-u", "nobody", "--", str(system_python), *args]
    else:
        command = [sys.executable, *args]
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(proc, base, f"streamlit as an unprivileged user: see {log}")
            yield base
        finally:
            stop_process(proc)


def test_reading_the_map_writes_no_file_anywhere_in_the_repository(browser: Any, tmp_path: Path) -> None:
    # Bytecode aside (the Dockerfile's PYTHONDONTWRITEBYTECODE), nothing a reader does may write.
    env = {"OVERSEAS_STATIONS_DATA": str(E2E_DATA), "PYTHONDONTWRITEBYTECODE": "1"}
    with streamlit_server(tmp_path / "streamlit.log", env=env) as url:
        before = _files(ROOT)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            open_map(page, url)
            markers(page).first.click()
            expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content h4")).to_be_visible(
                timeout=TIMEOUT_MS
            )
            for day in ("2022-09-30", "2022-10-31", "2023-06-30", "2024-12-31"):
                open_map(page, url, f"?asof={day}")
            slider = page.get_by_role("slider").first
            for _ in range(3):  # the time slider, a month at a time (the slider's own value: never stale)
                shown = page.url
                slider.focus()  # a rerun may have drawn the slider again
                page.keyboard.press("ArrowRight")
                expect(page).not_to_have_url(shown, timeout=TIMEOUT_MS)
            csv = tmp_path / "newsroom.csv"
            rows = ["place,country_code,lat,lon,status,note"]
            for n, code in enumerate(("NL", "IT", "DE")):
                point = representative_point(code)
                rows.append(f"Site {n},{code},{point.y:.5f},{point.x:.5f},closed,confidential note {n}")
            csv.write_text("\n".join(rows) + "\n")
            page.goto(f"{url}/upload")
            page.locator('input[type="file"]').set_input_files(str(csv))
            expect(page.get_by_text("Showing your uploaded data — newsroom.csv")).to_be_visible(timeout=TIMEOUT_MS)
            page.get_by_role("link", name="Open the map").click()
            expect_places(page, 3)
            markers(page).first.click()
            expect(page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content")).to_contain_text(
                "confidential note", timeout=TIMEOUT_MS
            )
        finally:
            context.close()
        after = _files(ROOT)
    added = sorted(set(after) - set(before))
    changed = sorted(name for name in set(after) & set(before) if after[name] != before[name])
    assert (added, changed) == ([], []), "reading the map wrote files"


def test_with_the_atlas_built_the_first_paint_is_small_even_read_only(browser: Any, e2e_dataset: Dataset) -> None:
    n = len(aggregate_places(e2e_dataset.stations))
    root = Path(tempfile.mkdtemp(prefix="osm-deploy-"))
    root.chmod(0o755)  # traversable by the unprivileged user
    try:
        built, inline = root / "built", root / "inline"
        built.mkdir()
        inline.mkdir()
        _deployment_copy(built, with_build=True)
        _deployment_copy(inline, with_build=False)
        atlas_bytes = len(next((built / "static" / "build").glob("atlas-*.json")).read_bytes())
        with _read_only_server(built, root / "built.log") as url:
            small, fetched = _first_paint_bytes(browser, url, n)
        assert any("/app/static/build/atlas-" in u for u in fetched), "the atlas came as the built file"
        # streamlit-folium loads a map's scripts one after another: built, they are one file.
        scripts = _map_scripts(fetched)
        assert len(scripts) == 1 and "/app/static/build/map-" in scripts[0], scripts
        with _read_only_server(inline, root / "inline.log") as url:
            large, fetched = _first_paint_bytes(browser, url, n)
        assert not any("/app/static/build/" in u for u in fetched), "no built file: the atlas came inline"
        assert [u.split("/app/static/", 1)[1] for u in _map_scripts(fetched)] == list(MAP_SCRIPTS), (
            "no built file: the scripts came one by one"
        )
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
        shutil.rmtree(root, ignore_errors=True)
    print(f"websocket bytes to first paint: {small} with the built atlas, {large} inline")
    assert large - small > atlas_bytes * 0.9, (small, large, atlas_bytes)  # the atlas is what the fast path saves
    assert small < 200_000, f"first paint carried {small} bytes over the websocket"


def test_a_failed_atlas_fetch_says_so_in_the_popup_and_try_again_works(page: Page, app_url: str) -> None:
    mode = ["404"]  # what the atlas's URL answers now: the test moves it on step by step

    def fail(route: Any) -> None:
        if mode[0] == "404":
            route.fulfill(status=404, body="not found")
        elif mode[0] == "bad json":
            route.fulfill(status=200, content_type="application/json", body="{not json")
        else:
            route.continue_()

    page.route(ATLAS_ROUTE, fail)
    open_map(page, app_url)
    frame = page.frame_locator(MAP_IFRAME)
    if not page.frame(url=lambda u: "streamlit_folium" in u).evaluate(
        "() => !!OverseasStations.active.options.atlas_url"
    ):
        pytest.skip("the atlas is not built for this data (make assets): it travels inline, nothing to fetch")
    markers(page).first.click()
    failed = frame.locator(".leaflet-popup-content .osm-popup-failed")
    expect(failed).to_contain_text("could not be loaded (HTTP 404)", timeout=TIMEOUT_MS)
    mode[0] = "bad json"
    failed.get_by_role("button", name="Try again").click()
    expect(failed).to_contain_text("could not be loaded (", timeout=TIMEOUT_MS)
    expect(failed).not_to_contain_text("HTTP 404")
    mode[0] = "ok"
    failed.get_by_role("button", name="Try again").click()
    expect(frame.locator(".leaflet-popup-content [data-line=source]").first).to_be_visible(timeout=TIMEOUT_MS)
    errors = [e for e in real_console_errors(page.console_errors) if "status of 404" not in e]  # type: ignore[attr-defined]
    assert errors == [] and not any("RangeError" in e for e in page.console_errors)  # type: ignore[attr-defined]


def test_quick_changes_of_date_while_the_atlas_loads_draw_the_last_one(
    page: Page, app_url: str, e2e_dataset: Dataset
) -> None:
    held: list[Any] = []
    page.route(ATLAS_ROUTE, lambda route: held.append(route))  # held back until the views have changed
    open_map(page, app_url)
    steps = month_steps(*as_of_bounds(e2e_dataset))
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("Home")  # the first month …
    page.keyboard.press("ArrowRight")  # … then two more, quickly
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(f"asof={steps[2].isoformat()}"), timeout=TIMEOUT_MS)
    expected = filter_stations(e2e_dataset, Filters(as_of=steps[2]))
    expect_places(page, len(aggregate_places(expected)))
    for route in held:
        route.continue_()
    page.unroute(ATLAS_ROUTE)
    frame = page.frame(url=re.compile("streamlit_folium"))
    # The last rerun may still move the map (and close a popup): open a place until its popup stays.
    frame.wait_for_function(
        """expected => {
            const mix = document.querySelector('.leaflet-popup-content [data-line=mix]');
            if (mix) return mix.textContent.endsWith(expected);
            OverseasStations.active.openPlace(0);
            return false;
        }""",
        arg=f"as of {display_date(steps[2].isoformat())}",
        polling=500,
        timeout=TIMEOUT_MS,
    )
    assert real_console_errors(page.console_errors) == []  # type: ignore[attr-defined]


def _harness(page: Any, mini: Dataset) -> dict[str, Any]:
    """A page with Leaflet and the renderer, the fixture's views and atlas, and a fetch the test
    answers by hand (window.__answer(url, body or null for a failure))."""
    scripts = [LEAFLET, SUPERCLUSTER, RENDERER]
    page.set_content(
        "<!doctype html><html><head><style>"
        + asset_path(LEAFLET_CSS).read_text()
        + "</style></head><body><div id='map' style='width:800px;height:500px'></div></body></html>"
    )
    for script in scripts:
        page.add_script_tag(content=asset_path(script).read_text())
    page.evaluate(
        """() => {
            window.__pending = {};
            window.fetch = url => new Promise((resolve, reject) => {
                (window.__pending[url] = window.__pending[url] || []).push({resolve, reject});
            });
            window.__answer = (url, body) => (window.__pending[url] || []).splice(0).forEach(p => body === null
                ? p.reject(new Error("network"))
                : p.resolve({ok: true, status: 200, json: () => Promise.resolve(body)}));
            window.map = L.map('map').setView([45, 5], 3);
        }"""
    )
    atlas = atlas_payload(mini)
    text = script_json(atlas)
    positions = {pid: n for n, pid in enumerate(atlas["places"]["id"])}
    digest = atlas_digest(text)

    def view(stations: Any, as_of: date | None = None, name: str = digest) -> dict[str, Any]:
        return view_payload(mini, stations, aggregate_places(stations), as_of, positions, name)

    other = json.loads(text)
    other["places"]["label"] = [f"OTHER {label}" for label in other["places"]["label"]]
    return {
        "atlas": json.loads(text),
        "other_atlas": other,
        "all": view(mini.stations),
        "nl": view(mini.stations[mini.stations["country_code"] == "NL"]),
        "then": view(filter_stations(mini, Filters(as_of=date(2022, 10, 1))), date(2022, 10, 1)),
        "other": view(mini.stations, name="0" * 20),
        "options": json.loads(renderer_options("atlas.json").to_json()),
        "other_options": json.loads(renderer_options("other.json").to_json()),
        "inline_options": json.loads(renderer_options(None).to_json()),
    }


def test_a_view_that_replaces_another_while_the_atlas_loads_never_shows_the_old_one(
    offline_page: Any, mini: Dataset
) -> None:
    page = offline_page
    data = _harness(page, mini)
    page.evaluate(
        """d => {
            OverseasStations.draw(map, L.featureGroup().addTo(map), d.all, d.options, null);
            OverseasStations.active.openPlace(0);
        }""",
        data,
    )
    page.locator(".leaflet-popup-content").get_by_text("Loading…").wait_for()
    # Two quick changes: a country, then a date, before the atlas has arrived.
    page.evaluate("d => OverseasStations.draw(map, L.featureGroup().addTo(map), d.nl, d.options, null)", data)
    page.evaluate("d => OverseasStations.draw(map, L.featureGroup().addTo(map), d.then, d.options, null)", data)
    page.evaluate("d => window.__answer('atlas.json', d.atlas)", data)
    n = len(data["then"]["count"])
    page.wait_for_function(f"() => document.querySelector('#map').getAttribute('data-places-drawn') === '{n}'")
    page.evaluate("() => OverseasStations.active.openPlace(0)")
    mix = page.locator(".leaflet-popup-content [data-line=mix]")
    expect(mix).to_have_text(data["then"]["texts"][data["then"]["mix"][0]] + " · as of 1 Oct 2022")
    expect(page.locator(".leaflet-popup")).to_have_count(1)  # (a closed popup fades out for 200 ms)
    labels = page.locator(".leaflet-marker-icon").evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert labels and all(labels), "every marker named once the atlas came"

    # Another data version's atlas arriving late (an upload came in between) changes nothing.
    page.evaluate("d => OverseasStations.draw(map, L.featureGroup().addTo(map), d.other, d.other_options, null)", data)
    page.evaluate(
        "d => OverseasStations.draw(map, L.featureGroup().addTo(map), d.all, d.inline_options, d.atlas)", data
    )
    page.evaluate("d => window.__answer('other.json', d.other_atlas)", data)
    page.evaluate("() => OverseasStations.active.openPlace(1)")
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    expect(page.locator(".leaflet-popup-content h4")).to_have_text(data["atlas"]["places"]["label"][1])
    assert not any("OTHER" in (label or "") for label in page.locator(".leaflet-marker-icon").evaluate_all(
        "ms => ms.map(m => m.getAttribute('aria-label'))"
    ))  # fmt: skip
    assert page.errors == []


def test_a_missing_option_is_said_on_the_map_not_guessed(offline_page: Any, mini: Dataset) -> None:
    page = offline_page
    data = _harness(page, mini)
    page.evaluate(
        """d => {
            const options = Object.assign({}, d.options);
            delete options.fold_after;
            OverseasStations.draw(map, L.featureGroup().addTo(map), d.all, options, null);
        }""",
        data,
    )
    expect(page.get_by_role("alert")).to_have_text(re.compile("option “fold_after” is missing"))
    assert any("fold_after" in e for e in page.errors)
    assert page.locator(".leaflet-marker-icon").count() == 0
