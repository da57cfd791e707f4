"""The app's pages, listed once: app.py registers them, the tests run every one of them.

Each page's file name differs from its URL path on purpose. With a ``pages/`` folder beside
the entry point, Streamlit starts a fresh server (and every AppTest run) in its legacy
multipage mode, where ``pages/stations.py`` would own the URL path ``stations``: a first
visit to ``/stations`` then ran the page script without the frame in app.py (no data, no
filters). Distinct names leave every URL to ``st.navigation``. A test keeps it so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # relative to the project root
    title: str
    icon: str
    url_path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/map_view.py", "Map", ":material/map:", "map", default=True),
    PageSpec("pages/station_table.py", "Stations", ":material/table:", "stations"),
    PageSpec("pages/reaction_timeline.py", "Reactions", ":material/account_balance:", "reactions"),
    PageSpec("pages/export_tools.py", "Export", ":material/download:", "export"),
    PageSpec("pages/about_method.py", "About & method", ":material/info:", "about"),
)
