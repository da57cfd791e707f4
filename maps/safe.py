"""Escaping for the HTML that Python writes into a folium map: the in-map source box, the
legend, the standalone file's texts.

The markers' popups and tooltips are not written here: static/js/stations-map.js builds them from
the atlas and the view message with DOM text nodes, so data text is never parsed as HTML there.
What Python writes still goes through folium's templates, which place some HTML inside a
JavaScript template literal (backticks): a data field holding ``${...}`` would run as script, and
a backslash before a backtick escapes folium's own backtick handling; the st_folium iframe shares
the app's origin, so such a script would reach the whole app. So every data string is escaped for
HTML, then the three characters that mean something in a template literal are replaced by HTML
entities: the browser still shows them as written.
"""

from __future__ import annotations

import html

from loaders.urls import http_url

_TEMPLATE_LITERAL_ENTITIES = {"`": "&#96;", "$": "&#36;", "\\": "&#92;"}


def escape_text(value: object) -> str:
    """``value`` as text that is inert both as HTML and inside a JS template literal."""
    text = html.escape("" if value is None else str(value), quote=True)
    for char, entity in _TEMPLATE_LITERAL_ENTITIES.items():
        text = text.replace(char, entity)
    return text


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) with a host, else None (javascript:, data:, relative...):
    loaders.urls.http_url, the project's one link rule."""
    return http_url(url)


def link(url: object, text: object, title: object = None) -> str:
    """An escaped link opening in a new tab, or the escaped text alone if the URL is not http(s)."""
    href = safe_url(url)
    if href is None:
        return escape_text(text)
    hover = f' title="{escape_text(title)}"' if title else ""
    return f'<a href="{escape_text(href)}"{hover} target="_blank" rel="noopener noreferrer">{escape_text(text)}</a>'


def optional_text(value: object) -> str | None:
    """A data field's text, or None when it is missing: None, NaN (pandas' missing value,
    which is truthy and prints as "nan") or blank."""
    if isinstance(value, str):
        return value.strip() or None
    return None
