"""A single HTML file of the current map that opens from disk with no network at all.

The app's map points at vendored assets under /app/static (served by Streamlit). A file
sent to an editor or archived with a story has no server behind it, so every script and
stylesheet is inlined, leaflet.css's images become data: URIs, and the country outlines
are embedded in the map script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import mimetypes
import re
from datetime import date
from functools import lru_cache
from typing import Any

import geopandas as gpd
from branca.element import Element

from i18n import DEFAULT_LANGUAGE, language_of, translate
from loaders import aggregate_places
from loaders.dataset import Dataset
from maps.assets import EMBED, PLACES, STATIC_DIR, Assets, asset_path
from maps.basemap import outlines_geojson
from maps.build import MapText, make_base_map, make_station_layer, view_for_places

from .citation import data_version
from .filenames import slugify
from .language import data_as_of_date, default_source_line
from .tables import stations_csv

BASEMAP_SCALE = "110m"  # ~450 KiB inline; 1:50m would triple the file for detail a browser map rarely needs

_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="(?P<url>[^"]+)"[^>]*>\s*</script>', re.IGNORECASE)
_STYLESHEET = re.compile(r'<link\b[^>]*\bhref="(?P<url>[^"]+\.css)"[^>]*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\((?P<quote>['\"]?)(?P<url>[^)'\"]+)(?P=quote)\)")
# Anything that would still load from elsewhere once inlining is done.
_EXTERNAL_LOAD = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=|@import", re.IGNORECASE)


class StandaloneExportError(RuntimeError):
    """The HTML would still need a server or the network: an asset was not inlined."""


@lru_cache(maxsize=1)
def _inline_basemap() -> dict[str, Any]:
    # Cached: rounding ~240 countries' coordinates takes a noticeable fraction of a second.
    return outlines_geojson(BASEMAP_SCALE)


@lru_cache(maxsize=1)
def _inline_places() -> dict[str, Any]:
    return json.loads(asset_path(PLACES).read_text(encoding="utf-8"))


def _local_file(url: str, assets: Assets) -> str:
    """The path under static/ for a vendored asset URL; anything else is an error."""
    prefix = assets.prefix.rstrip("/") + "/"
    if not url.startswith(prefix):
        raise StandaloneExportError(f"{url} is not a vendored asset under {prefix}: it would need the network")
    relative = url[len(prefix) :]
    path = asset_path(relative).resolve()
    if STATIC_DIR.resolve() not in path.parents or not path.is_file():
        raise StandaloneExportError(f"{url} does not name a file under static/")
    return relative


def _data_uri(relative: str) -> str:
    mime = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(asset_path(relative).read_bytes()).decode()}"


def _inline_css(relative: str) -> str:
    """The stylesheet with its relative url(...) images as data: URIs.

    leaflet.css names layers.png (layer control) and the default marker icons; the map
    uses DivIcons and no layer control, but inlining the few KiB keeps every rule working.
    Fragment references such as url(#default#VML) are left alone.
    """
    css = asset_path(relative).read_text(encoding="utf-8")
    folder = relative.rsplit("/", 1)[0]

    def replace(match: re.Match[str]) -> str:
        url = match.group("url")
        if url.startswith(("#", "data:")):
            return match.group(0)
        if "://" in url or url.startswith("/"):
            raise StandaloneExportError(f"{relative} refers to {url}, which would need the network")
        return f'url("{_data_uri(f"{folder}/{url}")}")'

    return _CSS_URL.sub(replace, css).replace("</style", "<\\/style")


def _inline_js(relative: str) -> str:
    # "</script" inside the code would end the inline element early.
    return asset_path(relative).read_text(encoding="utf-8").replace("</script", "<\\/script")


def inline_assets(page: str, assets: Assets | None = None) -> str:
    """``page`` with every vendored <script src> and stylesheet <link> replaced by its contents."""
    assets = assets or Assets()
    # Replacement functions (not strings) so backslashes in the code are not read as escapes.
    page = _SCRIPT_SRC.sub(lambda m: f"<script>{_inline_js(_local_file(m.group('url'), assets))}</script>", page)
    page = _STYLESHEET.sub(lambda m: f"<style>{_inline_css(_local_file(m.group('url'), assets))}</style>", page)
    return page


def external_loads(page: str) -> list[str]:
    """Tags in ``page`` outside popups that would make the browser fetch something.

    Links inside popups (<a href>, the sources) load nothing until clicked and are allowed.
    """
    return [m.group(0) for m in _EXTERNAL_LOAD.finditer(page)]


# The map's height follows the page's width, so the embed reports a height that suits the story's
# column (the frame's parent sets the iframe to it); "plain" (?plain in the file's address) hides the chrome.
_EMBED_CSS = """<style>
html, body { height: auto !important; }
.folium-map { height: clamp(360px, 62vw, 640px) !important; }
.osm-embed-footer { font: 12px/1.4 sans-serif; color: #444; padding: 6px 8px; }
.osm-plain .osm-legend, .osm-plain .osm-source, .osm-plain .osm-embed-footer,
.osm-plain .leaflet-control-scale { display: none !important; }
</style>"""


def data_link(data: bytes) -> str:
    """A data: URL of ``data`` (the filtered CSV inside the file: its "get the data" link needs no server)."""
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


_EMBED_ID = re.compile(r'<html\b[^>]*\bdata-embed-id="([0-9a-f]{12})"[^>]*>')


def embed_id_of(page: str | bytes) -> str:
    """The embed id a standalone map carries (``<html lang="…" data-embed-id="…">``), or "" if none."""
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    match = _EMBED_ID.search(text[:4096])
    return match.group(1) if match else ""


def embed_snippet(file_url: str, title: str, embed_id: str, height: int = 600) -> str:
    """HTML to paste into a story page: an iframe of the standalone file that takes the height the
    file reports (see static/js/embed.js), like Datawrapper and pym.js embeds. The listener resizes
    only its own iframe: the message must come from that iframe's window and carry the file's embed
    id, so another frame on the page (an advert, another embed) cannot resize it or be resized."""
    safe_url = html.escape(file_url, quote=True)
    safe_title = html.escape(title, quote=True)
    safe_id = re.sub(r"[^0-9a-f]", "", embed_id)
    return (
        f'<iframe src="{safe_url}" title="{safe_title}" style="width:100%;border:0" height="{height}" '
        f'loading="lazy" scrolling="no" data-overseas-stations="{safe_id}"></iframe>\n'
        "<script>(function(){var id='" + safe_id + "';window.addEventListener('message',function(e){"
        "var d=e.data,h=d&&d['overseas-stations-height'];"
        "if(typeof h!=='number'||!isFinite(h)||h<50||h>20000||d.id!==id)return;"
        "document.querySelectorAll('iframe[data-overseas-stations=\"'+id+'\"]').forEach(function(f){"
        "if(f.contentWindow===e.source)f.height=String(Math.ceil(h));});});})();</script>"
    )


def standalone_map_html(
    dataset: Dataset,
    stations_gdf: gpd.GeoDataFrame,
    *,
    title: str,
    as_of: date | None = None,
    source_line: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The filtered map as one self-contained HTML document (outline basemap, no camera button).

    ``lang`` (i18n): the language of everything the file says itself: ``<html lang>``, the legend,
    the source box, the popups' words, status names, section titles, event types, place names, the
    footer. The data's own words (summaries, quotes, an upload's credit) stay as written.
    Raises StandaloneExportError if anything would still load from a server.
    """
    # An upload's own line, never the bundled data's; the bundled data's in the language.
    source_line = source_line or default_source_line(dataset, lang)
    as_of_text = data_as_of_date(dataset, as_of, lang)
    m = make_base_map(
        tiles="outline",
        inline_basemap=_inline_basemap(),
        inline_places=_inline_places(),
        camera=False,
        text=MapText(source_line=source_line, data_as_of=as_of_text, lang=lang),
        view=view_for_places(aggregate_places(stations_gdf)),  # opens on what was exported
        lang=lang,
    )
    make_station_layer(dataset, stations_gdf, as_of=as_of, lang=lang).add_to(m)
    m.default_js = [*m.default_js, ("embed", Assets().url(EMBED))]
    root = m.get_root()
    root.title = html.escape(title)  # branca writes the title into <title> unescaped
    root.header.add_child(Element(_EMBED_CSS), name="embed_css")
    csv_link = data_link(stations_csv(dataset, stations_gdf))
    csv_name = f"{slugify(title)[:60] or 'overseas-stations'}.csv"
    version = (
        f"data version {data_version(dataset)}"
        if lang == DEFAULT_LANGUAGE
        else translate("data_version", lang, version=data_version(dataset))
    )
    root.html.add_child(
        Element(
            f'<div class="osm-embed-footer">{html.escape(source_line)} · {html.escape(version)} · '
            f'<a href="{csv_link}" download="{html.escape(csv_name)}">{html.escape(translate("get_data", lang))}</a>'
            "</div>"
        ),
        name="embed_footer",
    )
    page = inline_assets(root.render())
    embed_id = hashlib.sha256(page.encode()).hexdigest()[:12]
    # The document's language (screen readers, hyphenation, a CJK font's regional forms): a BCP 47 tag of ours.
    page = page.replace("<html>", f'<html lang="{html.escape(language_of(lang))}" data-embed-id="{embed_id}">', 1)
    leftovers = external_loads(page)
    if leftovers:
        raise StandaloneExportError(f"the standalone map would still load: {leftovers[:3]}")
    # A provenance comment: the file says which data it was made from even if renamed.
    safe_title = html.escape(title).replace("--", "&#45;&#45;")  # "--" would end the comment early
    stamp = f"<!-- {safe_title} · data version {data_version(dataset)} · data as of {as_of_text} -->\n"
    return page.replace("<!DOCTYPE html>\n", "<!DOCTYPE html>\n" + stamp, 1)
