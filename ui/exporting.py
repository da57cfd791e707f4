"""Cached wrappers around the pure exporters, keyed on what decides their output.

A re-render with the same data version, stations and options comes from the cache (ui.caching:
shared for the server's data, this session's own for an upload): a journalist flipping between
the preview and the download does not wait twice. A preview is drawn within a small budget
(exports.image.PREVIEW_BUDGET); a download's full render runs only when its button is pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from exports import render_map_image, standalone_map_html
from exports.image import DOWNLOAD_BUDGET, PREVIEW_BUDGET, RenderBudget
from exports.language import language_choices
from i18n import DEFAULT_LANGUAGE
from loaders import Dataset, Filters, aggregate_places, select_stations, view_link
from loaders.permalinks import LANG_PARAM, link_language
from ui.caching import cached, dataset_key, store_for
from ui.frame import md


def map_image(dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None, **options: Any) -> bytes:
    """``exports.render_map_image`` of these stations; ``options`` are its keyword arguments (part of the key)."""
    del checksum  # the cache's key has the dataset's version already
    return _map_image(dataset, ids, as_of, tuple(sorted(options.items())))


def map_preview(dataset: Dataset, ids: tuple[str, ...], as_of: date | None, **options: Any) -> bytes:
    """A 1x PNG of the map for the page, drawn within PREVIEW_BUDGET."""
    return map_image(
        dataset, dataset.checksum, ids, as_of, **{**options, "fmt": "png", "scale": 1, "budget": PREVIEW_BUDGET}
    )


def deferred_map_image(
    dataset: Dataset, ids: tuple[str, ...], as_of: date | None, **options: Any
) -> Callable[[], bytes]:
    """The full image as a download button's data: drawn (within DOWNLOAD_BUDGET) when the button is
    pressed, on Streamlit's own thread, and kept like map_image."""
    store = store_for(dataset)  # looked up now: the callable runs where there is no session state
    chosen = tuple(sorted({**options, "budget": DOWNLOAD_BUDGET}.items()))
    key = (__name__, "_map_image", dataset_key(dataset), (ids, as_of, chosen), ())
    return lambda: store.get_or_compute(key, lambda: _render(dataset, ids, as_of, chosen))


@cached
def _map_image(
    dataset: Dataset, ids: tuple[str, ...], as_of: date | None, options: tuple[tuple[str, Any], ...]
) -> bytes:
    return _render(dataset, ids, as_of, options)


def _render(dataset: Dataset, ids: tuple[str, ...], as_of: date | None, options: tuple[tuple[str, Any], ...]) -> bytes:
    chosen = dict(options)
    budget = chosen.pop("budget", DOWNLOAD_BUDGET)
    assert isinstance(budget, RenderBudget)
    return render_map_image(aggregate_places(select_stations(dataset, ids, as_of)), budget=budget, **chosen)


def standalone_html(
    dataset: Dataset, checksum: str, ids: tuple[str, ...], as_of: date | None, title: str, lang: str = "en"
) -> bytes:
    del checksum
    return _standalone_html(dataset, ids, as_of, title, lang)


@cached
def _standalone_html(dataset: Dataset, ids: tuple[str, ...], as_of: date | None, title: str, lang: str) -> bytes:
    page = standalone_map_html(dataset, select_stations(dataset, ids, as_of), title=title, as_of=as_of, lang=lang)
    return page.encode("utf-8")


LANG_KEY = "exp_lang"  # the Export page's language box
_LANG_NOTICES = "_exp_lang_notices"


def export_language() -> str:
    """The Export page's language box: it opens on the link's ``?lang=`` (a value it cannot use is
    said in a notice, never a crash), then keeps the reader's choice, which the page's address
    carries (``?lang=de``), so a shared link opens the export in the same language."""
    if LANG_KEY not in st.session_state:  # first drawing on this visit to the page: the link decides
        lang, notices = link_language({LANG_PARAM: st.query_params.get_all(LANG_PARAM)})
        st.session_state[LANG_KEY] = lang
        st.session_state[_LANG_NOTICES] = notices
    for notice in st.session_state.pop(_LANG_NOTICES, ()):
        st.warning(md(notice), icon=":material/translate:")  # it quotes the link: shown as written
    choices = language_choices()
    lang = st.selectbox(
        "Language of the export",
        list(choices),
        format_func=lambda code: choices[code],
        key=LANG_KEY,
        help="Every word the image and the embeddable map draw (title and subtitle defaults, legend, statuses, "
        "dates, country and city names, popups) follows it. The translations are drafts awaiting a native "
        "speaker's review (i18n/README.md).",
    )
    wanted = [] if lang == DEFAULT_LANGUAGE else [lang]
    if st.query_params.get_all(LANG_PARAM) != wanted:
        if wanted:
            st.query_params[LANG_PARAM] = lang
        else:
            del st.query_params[LANG_PARAM]
    return lang


def export_link(filters: Filters, lang: str) -> str:
    """This export's shareable link: the filters and, unless English, the language."""
    return view_link(filters, st.context.url, {LANG_PARAM: lang} if lang != DEFAULT_LANGUAGE else None)
