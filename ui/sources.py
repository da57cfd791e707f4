"""The sources as a table, written once: the Country page's and the About page's list of sources
and the "main source" columns of the Stations and Reactions pages (the place panel lists its
sources as the popup does, with archive links: ui/panels.py).

A link column shows http(s) URLs only (loaders.urls via maps.safe.safe_url); another URL is left
empty rather than rendered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from loaders import Dataset
from loaders.evidence import source_kind_text
from maps.safe import safe_url
from ui.caching import cached
from ui.frame import View

# The table's link column reads "open"; a main-source column shows the site's name.
LINK_COLUMN = st.column_config.LinkColumn("Link", display_text="open")
MAIN_SOURCE_COLUMN = st.column_config.LinkColumn("Main source", display_text=r"https?://(?:www\.)?([^/]+)")


def sources_frame(view: View, source_ids: Sequence[str]) -> pd.DataFrame:
    """One row per source: title, publisher, date, link, kind (and what it is a copy of), accessed.
    Made once per data version and list of sources (the About page lists all of them; read-only)."""
    return _sources_frame(view.dataset, tuple(source_ids))


@cached
def _sources_frame(dataset: Dataset, source_ids: tuple[str, ...]) -> pd.DataFrame:
    src = dataset.sources.loc[list(source_ids)]
    return pd.DataFrame(
        {
            "Title": src["title"].to_list(),
            "Publisher": src["publisher"].to_list(),
            "Published": src["published"].to_list(),
            "Link": [safe_url(u) for u in src["url"]],
            "Kind": [source_kind_text(k, c) for k, c in zip(src["kind"], src["copy_of"], strict=True)],
            "Accessed": src["accessed"].to_list(),
            "Copy of": [
                ", ".join(str(c.get(k)) for k in ("publisher", "title", "published") if c.get(k))
                if isinstance(c, dict)
                else ""
                for c in src["copy_of"]
            ],
        }
    )


def sources_table(view: View, source_ids: Sequence[str]) -> None:
    """The sources ``source_ids`` as a table with their links."""
    st.dataframe(sources_frame(view, source_ids), hide_index=True, width="stretch", column_config={"Link": LINK_COLUMN})


def main_sources(dataset: Dataset, source_lists: Iterable[Sequence[str]]) -> dict[str, list[Any]]:
    """For each record's list of sources, its first (main) source, as columns: "Main source" (its
    http(s) URL or None, for MAIN_SOURCE_COLUMN), "Source kind" and "Accessed"."""
    firsts = dataset.sources.loc[[sources[0] for sources in source_lists]]
    return {
        "Main source": [safe_url(u) for u in firsts["url"]],
        "Source kind": [source_kind_text(k, c) for k, c in zip(firsts["kind"], firsts["copy_of"], strict=True)],
        "Accessed": firsts["accessed"].to_list(),
    }
