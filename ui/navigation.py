"""The app's pages, listed once: app.py registers them, the tests run every one of them.

Each page's file is named after its URL path (pages/stations.py is /stations). With a ``pages/``
folder beside the entry point, a fresh Streamlit server (and every AppTest run) starts in its
legacy multipage mode, where /stations runs pages/stations.py by itself, without app.py;
``ui.frame.current_view`` then runs app.py, which draws the frame and this page through
``st.navigation``. Were the names different, the legacy mode would answer a first visit to
/stations with a "Page not found" dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.country_profile import PANEL_PARAM
from loaders.permalinks import PLACE_KEYS


@dataclass(frozen=True)
class PageSpec:
    script: str  # relative to the project root
    title: str
    icon: str
    url_path: str
    default: bool = False
    # The query parameters the page reads besides the filters: the sidebar does not call them unknown.
    link_params: tuple[str, ...] = ()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/map.py", "Map", ":material/map:", "map", default=True, link_params=PLACE_KEYS),
    PageSpec("pages/stations.py", "Stations", ":material/table:", "stations"),
    PageSpec("pages/reactions.py", "Reactions", ":material/account_balance:", "reactions"),
    PageSpec("pages/country.py", "Country", ":material/flag:", "country", link_params=(PANEL_PARAM,)),
    PageSpec("pages/export.py", "Export", ":material/download:", "export"),
    PageSpec("pages/upload.py", "Your data", ":material/upload_file:", "upload"),
    PageSpec("pages/about.py", "About & method", ":material/info:", "about"),
    PageSpec("pages/dictionary.py", "Data dictionary", ":material/menu_book:", "dictionary"),
    PageSpec("pages/correct.py", "Suggest a correction", ":material/edit_note:", "correct"),
)
