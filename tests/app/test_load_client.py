"""The load-test client (bench/load.py) still speaks the pinned Streamlit's websocket protocol.

Behaviour only: it starts the app, reaches every page and finishes runs without errors. Its speed
figures are printed by the bench, never asserted here.
"""

from __future__ import annotations

import pytest

from bench.load import loopback_base, run_load
from bench.server import streamlit_server
from tests.conftest import FIXTURE, ROOT
from ui.navigation import PAGES


def test_the_load_client_views_every_page_of_the_app_without_errors() -> None:
    figures = run_load(ROOT / "app.py", {"OVERSEAS_STATIONS_DATA": str(FIXTURE)}, sessions=2, seconds=4)
    expected = {"" if p.default else p.url_path for p in PAGES}
    assert set(figures["pages"]) == expected, "pages discovered from the navigation message"
    assert figures["warm_up_errors"] == 0 and figures["errors"] == 0, figures["error_kinds"]
    assert figures["page_views"] > 0
    assert figures["rss_before_mb"] and figures["rss_after_mb"]


def test_new_visitors_open_a_new_session_for_every_page_view_and_the_server_cpu_is_counted() -> None:
    figures = run_load(
        ROOT / "app.py", {"OVERSEAS_STATIONS_DATA": str(FIXTURE)}, sessions=2, seconds=4, mode="new", alone_views=1
    )
    assert figures["mode"] == "new"
    assert figures["warm_up_errors"] == 0 and figures["errors"] == 0, figures["error_kinds"]
    assert figures["page_views"] > 0
    assert figures["connections"] == figures["page_views"], "one websocket (one session) per page view"
    assert figures["cpu_s"] > 0 and figures["cpu_s_per_view"] > 0
    for page, f in figures["per_page"].items():
        assert f["alone_views"] == 1 and f["alone_errors"] == 0, page
        assert f["cpu_s_alone"] is not None, page


def test_the_load_client_goes_to_a_running_server_on_loopback_only() -> None:
    assert loopback_base("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert loopback_base("http://localhost:8080/map") == "http://localhost:8080/map"
    for url in ("http://example.org:8080", "https://127.0.0.1:8080", "http://10.0.0.1", "http://127.0.0.1/?x=1"):
        with pytest.raises(ValueError, match="loopback only"):
            loopback_base(url)


def test_new_visitors_go_to_a_running_server_by_its_url_with_a_warm_up_per_replica() -> None:
    with streamlit_server(ROOT / "app.py", {"OVERSEAS_STATIONS_DATA": str(FIXTURE)}) as server:
        with pytest.raises(ValueError, match="not with url"):
            run_load(None, sessions=1, seconds=1, url=server.base, alone_views=1)
        figures = run_load(
            None, sessions=2, seconds=4, url=server.base + "/", mode="new", warm_ups=2, pids=(server.pid,)
        )
    assert figures["app"] == server.base + "/" and figures["mode"] == "new"
    assert figures["warm_up_errors"] == 0 and figures["errors"] == 0, figures["error_kinds"]
    assert figures["page_views"] > 0
    assert figures["connections"] == figures["page_views"], "one websocket (one session) per page view"
    assert figures["cpu_s"] > 0 and figures["rss_before_mb"], "the processes behind the URL, by their pids"
