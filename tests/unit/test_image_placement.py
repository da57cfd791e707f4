"""How the image exports place names cheaply (issue 17) without placing them differently.

The reference below is the placement as it was before (main at 2a18618): every candidate position
an annotation drawn, measured with the renderer and removed, its box tested against every obstacle
with matplotlib's Bbox. It is kept here, slow, as the regression reference: exports.image measures
a name once per size and alignment and tests candidates with plain arithmetic, and must choose the
same names at the same places for the bundled data."""

from __future__ import annotations

from datetime import date
from typing import Any

import geopandas as gpd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from exports import image, render_map_image
from exports.framing import Area, area_bounds, stations_in_area
from exports.gazetteer import equivalent_zoom, read_places
from exports.image import (
    _LEADER_DIRECTIONS,
    _LEADER_DISTANCES_PT,
    _NEAR,
    COUNTRY_NAMES_MAX_ZOOM,
    DEFAULT_LANGUAGE,
    ENGLISH,
    LABEL_PT,
    LEADER_CLEARANCE_PT,
    MAX_LEADER_PLACES,
    PREVIEW_BUDGET,
    _align,
    country_name,
    marker_diameter_pt,
    place_label_text,
    place_name,
)
from loaders import Dataset, Filters, aggregate_places, filter_stations


def reference_place_labels(
    ax: Any,
    places_gdf: gpd.GeoDataFrame,
    theme: Any,
    k: float,
    marker_scale: float,
    renderer: Any,
    obstacles: list,
    skip: frozenset[str] = frozenset(),
    tries: Any = None,
    marker_boxes: list | None = None,
    words: Any = ENGLISH,
    measure: Any = None,
) -> list[str]:
    """exports.image._place_labels as it was at 2a18618 (obstacles now come as plain boxes)."""
    placed = places_gdf[places_gdf.geometry.notna() & places_gdf["location_precision"].isin(["city", "country"])]
    placed = placed[~placed["place_id"].isin(skip)].sort_values(["count", "label"], ascending=[False, True])
    frame = ax.get_window_extent(renderer)
    size = LABEL_PT * k
    px_per_pt = ax.figure.dpi / 72
    boxes = marker_boxes if marker_boxes is not None else image._marker_boxes(ax, places_gdf, marker_scale)
    halo = {"boxstyle": "round,pad=0.12", "facecolor": theme.halo, "edgecolor": "none", "alpha": 0.75}
    leaders = len(placed) <= MAX_LEADER_PLACES
    drawn = []
    for place in placed.itertuples(index=False):
        xy = (place.geometry.x, place.geometry.y)
        x, y = ax.transData.transform(xy)
        if not frame.contains(x, y):
            continue
        others = [Bbox.from_extents(*b) for pid, b in boxes if pid != place.place_id]
        r_pt = marker_diameter_pt(int(place.count)) * marker_scale / 2
        candidates = [((r_pt + 2.5) * dx, (r_pt + 2.5) * dy, False) for dx, dy in _NEAR]
        if leaders:
            for dist in _LEADER_DISTANCES_PT:
                for dx, dy in _LEADER_DIRECTIONS:
                    candidates.append(((r_pt + dist * k) * dx, (r_pt + dist * k) * dy, True))
        name = place_label_text(place, words.lang)
        attempts = [(size, ox, oy, leader) for ox, oy, leader in candidates]
        attempts += [(size * 0.8, ox, oy, leader) for ox, oy, leader in candidates[: len(_NEAR) * 3]]
        for font_size, ox, oy, leader in attempts:
            if tries is not None and not tries.take():
                return drawn
            ha, va = _align(ox, oy)
            text = ax.annotate(
                name, xy, xytext=(ox, oy), textcoords="offset points", ha=ha, va=va, fontsize=font_size,
                color=theme.text, bbox=halo, zorder=90, annotation_clip=False, parse_math=False, **words.font,
            )  # fmt: skip
            box = text.get_window_extent(renderer).padded(1.5)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            clear = not leader or not any(box.padded(LEADER_CLEARANCE_PT * k * px_per_pt).overlaps(o) for o in others)
            if inside and clear and not any(box.overlaps(Bbox.from_extents(*o)) for o in obstacles):
                if leader:
                    ax.annotate(
                        "", xy, xytext=(ox, oy), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": theme.muted, "linewidth": 0.7 * k, "shrinkA": 0.0,
                                    "shrinkB": r_pt},
                        zorder=89, annotation_clip=False, parse_math=False,
                    )  # fmt: skip
                obstacles.append((box.x0, box.y0, box.x1, box.y1))
                drawn.append(name)
                break
            text.remove()
    return drawn


def reference_place_context(
    ax: Any,
    places_gdf: gpd.GeoDataFrame,
    view: Any,
    width_px: float,
    theme: Any,
    k: float,
    renderer: Any,
    obstacles: list,
    tries: Any = None,
    words: Any = ENGLISH,
    measure: Any = None,
) -> list[str]:
    """exports.image._place_context as it was at 2a18618 (obstacles now come as plain boxes)."""
    zoom = equivalent_zoom(view[2] - view[0], width_px)
    gazetteer = read_places()
    frame = ax.get_window_extent(renderer)
    station_cities = [
        (p.geometry.x, p.geometry.y) for p in places_gdf.itertuples(index=False) if p.location_precision == "city"
    ]
    drawn = []
    for kind in ("countries", "cities"):
        if kind == "countries" and zoom > COUNTRY_NAMES_MAX_ZOOM:
            continue
        for place in gazetteer[kind]:
            if place.min_zoom > zoom + 0.5:
                continue
            if not (view[0] <= place.lon <= view[2] and view[1] <= place.lat <= view[3]):
                continue
            if kind == "cities" and any(
                abs(place.lon - x) < 0.3 and abs(place.lat - y) < 0.3 for x, y in station_cities
            ):
                continue
            country = kind == "countries"
            if tries is not None and not tries.take():
                return drawn
            shown = (
                (country_name(place.country_code, words.lang) or place.name).upper()
                if country and words.lang != DEFAULT_LANGUAGE
                else place.name.upper()
                if country
                else place_name(place.name, place.country_code, words.lang)
            )
            text = ax.annotate(
                shown, (place.lon, place.lat), xytext=(0, 0) if country else (3.5 * k, 0), textcoords="offset points",
                ha="center" if country else "left", va="center_baseline",
                fontsize=LABEL_PT * k * (0.85 if country else 0.8), color=theme.muted, alpha=0.8 if country else 0.9,
                zorder=6, annotation_clip=False, parse_math=False, **words.font,
            )  # fmt: skip
            box = text.get_window_extent(renderer).padded(2)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if not inside or any(box.overlaps(Bbox.from_extents(*o)) for o in obstacles):
                text.remove()
                continue
            if not country:
                ax.scatter([place.lon], [place.lat], s=(2.2 * k) ** 2, c=[theme.muted], linewidths=0, zorder=6)
            obstacles.append((box.x0, box.y0, box.x1, box.y1))
            drawn.append(shown if words.lang != DEFAULT_LANGUAGE else place.name)
    return drawn


def drawn_figure(monkeypatch: pytest.MonkeyPatch, render: Any) -> Figure:
    """The figure ``render()`` saves (render_map_image draws one figure and saves it once)."""
    figures: list[Figure] = []
    save = Figure.savefig

    def keep(fig: Figure, *args: Any, **kwargs: Any) -> Any:
        figures.append(fig)
        return save(fig, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(Figure, "savefig", keep)
        render()
    assert len(figures) == 1
    return figures[0]


def names_and_places(fig: Figure) -> list[list[tuple[Any, ...]]]:
    """Per axes (the map, then the inset), every text drawn: what it says, the point it names, where
    its text sits from there, its size and alignment, and whether it ends a leader line."""
    return [
        [
            (
                t.get_text(),
                tuple(float(v) for v in getattr(t, "xy", t.get_position())),
                tuple(float(v) for v in getattr(t, "xyann", (0.0, 0.0))),
                round(t.get_fontsize(), 9),
                t.get_horizontalalignment(),
                t.get_verticalalignment(),
                getattr(t, "arrow_patch", None) is not None,
            )
            for t in ax.texts
        ]
        for ax in fig.axes
    ]


CASES = {
    # The Export page's preview (16:9, 1x, its small budget) for a link with no filter, one country and a date.
    "world preview": (Filters(), Area(), "16:9", "en", True),
    "NL preview": (Filters(countries=("NL",)), Area(), "16:9", "en", True),
    "as of 2023-06-01 preview": (Filters(as_of=date(2023, 6, 1)), Area(), "16:9", "en", True),
    # Downloads: a square Italy (country-only marker, leader lines), Europe, the world in Japanese.
    "IT 1:1": (Filters(countries=("IT",)), Area(), "1:1", "en", False),
    "Europe 4:5": (Filters(), Area("Europe"), "4:5", "en", False),
    "world ja": (Filters(), Area("world"), "16:9", "ja", False),
}


def render_case(bundled: Dataset, case: str) -> bytes:
    filters, area, preset, lang, preview = CASES[case]
    places = aggregate_places(stations_in_area(filter_stations(bundled, filters), area))
    budget = PREVIEW_BUDGET if preview else image.DOWNLOAD_BUDGET
    return render_map_image(places, preset=preset, bounds=area_bounds(area, places), lang=lang, budget=budget)


@pytest.mark.parametrize("case", list(CASES))
def test_the_names_drawn_and_their_places_are_the_slow_references(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    ours = names_and_places(drawn_figure(monkeypatch, lambda: render_case(bundled, case)))
    monkeypatch.setattr(image, "_place_labels", reference_place_labels)
    monkeypatch.setattr(image, "_place_context", reference_place_context)
    reference = names_and_places(drawn_figure(monkeypatch, lambda: render_case(bundled, case)))
    assert sum(len(texts) for texts in reference) > 10, "a case with names to place, or it proves nothing"
    assert ours == reference


def test_the_world_preview_makes_no_annotation_it_does_not_keep(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name's candidate positions are tried as boxes: only the names (and leader lines) drawn are
    annotations; before, each of the ~1 300 candidates of a world preview was one, made and removed."""
    made: list[Annotation] = []
    init = Annotation.__init__

    def counted(self: Annotation, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Annotation, "__init__", counted)
    fig = drawn_figure(monkeypatch, lambda: render_case(bundled, "world preview"))
    kept = [t for ax in fig.axes for t in ax.texts if isinstance(t, Annotation)]
    assert len(kept) > 40, "the world preview names its places"
    assert len(made) == len(kept)


def test_a_preview_saved_on_the_canvas_it_was_measured_with_has_the_bytes_of_a_fresh_one(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1x PNG is saved on the Agg canvas its names were measured with (its text metrics kept);
    the pixels are those of a canvas made for the saving, as matplotlib does by itself."""
    kept = render_case(bundled, "world preview")
    monkeypatch.setattr(image, "_canvas_to_save", lambda fig, fmt, dpi: None)
    assert render_case(bundled, "world preview") == kept
