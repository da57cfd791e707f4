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

from loaders.corrections import PARAMS as CORRECTION_PARAMS
from loaders.country_profile import PANEL_PARAM
from loaders.permalinks import LANG_PARAM, MAP_KEYS, REACTIONS_KEYS

# Streamlit draws its icons as Material Symbols ligatures: the icon's name is text in the page
# ("account_balance", "keyboard_arrow_right"), which a reader view, a copy or a text-only tool
# reads before the label. So the pages carry no icon, and a folding section's arrow is drawn by
# CSS: generated content with an empty alternative text ("/ ''") is in no text and no name.
ICON_CSS = """
<style>
[data-testid="stExpander"] summary [data-testid="stIconMaterial"] { display: none !important; }
[data-testid="stExpander"] summary > span::before {
  content: "›" / ""; display: inline-block; width: 1.25rem; margin-right: 0.25rem; text-align: center;
  font-size: 1.35rem; line-height: 1; transition: transform 0.15s;
}
[data-testid="stExpander"] details[open] > summary > span::before { transform: rotate(90deg); }
</style>
"""


@dataclass(frozen=True)
class PageSpec:
    script: str  # relative to the project root
    title: str
    url_path: str
    default: bool = False
    # The query parameters the page reads besides the filters: the sidebar does not call them unknown.
    link_params: tuple[str, ...] = ()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/map.py", "Map", "map", default=True, link_params=MAP_KEYS),
    PageSpec("pages/stations.py", "Stations", "stations"),
    PageSpec("pages/reactions.py", "Reactions", "reactions", link_params=REACTIONS_KEYS),
    PageSpec("pages/country.py", "Country", "country", link_params=(PANEL_PARAM,)),
    PageSpec("pages/export.py", "Export", "export", link_params=(LANG_PARAM,)),
    PageSpec("pages/upload.py", "Your data", "upload"),
    PageSpec("pages/about.py", "About & method", "about"),
    PageSpec("pages/dictionary.py", "Data dictionary", "dictionary"),
    PageSpec("pages/correct.py", "Suggest a correction", "correct", link_params=CORRECTION_PARAMS),
)
