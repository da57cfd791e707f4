"""Several replicas, for real (DEPLOY.md): two `streamlit run` processes behind HAProxy configured by
deploy/haproxy.cfg, readers in headless Chromium through the balancer, an upload through it, and
one replica killed while its reader is on the map."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from loaders import Dataset, Filters, aggregate_places, filter_stations
from loaders.geography import representative_point

from .browser import ROOT, require_chromium
from .conftest import E2E_DATA, _console_line, real_console_errors
from .replicas import AFFINITY_COOKIE, HAPROXY, HAPROXY_CONFIG, SERVERS, Cluster, cluster, require_haproxy
from .test_app_browser import MAP_IFRAME, TIMEOUT_MS, expect_places

UPLOADED = ["NL", "IT", "DE", "FR", "JP"]  # the uploader's list: one place in each


@pytest.fixture()
def replicas(tmp_path: Path) -> Iterator[Cluster]:
    require_haproxy()
    require_chromium()
    with cluster(tmp_path, env={"OVERSEAS_STATIONS_DATA": str(E2E_DATA)}) as c:
        yield c


@pytest.fixture()
def readers(browser: Any) -> Iterator[Any]:
    """Make readers of their own (own cookies, so own affinity); all closed at the end."""
    contexts: list[BrowserContext] = []

    def new() -> tuple[BrowserContext, Page]:
        contexts.append(browser.new_context(viewport={"width": 1400, "height": 1000}))
        return _reader(contexts[-1])

    yield new
    for context in contexts:
        context.close()


def _reader(context: BrowserContext) -> tuple[BrowserContext, Page]:
    """A page recording its upload PUTs' statuses and its console errors."""
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.uploads = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(_console_line(m)))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))  # type: ignore[attr-defined]
    page.on(
        "response",
        lambda r: "/_stcore/upload_file/" in r.url and r.request.method == "PUT" and page.uploads.append(r.status),  # type: ignore[attr-defined]
    )
    return context, page


def _replica_of(context: BrowserContext, url: str) -> str:
    """The replica HAProxy pins this reader to: the value of its affinity cookie."""
    values = [c["value"] for c in context.cookies(url) if c["name"] == AFFINITY_COOKIE]
    assert len(values) == 1, f"one {AFFINITY_COOKIE} cookie from the balancer, got {context.cookies(url)}"
    return values[0]


def _the_view(dataset: Dataset) -> tuple[str, Any, int]:
    """A link's view: the country with the most places, its place with the most stations, and how
    many places the country filter shows."""
    places = aggregate_places(dataset.stations)
    code = places.groupby("country_code").size().sort_values(ascending=False).index[0]
    in_country = aggregate_places(filter_stations(dataset, Filters(countries=(code,))))
    cities = in_country[~in_country["place_id"].str.endswith(":*")]  # a city, rather than "city not known"
    place = (cities if len(cities) else in_country).sort_values(["count", "place_id"], ascending=[False, True]).iloc[0]
    return code, place, len(in_country)


def _country_name(dataset: Dataset, code: str) -> str:
    return str(dataset.stations.loc[dataset.stations["country_code"] == code, "country"].iloc[0])


def _country_filter(page: Page) -> Any:
    return page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first


def _go_to(page: Page, title: str) -> None:
    """Another page of the app, by its link in the sidebar (the same session, no reload)."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()


def _filters_in(url: str) -> dict[str, list[str]]:
    return {k: v for k, v in parse_qs(urlparse(url).query).items() if k != "view"}


def _expect_map_of(page: Page, n: int) -> None:
    """The map holds ``n`` places (how many are in view depends on the zoom: a link to a place zooms in)."""
    container = page.frame_locator(MAP_IFRAME).locator("#map_div")
    expect(container).to_have_attribute("data-places", str(n), timeout=TIMEOUT_MS)


def _expect_the_view(page: Page, place: Any, n_places: int, country_name: str) -> None:
    """The map of the link's view: the country's places, the place's popup and panel, the filter."""
    _expect_map_of(page, n_places)
    popup = page.frame_locator(MAP_IFRAME).locator(".leaflet-popup-content .osm-popup h4")
    expect(popup).to_have_text(place["label"], timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", level=3, name=place["label"])).to_be_visible(timeout=TIMEOUT_MS)
    expect(_country_filter(page)).to_contain_text(country_name, timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def _upload_csv(tmp_path: Path) -> Path:
    rows = ["place,country_code,lat,lon,status"]
    for i, code in enumerate(UPLOADED):
        point = representative_point(code)
        assert point is not None
        rows.append(f"Site {i},{code},{point.y:.5f},{point.x:.5f},closed")
    csv = tmp_path / "newsroom list.csv"
    csv.write_text("\n".join(rows) + "\n")
    return csv


def test_two_replicas_behind_haproxy_keep_sessions_uploads_and_views_when_one_dies(
    replicas: Cluster, readers: Any, e2e_dataset: Dataset, tmp_path: Path
) -> None:
    code, place, n_places = _the_view(e2e_dataset)
    country_name = _country_name(e2e_dataset, code)
    query = f"?country={code}&place={quote(place['place_id'])}"
    lb = replicas.url
    logs = f"logs: {replicas.haproxy_log.parent}"

    # A reader opens a link to a view through the balancer: the map draws it.
    doomed_ctx, doomed = readers()
    doomed.goto(f"{lb}/{query}")
    _expect_the_view(doomed, place, n_places, country_name)
    doomed_replica = _replica_of(doomed_ctx, lb)
    link = {"country": [code], "place": [place["place_id"]]}
    assert _filters_in(doomed.url) == link  # (the app adds the map's centre and zoom, view=, as it moves)

    # A second reader, sent to the other replica, uploads a file through the balancer: the upload's
    # PUT reaches the replica that holds the reader's websocket (or Streamlit answers 400).
    survivor_ctx, survivor = readers()
    survivor.goto(f"{lb}/upload")
    expect(survivor.get_by_role("heading", name="Bring your own data")).to_be_visible(timeout=TIMEOUT_MS)
    survivor_replica = _replica_of(survivor_ctx, lb)
    assert {doomed_replica, survivor_replica} == set(replicas.replicas), "round robin: one reader on each replica"
    survivor.locator('input[type="file"]').set_input_files(str(_upload_csv(tmp_path)))
    banner = survivor.get_by_text("Showing your uploaded data — newsroom list.csv")
    expect(banner).to_be_visible(timeout=TIMEOUT_MS)
    assert survivor.uploads and all(s < 300 for s in survivor.uploads), f"upload PUTs {survivor.uploads}; {logs}"  # type: ignore[attr-defined]
    survivor.get_by_role("link", name="Open the map").click()
    expect_places(survivor, len(UPLOADED))

    # Marks that a page reload or a redrawn map would lose.
    for page in (doomed, survivor):
        page.evaluate("window.__notReloaded = true")
    survivor_map = survivor.frame(url=re.compile(r"streamlit_folium"))
    assert survivor_map is not None
    survivor_map.evaluate("window.__sameMap = true")

    # The doomed reader's replica dies (SIGKILL: no goodbye on its websockets). The page opens a new
    # websocket by itself, through the balancer, to the surviving replica: a new session there.
    dead = replicas.replicas[doomed_replica]
    with doomed.expect_websocket(timeout=TIMEOUT_MS) as reconnect:
        dead.process.kill()
        dead.process.wait()
    assert reconnect.value.url == f"{lb.replace('http', 'ws', 1)}/_stcore/stream"
    # Before its new websocket, the page polled /_stcore/health: HAProxy sent that to the survivor and
    # pinned the reader there.
    assert _replica_of(doomed_ctx, lb) == survivor_replica, f"moved to the surviving replica; {logs}"

    # Without a reload, the reader still has the link's view: the URL, the map's places, the place
    # open, the filter.
    connecting = doomed.get_by_test_id("stStatusWidget").filter(has_text=re.compile("connecting", re.I))
    expect(connecting).to_have_count(0, timeout=TIMEOUT_MS)
    assert _filters_in(doomed.url) == link
    _expect_the_view(doomed, place, n_places, country_name)
    # And the new session holds that view: on another page and back on the map, which the surviving
    # replica draws afresh (a new map), the filter is the link's.
    old_map = doomed.frame(url=re.compile(r"streamlit_folium"))
    assert old_map is not None
    old_map.evaluate("window.__drawnBeforeTheFailover = true")
    _go_to(doomed, "Stations")
    expect(doomed).to_have_url(re.compile(rf"/stations\?(.*&)?country={code}(&|$)"), timeout=TIMEOUT_MS)
    expect(_country_filter(doomed)).to_contain_text(country_name, timeout=TIMEOUT_MS)
    _go_to(doomed, "Map")
    _expect_map_of(doomed, n_places)
    new_map = doomed.frame(url=re.compile(r"streamlit_folium"))
    assert new_map is not None and new_map.evaluate("window.__drawnBeforeTheFailover") is None
    expect(_country_filter(doomed)).to_contain_text(country_name)
    expect(doomed.get_by_text("Showing your uploaded data")).to_have_count(0)  # a session of its own
    expect(doomed.locator("[data-testid='stException']")).to_have_count(0)
    assert doomed.evaluate("window.__notReloaded === true"), "the page was reloaded"

    # The surviving replica's reader lost nothing: same session (the upload is still shown, on a
    # page it had not opened yet), same map, no reload, no error.
    assert _replica_of(survivor_ctx, lb) == survivor_replica
    expect_places(survivor, len(UPLOADED))
    assert survivor_map.evaluate("window.__sameMap === true"), "the survivor's map was reloaded"
    _go_to(survivor, "Stations")
    expect(survivor.get_by_role("heading", name="Stations").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(banner).to_be_visible(timeout=TIMEOUT_MS)
    expect(survivor.locator("[data-testid='stException']")).to_have_count(0)
    assert survivor.evaluate("window.__notReloaded === true"), "the survivor's page was reloaded"
    assert real_console_errors(survivor.console_errors) == []  # type: ignore[attr-defined]


def test_deploy_md_documents_the_haproxy_config_the_replica_test_runs() -> None:
    config = "\n".join(line.split("#")[0] for line in HAPROXY_CONFIG.read_text().splitlines())  # not the comments
    deploy = (ROOT / "DEPLOY.md").read_text()
    assert "`deploy/haproxy.cfg`" in deploy and "tests/e2e/test_replicas.py" in deploy
    # The command line DEPLOY.md gives sets exactly the variables the file reads.
    variables = set(re.findall(r'"\$\{(\w+)\}"', config))
    command = next(line for line in deploy.splitlines() if line.endswith("haproxy -f deploy/haproxy.cfg"))
    assert variables == set(re.findall(r"(\w+)=\S+", command)) == {"OSM_BIND", *SERVERS.values()}
    # Every directive DEPLOY.md quotes is in the file, as quoted.
    prose = re.sub(r"```.*?```", "", deploy, flags=re.S)
    quoted = [q for q in re.findall(r"`([^`]+)`", prose) if re.match(r"(cookie|timeout|option|retries|server) ", q)]
    assert len(quoted) >= 5
    for directive in quoted:
        pattern = r"\s+".join(".*?" if w == "…" else re.escape(w) for w in directive.split())
        assert re.search(pattern, config), directive
    if Path(HAPROXY).exists():  # the file parses, with addresses
        env = {**os.environ, "OSM_BIND": "127.0.0.1:1", "OSM_REPLICA_A": "127.0.0.1:2", "OSM_REPLICA_B": "127.0.0.1:3"}
        check = subprocess.run([HAPROXY, "-c", "-f", str(HAPROXY_CONFIG)], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
