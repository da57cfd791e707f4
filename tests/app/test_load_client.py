"""The load-test client (bench/load.py) still speaks the pinned Streamlit's websocket protocol.

Behaviour only: it starts the app, reaches every page and finishes runs without errors. Its speed
figures are printed by the bench, never asserted here.
"""

from __future__ import annotations

import pytest

from bench.load import loopback_base, run_load
from tests.conftest import FIXTURE, ROOT
from ui.navigation import PAGES


def test_the_load_client_views_every_page_of_the_app_without_errors() -> None:
    figures = run_load(ROOT / "app.py", {"OVERSEAS_STATIONS_DATA": str(FIXTURE)}, sessions=2, seconds=4)
    expected = {"" if p.default else p.url_path for p in PAGES}
    assert set(figures["pages"]) == expected, "pages discovered from the navigation message"
    assert figures["warm_up_errors"] == 0 and figures["errors"] == 0, figures["error_kinds"]
    assert figures["page_views"] > 0
    assert figures["rss_before_mb"] and figures["rss_after_mb"]


def test_the_load_client_goes_to_a_running_server_on_loopback_only() -> None:
    assert loopback_base("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert loopback_base("http://localhost:8080/map") == "http://localhost:8080/map"
    for url in ("http://example.org:8080", "https://127.0.0.1:8080", "http://10.0.0.1", "http://127.0.0.1/?x=1"):
        with pytest.raises(ValueError, match="loopback only"):
            loopback_base(url)
