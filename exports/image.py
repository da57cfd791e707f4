"""Publication images (PNG, SVG, PDF) of the places on the map, drawn on the server.

geopandas + matplotlib over the bundled Natural Earth 1:50m outlines: no browser, no
network, no font download (matplotlib ships DejaVu Sans), and the same input gives the
same bytes, so an image can be regenerated for a correction and compared.

Projection: plain longitude/latitude with the y axis stretched by 1/cos(mid latitude),
as geopandas does for geographic data; it keeps the bounds in degrees and is right
enough at the regional scale most exports are made at.

Legend: only the statuses present among the places drawn, in vocabulary order, and the
"Country only" marker only when a country-level place is drawn; a legend listing colours
that are not on the map sends readers looking for them. It goes to the corner where it
covers the fewest markers.

Names: each station city beside its marker where it fits, else at the end of a leader line,
else left out (biggest places first, never overlapping; each candidate spot is a box tested by
arithmetic, and only the names kept are drawn); then, where room is left, the
countries and cities of the offline basemap's gazetteer (exports.gazetteer) at the scale the
interactive map would show them. A world-scale view gets a Europe inset (as locator maps do),
where Europe's crowded cities can be read and named.

Size: outlines are simplified to the output's pixel grid, so a 16:9 world SVG stays under 600 KB.
"""

from __future__ import annotations

import io
import math
import textwrap
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import geopandas as gpd
import matplotlib
from matplotlib.artist import Artist
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure  # not pyplot: no global figure state, safe in Streamlit threads
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox, IdentityTransform

from i18n import DEFAULT_LANGUAGE, translate
from i18n.names import country_name, place_name, region_name
from loaders.geography import clamp_lat, points_extent
from loaders.vocab import STATUS_BY_KEY, STATUSES
from maps.basemap import world_outlines
from maps.style import marker_diameter, text_colour

from .fonts import font_family, needs_cjk
from .framing import INCOMPLETE_VIEW_MESSAGE, WORLD_BOUNDS, IncompleteViewError, country_body_bounds, region_of
from .gazetteer import equivalent_zoom, read_places

ImageFormat = Literal["png", "svg", "pdf"]
Background = Literal["light", "dark", "transparent"]
Bounds = tuple[float, float, float, float]  # (min lon, min lat, max lon, max lat)

NATURAL_EARTH_CREDIT = "Outlines and place names: Natural Earth"
MM_PER_INCH = 25.4
# Matplotlib truncates the figure's pixel size (int(inches * dpi)); a hundredth of a pixel
# more keeps floating-point error from losing one (113 px at 100 dpi: 113 / 100 * 100 = 112.99999999999999).
PIXEL_EPSILON = 0.01


@dataclass(frozen=True)
class Preset:
    """An output size: pixels at scale 1, the dpi that maps them to inches (text sizes are in
    points, so inches decide how big text looks), and an exact PDF page when there is one."""

    key: str
    width_px: int
    height_px: int
    dpi: float = 100.0
    page_mm: tuple[float, float] | None = None

    @property
    def page_inches(self) -> tuple[float, float]:
        if self.page_mm is not None:
            return (self.page_mm[0] / MM_PER_INCH, self.page_mm[1] / MM_PER_INCH)
        return (self.width_px / self.dpi, self.height_px / self.dpi)


PRESETS: dict[str, Preset] = {
    "16:9": Preset("16:9", 1200, 675),
    "1:1": Preset("1:1", 1080, 1080),
    "4:5": Preset("4:5", 1080, 1350),
    # A4 landscape at 150 dpi: 297 x 210 mm -> 1754 x 1240 px; the PDF page is the exact A4 size.
    "a4-landscape": Preset("a4-landscape", 1754, 1240, dpi=150.0, page_mm=(297.0, 210.0)),
}


def custom_preset(width_px: int, height_px: int) -> Preset:
    """A preset of any size (at 100 dpi), for the "custom" choice."""
    if not (100 <= width_px <= 6000 and 100 <= height_px <= 6000):
        raise ValueError(f"custom size {width_px}x{height_px} px: each side must be 100..6000 px")
    return Preset("custom", int(width_px), int(height_px))


def resolve_preset(preset: str | Preset | tuple[int, int]) -> Preset:
    """A preset key, a Preset, or a (width, height) pair in pixels."""
    if isinstance(preset, Preset):
        return preset
    if isinstance(preset, tuple):
        return custom_preset(*preset)
    try:
        return PRESETS[preset]
    except KeyError:
        known = ", ".join(PRESETS)
        raise ValueError(f"unknown preset {preset!r}; expected one of {known} or (width, height)") from None


@dataclass(frozen=True)
class ImageText:
    """Text burned into the image. Each part can be switched off; see ``ImageText.plain()``."""

    title: str = ""
    subtitle: str = ""
    source_line: str = ""
    data_as_of: str = ""
    credit: str = ""
    attribution: str = NATURAL_EARTH_CREDIT
    show_title: bool = True
    show_subtitle: bool = True
    show_source: bool = True
    show_data_as_of: bool = True
    show_credit: bool = True
    show_attribution: bool = True

    @classmethod
    def plain(cls) -> ImageText:
        """No burned-in text at all: for designers who set their own."""
        return cls(
            show_title=False,
            show_subtitle=False,
            show_source=False,
            show_data_as_of=False,
            show_credit=False,
            show_attribution=False,
        )

    def header_lines(self) -> tuple[str, str]:
        return (self.title if self.show_title else "", self.subtitle if self.show_subtitle else "")

    def footer_parts(self, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
        """(left, right) of the footer: what the data is and when; who made it and the outlines."""
        left = [
            self.source_line if self.show_source else "",
            self.data_as_of_text(lang) if self.show_data_as_of else "",
        ]
        right = [self.credit if self.show_credit else "", self.attribution if self.show_attribution else ""]
        return (" · ".join(p for p in left if p), " · ".join(p for p in right if p))

    def data_as_of_text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """ "Data as of <date>" in ``lang`` (the catalogue's words around the date as given)."""
        if not self.data_as_of:
            return ""
        if lang == DEFAULT_LANGUAGE and self.data_as_of.lower().startswith("data as of"):
            return self.data_as_of
        return translate("data_as_of", lang, date=self.data_as_of)


@dataclass(frozen=True)
class Theme:
    figure: str  # "none" is transparent
    land: str
    border: str
    text: str
    muted: str
    legend_face: str
    marker_edge: str
    hollow_face: str
    halo: str  # behind label text, so names read over outlines and borders


THEMES: dict[str, Theme] = {
    "light": Theme("#ffffff", "#e6e3dc", "#ffffff", "#1a1a1a", "#555555", "#ffffff", "#222222", "#ffffffd9", "#ffffff"),
    "dark": Theme("#15181c", "#343a42", "#15181c", "#f2f2f2", "#b8b8b8", "#15181c", "#f2f2f2", "#15181cd9", "#15181c"),
    # Transparent: land stays a light neutral grey so the map reads on the designer's own background.
    "transparent": Theme(
        "none", "#d9d6cf", "#ffffff", "#1a1a1a", "#555555", "#ffffff", "#222222", "#ffffffd9", "#ffffff"
    ),
}


@dataclass(frozen=True)
class Words:
    """The language an image is drawn in (i18n): its words, and the fonts that draw them
    (exports.fonts: DejaVu Sans, then the Noto CJK face of Chinese, Japanese or Korean).

    The family goes to every text drawn: rcParams are set once for the process (RC_PARAMS), so a
    Japanese render beside an English one in another session changes nothing for it."""

    lang: str = DEFAULT_LANGUAGE
    family: tuple[str, ...] = ("DejaVu Sans",)

    @classmethod
    def of(cls, lang: str) -> Words:
        """Raises exports.fonts.MissingFontError when the language's font is not installed."""
        return cls(lang, tuple(font_family(lang)))

    @property
    def font(self) -> dict[str, Any]:
        return {"fontfamily": list(self.family)}

    @property
    def wide(self) -> bool:
        """Chinese, Japanese and Korean: a character is about one em wide, and lines break anywhere."""
        return needs_cjk(self.lang)

    def status(self, key: str) -> str:
        return STATUS_BY_KEY[key].label if self.lang == DEFAULT_LANGUAGE else translate(f"status.{key}", self.lang)


ENGLISH = Words()


# --- basemap -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _outlines() -> gpd.GeoSeries:
    """Natural Earth 1:50m countries, split at ±180°, read once per process."""
    outlines: gpd.GeoDataFrame = world_outlines("50m")
    return outlines.geometry


def outlines_in_view(bounds: Bounds, tolerance_deg: float = 0.0) -> gpd.GeoSeries:
    """See _outlines_in_view; the key is rounded so that a re-render (preview, then download) reuses the cut."""
    return _outlines_in_view(tuple(round(b, 4) for b in bounds), round(tolerance_deg, 5))  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def _outlines_in_view(bounds: Bounds, tolerance_deg: float) -> gpd.GeoSeries:
    """The countries cut to ``bounds`` plus a margin, simplified to ``tolerance_deg``.

    Cutting keeps a regional SVG or PDF small; simplifying to the output's resolution (about
    half a pixel, see _draw_map) keeps a world one small: the whole world at 1:50m is ~2 MB of
    SVG path data, mostly coastline detail finer than a pixel.
    """
    margin = 2.0  # degrees: the cut edge and its stroke stay outside the picture
    clipped = _outlines().clip_by_rect(bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin)
    clipped = clipped[~clipped.is_empty]
    if tolerance_deg > 0:
        clipped = clipped.simplify(tolerance_deg, preserve_topology=True)
        clipped = clipped[~clipped.is_empty]
    return clipped


# --- geometry of the view ------------------------------------------------------------------

MIN_SPAN_DEG = (12.0, 8.0)  # (lon, lat): a single city still shows its neighbours
PAD_FRACTION = 0.12  # room around the outermost markers for their radius and counts


def fit_bounds(places_gdf: gpd.GeoDataFrame) -> Bounds:
    """The places' extent, padded and at least MIN_SPAN_DEG wide; the world if there are none.

    A place known only by its country stands for anywhere in it: the extent takes in that
    country's main body (framing.country_body_bounds), so no station of it is cropped away
    (southern Italy and Sicily in a square Italy image)."""
    extent = points_extent(places_gdf)
    if extent is None:
        return WORLD_BOUNDS
    minx, miny, maxx, maxy = extent
    if "location_precision" in places_gdf:
        codes = places_gdf.loc[places_gdf["location_precision"] == "country", "country_code"]
        for body in filter(None, (country_body_bounds(str(c)) for c in set(codes.dropna()))):
            minx, miny, maxx, maxy = min(minx, body[0]), min(miny, body[1]), max(maxx, body[2]), max(maxy, body[3])
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max((maxx - minx) * (1 + 2 * PAD_FRACTION), MIN_SPAN_DEG[0]) / 2
    half_h = max((maxy - miny) * (1 + 2 * PAD_FRACTION), MIN_SPAN_DEG[1]) / 2
    return (
        max(cx - half_w, WORLD_BOUNDS[0]),
        clamp_lat(cy - half_h),
        min(cx + half_w, WORLD_BOUNDS[2]),
        clamp_lat(cy + half_h),
    )


def expand_to_box(bounds: Bounds, box_w_in: float, box_h_in: float) -> Bounds:
    """``bounds`` grown in one direction so that, drawn in a box of that size, a degree of
    latitude is 1/cos(mid latitude) degrees of longitude long. The map then fills the
    whole box: no empty bands between the map and the title or footer."""
    aspect = lat_aspect(bounds)
    w_deg, h_deg = bounds[2] - bounds[0], bounds[3] - bounds[1]
    cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    box_ratio = box_h_in / box_w_in
    if h_deg * aspect / w_deg < box_ratio:
        h_deg = w_deg * box_ratio / aspect
    else:
        w_deg = h_deg * aspect / box_ratio
    return (cx - w_deg / 2, cy - h_deg / 2, cx + w_deg / 2, cy + h_deg / 2)


def check_bounds(bounds: Bounds) -> None:
    """Reject bounds that are incomplete, in the wrong order or out of range (a lat/lon swap
    shows up here). Incomplete ones (a None or NaN edge, as a map reports before it has drawn)
    raise framing.IncompleteViewError, a ValueError that says what to do."""
    try:
        values = tuple(bounds)
    except TypeError:
        raise IncompleteViewError(INCOMPLETE_VIEW_MESSAGE) from None
    if len(values) != 4 or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values
    ):
        raise IncompleteViewError(INCOMPLETE_VIEW_MESSAGE)
    minx, miny, maxx, maxy = values
    if not (-180 <= minx < maxx <= 360 and -90 <= miny < maxy <= 90):
        raise ValueError(f"bounds {bounds} must be (min lon, min lat, max lon, max lat) with min < max")


def lat_aspect(bounds: Bounds) -> float:
    """y/x scale that makes a degree of longitude as long as it is at the view's middle latitude."""
    mid = (bounds[1] + bounds[3]) / 2
    return 1 / max(math.cos(math.radians(mid)), 0.2)  # 0.2: no infinite stretch near the poles


# --- markers -----------------------------------------------------------------------------


PT_PER_PX = 12.0 / 22.0  # a one-station marker: 22 px on screen, 12 pt in print


def marker_diameter_pt(count: int) -> float:
    """The screen marker's size (maps.style.marker_diameter) in points: 12 pt for one station."""
    return marker_diameter(count) * PT_PER_PX


_CIRCLE = MarkerStyle("o").get_path().transformed(MarkerStyle("o").get_transform())  # scatter's "o"


def _draw_markers(ax: Any, places_gdf: gpd.GeoDataFrame, theme: Theme, font_scale: float) -> None:
    # Biggest first, so that a small place next to a big one stays visible on top of it.
    ordered = places_gdf[places_gdf.geometry.notna()].sort_values(["count", "label"], ascending=[False, True])
    for z, place in enumerate(ordered.itertuples(index=False)):
        colour = STATUS_BY_KEY[place.status].colour
        d = marker_diameter_pt(int(place.count)) * font_scale
        hollow = place.location_precision == "country"
        # What ax.scatter makes for one point, without its parsing of arrays, masks and colours
        # (a third of the markers' time); the view is set already, so no autoscaling either.
        marker = PathCollection(
            (_CIRCLE,),
            [d**2],  # areas in pt^2, as scatter's sizes
            facecolors=[theme.hollow_face if hollow else colour],
            edgecolors=[colour if hollow else theme.marker_edge],
            linewidths=(1.8 if hollow else 0.7) * font_scale,
            offsets=[(place.geometry.x, place.geometry.y)],
            offset_transform=ax.transData,
            linestyles="--" if hollow else "-",
            zorder=10 + 2 * z,
        )
        marker.set_transform(IdentityTransform())
        ax.add_collection(marker, autolim=False)
        if place.count > 1:
            ax.annotate(
                str(place.count),
                (place.geometry.x, place.geometry.y),
                ha="center",
                va="center_baseline",
                fontsize=max(6.0, d * 0.5),
                fontweight="bold",
                color=theme.text if hollow else text_colour(colour),
                zorder=11 + 2 * z,
                parse_math=False,
            )


def _legend_handles(
    ax: Any, places_gdf: gpd.GeoDataFrame, theme: Theme, font_scale: float, words: Words = ENGLISH
) -> list[Artist]:
    present = set(places_gdf["status"])
    size = marker_diameter_pt(1) * font_scale
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=size,
            markerfacecolor=s.colour,
            markeredgecolor=theme.marker_edge,
            markeredgewidth=0.7,
            label=words.status(s.key),
        )
        for s in STATUSES
        if s.key in present
    ]
    if (places_gdf["location_precision"] == "country").any():
        # A scatter handle, unlike Line2D, keeps the dashed edge of the map's hollow markers.
        handles.append(
            ax.scatter(
                [],
                [],
                s=size**2,
                c=[theme.hollow_face],
                edgecolors=[theme.muted],
                linewidths=1.6 * font_scale,
                linestyles="--",
                label=translate("legend.country_only", words.lang),
            )
        )
    return handles


# --- layout ----------------------------------------------------------------------------------

TITLE_PT, SUBTITLE_PT, FOOTER_PT = 20.0, 12.5, 8.5
MARGIN_IN = 0.28


def _wrap(text: str, width_in: float, size_pt: float, wide: bool = False) -> list[str]:
    """Wrap to the figure width: DejaVu Sans averages ~0.55 em per character, a CJK character one
    em (``wide``; textwrap breaks a line of them, which has no spaces, where it is full)."""
    if not text:
        return []
    chars = max(10 if wide else 20, int(width_in * 72 / (size_pt * (1.0 if wide else 0.55))))
    return textwrap.wrap(text, chars) or [text]


def _font_scale(width_in: float, height_in: float) -> float:
    """Text sized for a ~11 in wide canvas, shrunk or grown for much smaller or bigger ones."""
    return min(1.4, max(0.6, min(width_in, height_in * 1.6) / 11.0))


def _place_header(
    fig: Figure, text: ImageText, theme: Theme, w_in: float, h_in: float, k: float, words: Words = ENGLISH
) -> float:
    """Draw title and subtitle from the top; return the figure fraction where the map may start."""
    title, subtitle = text.header_lines()
    y_in = MARGIN_IN
    usable = w_in - 2 * MARGIN_IN
    for i, line in enumerate(_wrap(title, usable, TITLE_PT * k, words.wide)):
        y_in += TITLE_PT * k * (1.0 if i == 0 else 1.25) / 72
        fig.text(
            MARGIN_IN / w_in, 1 - y_in / h_in, line, fontsize=TITLE_PT * k, fontweight="bold", color=theme.text,
            parse_math=False, **words.font,
        )  # fmt: skip
    for line in _wrap(subtitle, usable, SUBTITLE_PT * k, words.wide):
        y_in += SUBTITLE_PT * k * 1.35 / 72
        fig.text(
            MARGIN_IN / w_in, 1 - y_in / h_in, line, fontsize=SUBTITLE_PT * k, color=theme.muted, parse_math=False,
            **words.font,
        )  # fmt: skip
    return 1.0 if y_in == MARGIN_IN else 1 - (y_in + 0.15) / h_in


def _place_footer(
    fig: Figure, text: ImageText, theme: Theme, w_in: float, h_in: float, k: float, words: Words = ENGLISH
) -> float:
    """Draw the source line (left) and credit (right) from the bottom; return where the map may end."""
    left, right = text.footer_parts(words.lang)
    if not left and not right:
        return 0.0
    usable = w_in - 2 * MARGIN_IN
    line_in = FOOTER_PT * k * 1.4 / 72
    right_lines = _wrap(right, usable * 0.35, FOOTER_PT * k, words.wide)
    left_lines = _wrap(left, usable * (0.62 if right else 1.0), FOOTER_PT * k, words.wide)
    for i, line in enumerate(reversed(left_lines)):
        fig.text(
            MARGIN_IN / w_in, (MARGIN_IN + i * line_in) / h_in, line, fontsize=FOOTER_PT * k, color=theme.muted,
            parse_math=False, **words.font,
        )  # fmt: skip
    for i, line in enumerate(reversed(right_lines)):
        fig.text(
            1 - MARGIN_IN / w_in,
            (MARGIN_IN + i * line_in) / h_in,
            line,
            fontsize=FOOTER_PT * k,
            color=theme.muted,
            ha="right",
            parse_math=False,
            **words.font,
        )
    lines = max(len(left_lines), len(right_lines))
    return (MARGIN_IN + lines * line_in + 0.08) / h_in


# The Agg canvas each figure was measured with, put back to save a PNG (see _renderer).
_MEASURING_CANVASES: weakref.WeakKeyDictionary[Figure, FigureCanvasAgg] = weakref.WeakKeyDictionary()


def _renderer(fig: Figure) -> Any:
    """An Agg renderer for measuring text and legends before saving (any format saves the same layout)."""
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    # Back to a canvas that cannot draw: geopandas' plot calls draw_idle, which on an Agg canvas
    # would draw the whole figure once more (the inset's outlines are plotted after this).
    FigureCanvasBase(fig)
    _MEASURING_CANVASES[fig] = canvas
    return renderer


def _canvas_to_save(fig: Figure, fmt: str, dpi: float) -> None:
    """Put back the Agg canvas the figure's text was measured with when a PNG is saved at the dpi it
    was measured at (a 1x PNG, the Export page's preview): its renderer keeps matplotlib's text
    metrics, which a new canvas would measure again for every text. Same pixels either way."""
    canvas = _MEASURING_CANVASES.pop(fig, None)
    if canvas is not None and fmt == "png" and dpi == fig.dpi:
        fig.set_canvas(canvas)


# Boxes in display pixels as plain tuples: placing labels compares thousands of candidates with
# hundreds of obstacles, and a matplotlib Bbox per box and per test cost more than the drawing.
Box = tuple[float, float, float, float]  # (x0, y0, x1, y1), x0 <= x1 and y0 <= y1


def _box(bbox: Bbox) -> Box:
    return (float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1))


def _padded(box: Box, pad: float) -> Box:
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def _overlaps(a: Box, b: Box) -> bool:
    """Bbox.overlaps: touching counts."""
    return not (b[2] < a[0] or b[0] > a[2] or b[3] < a[1] or b[1] > a[3])


def _overlaps_any(box: Box, others: list[Box]) -> bool:
    x0, y0, x1, y1 = box
    for o0, o1, o2, o3 in others:  # noqa: SIM110 - a plain loop: twice as fast as any() over a generator here
        if not (o2 < x0 or o0 > x1 or o3 < y0 or o1 > y1):
            return True
    return False


def _inside(box: Box, frame: Box) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


# (text, size, family, ha, va, dpi) -> the text's box around its anchor at (0, 0), for the
# process: fonts do not change while it runs, and the names repeat from one export to the next.
_TEXT_BOXES: dict[tuple[str, float, tuple[str, ...], str, str, float], Box] = {}
_TEXT_BOXES_MAX = 20_000  # ~2 MB; a hostile upload's million distinct names cannot grow it further


class _TextBoxes:
    """Where a one-line text would sit around its anchor, measured by matplotlib itself (one Text
    reused, never added to the figure): a candidate position is then plain arithmetic, with no
    annotation made, measured and removed per candidate. The box is exactly the one the drawn
    annotation has (Text.get_window_extent: the layout's box translated to the anchor)."""

    def __init__(self, fig: Figure, renderer: Any) -> None:
        self.dpi = float(fig.dpi)
        self.renderer = renderer
        self.text = Text(0.0, 0.0, "", parse_math=False, transform=IdentityTransform())
        self.text.set_figure(fig)

    def around(self, text: str, size: float, family: tuple[str, ...], ha: str, va: str) -> Box:
        key = (text, size, family, ha, va, self.dpi)
        box = _TEXT_BOXES.get(key)
        if box is None:
            t = self.text
            t.set_text(text)
            t.set_fontsize(size)
            t.set_fontfamily(list(family))
            t.set_horizontalalignment(ha)
            t.set_verticalalignment(va)
            box = _box(t.get_window_extent(self.renderer))
            if len(_TEXT_BOXES) >= _TEXT_BOXES_MAX:
                _TEXT_BOXES.clear()
            _TEXT_BOXES[key] = box
        return box

    def at(self, text: str, size: float, family: tuple[str, ...], ha: str, va: str, x: float, y: float) -> Box:
        """The box of ``text`` anchored at display point (x, y)."""
        b = self.around(text, size, family, ha, va)
        return (b[0] + x, b[1] + y, b[2] + x, b[3] + y)


def _offset_anchor(x0: float, y0: float, ox_pt: float, oy_pt: float, px_per_pt: float) -> tuple[float, float]:
    """The display point of an annotation's text at ``(ox_pt, oy_pt)`` "offset points" from (x0, y0),
    computed as matplotlib's offset transform does (scale, then translate), so boxes match exactly."""
    return (px_per_pt * ox_pt + 0.0 * oy_pt + x0, 0.0 * ox_pt + px_per_pt * oy_pt + y0)


def _marker_boxes(ax: Any, places_gdf: gpd.GeoDataFrame, font_scale: float) -> list[tuple[str, Box]]:
    """(place id, display box) of every drawn marker."""
    px_per_pt = ax.figure.dpi / 72
    out = []
    for place in places_gdf[places_gdf.geometry.notna()].itertuples(index=False):
        x, y = ax.transData.transform((place.geometry.x, place.geometry.y))
        r = marker_diameter_pt(int(place.count)) * font_scale / 2 * px_per_pt
        out.append((place.place_id, (float(x - r), float(y - r), float(x + r), float(y + r))))
    return out


def _covered(box: Box, marker_boxes: list[tuple[str, Box]]) -> int:
    return sum(1 for _, m in marker_boxes if _overlaps(box, m))


LEGEND_CORNERS = ("lower left", "lower right", "upper left", "upper right")


def _draw_legend(
    ax: Any,
    places_gdf: gpd.GeoDataFrame,
    theme: Theme,
    k: float,
    renderer: Any,
    marker_boxes: list[tuple[str, Box]],
    avoid: list[Box],
    words: Words = ENGLISH,
) -> Box | None:
    """The legend in the corner where it covers the fewest markers (the first such corner)."""
    best: tuple[int, int] | None = None
    for i, corner in enumerate(LEGEND_CORNERS):
        legend = _make_legend(ax, places_gdf, theme, k, corner, words)
        box = _box(legend.get_window_extent(renderer))
        legend.remove()
        score = _covered(box, marker_boxes) * 10 + sum(1 for a in avoid if _overlaps(box, a))
        if best is None or score < best[0]:
            best = (score, i)
        if score == 0:
            break
    assert best is not None
    legend = _make_legend(ax, places_gdf, theme, k, LEGEND_CORNERS[best[1]], words)
    legend.set_zorder(100)
    return _box(legend.get_window_extent(renderer))


def _make_legend(
    ax: Any, places_gdf: gpd.GeoDataFrame, theme: Theme, k: float, corner: str, words: Words = ENGLISH
) -> Any:
    legend = ax.legend(
        handles=_legend_handles(ax, places_gdf, theme, k, words),
        title=translate("legend.heading", words.lang),
        loc=corner,
        prop={"family": list(words.family), "size": FOOTER_PT * k * 1.1},
        title_fontproperties={"family": list(words.family), "size": FOOTER_PT * k * 1.15},
        frameon=True,
        framealpha=0.9,
        facecolor=theme.legend_face,
        edgecolor="none",
        labelcolor=theme.text,
        borderpad=0.7,
    )
    legend.get_title().set_color(theme.text)
    for text in (legend.get_title(), *legend.get_texts()):
        text.set_parse_math(False)
    return legend


# --- labels ----------------------------------------------------------------------------------

LABEL_PT = FOOTER_PT * 1.05
# Beside the marker first (right, left, above, below, the diagonals), then further out with a
# leader line, in the same order of directions.
_NEAR = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
# Further out, a leader line in sixteen directions (every 22.5 degrees), nearest first.
_LEADER_DIRECTIONS = tuple(
    (math.cos(math.radians(a)), math.sin(math.radians(a)))
    for a in (0, 180, 90, 270, 45, 135, 315, 225, 22.5, 157.5, 337.5, 202.5, 67.5, 112.5, 292.5, 247.5)
)
_LEADER_DISTANCES_PT = (22.0, 36.0, 52.0, 72.0, 96.0)
MAX_LEADER_PLACES = 40  # on a world map leader lines would cross each other; labels are dropped instead
LEADER_CLEARANCE_PT = 7.0  # a label at the end of a leader line keeps this far from every other marker


def _align(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
    va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center_baseline"
    return ha, va


def place_label_text(place: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """A marker's name on an image: its city, or its country for a place known only by country;
    in ``lang``, the city from the gazetteer's names and the country from CLDR (i18n.names)."""
    code = getattr(place, "country_code", None)
    if place.location_precision == "city":
        return place_name(str(place.city), code, lang)
    if lang != DEFAULT_LANGUAGE and (translated := country_name(code, lang)):
        return translated
    return str(place.country) if isinstance(place.country, str) and place.country else str(place.label)


def _place_labels(
    ax: Any,
    places_gdf: gpd.GeoDataFrame,
    theme: Theme,
    k: float,
    marker_scale: float,
    renderer: Any,
    obstacles: list[Box],
    skip: frozenset[str] = frozenset(),
    tries: _Tries | None = None,
    marker_boxes: list[tuple[str, Box]] | None = None,
    words: Words = ENGLISH,
    measure: _TextBoxes | None = None,
) -> list[str]:
    """Every marker's name (a city, or the country of a place known only by country) next to it
    where it fits, else further out with a leader line whose label keeps clear of every other marker
    (so that it cannot be read as another marker's name), else left out; the biggest places first.
    Candidates are tested as boxes (the text measured once per size and alignment); only the label
    kept is drawn. ``obstacles`` gets the boxes of the labels drawn. Returns the names drawn (for tests)."""
    placed = places_gdf[places_gdf.geometry.notna() & places_gdf["location_precision"].isin(["city", "country"])]
    placed = placed[~placed["place_id"].isin(skip)].sort_values(["count", "label"], ascending=[False, True])
    measure = measure or _TextBoxes(ax.figure, renderer)
    frame = _box(ax.get_window_extent(renderer))
    size = LABEL_PT * k
    px_per_pt = ax.figure.dpi / 72
    clearance = LEADER_CLEARANCE_PT * k * px_per_pt
    boxes = marker_boxes if marker_boxes is not None else _marker_boxes(ax, places_gdf, marker_scale)
    # A soft box rather than a stroked halo: path effects turn SVG text into glyph outlines (big, not editable).
    halo = {"boxstyle": "round,pad=0.12", "facecolor": theme.halo, "edgecolor": "none", "alpha": 0.75}
    leaders = len(placed) <= MAX_LEADER_PLACES
    drawn = []
    for place in placed.itertuples(index=False):
        xy = (place.geometry.x, place.geometry.y)
        x, y = ax.transData.transform(xy)
        if not (frame[0] <= x <= frame[2] and frame[1] <= y <= frame[3]):
            continue
        others = [b for pid, b in boxes if pid != place.place_id] if leaders else []
        r_pt = marker_diameter_pt(int(place.count)) * marker_scale / 2
        candidates = [((r_pt + 2.5) * dx, (r_pt + 2.5) * dy, False) for dx, dy in _NEAR]
        if leaders:
            for dist in _LEADER_DISTANCES_PT:
                for dx, dy in _LEADER_DIRECTIONS:
                    candidates.append(((r_pt + dist * k) * dx, (r_pt + dist * k) * dy, True))
        name = place_label_text(place, words.lang)
        # A crowded spot (a long name in an inset) gets a second chance in smaller type.
        attempts = [(size, ox, oy, leader) for ox, oy, leader in candidates]
        attempts += [(size * 0.8, ox, oy, leader) for ox, oy, leader in candidates[: len(_NEAR) * 3]]
        for font_size, ox, oy, leader in attempts:
            if tries is not None and not tries.take():
                return drawn  # the budget is spent: the places left (the smallest) go unnamed
            ha, va = _align(ox, oy)
            tx, ty = _offset_anchor(x, y, ox, oy, px_per_pt)
            box = _padded(measure.at(name, font_size, words.family, ha, va, tx, ty), 1.5)  # the text alone
            if not _inside(box, frame) or (leader and _overlaps_any(_padded(box, clearance), others)):
                continue
            if _overlaps_any(box, obstacles):
                continue
            ax.annotate(
                name,
                xy,
                xytext=(ox, oy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=font_size,
                color=theme.text,
                bbox=halo,
                zorder=90,
                annotation_clip=False,
                parse_math=False,
                **words.font,
            )
            if leader:
                ax.annotate(
                    "",
                    xy,
                    xytext=(ox, oy),
                    textcoords="offset points",
                    arrowprops={
                        "arrowstyle": "-",
                        "color": theme.muted,
                        "linewidth": 0.7 * k,
                        "shrinkA": 0.0,
                        "shrinkB": r_pt,
                    },
                    zorder=89,
                    annotation_clip=False,
                    parse_math=False,
                )
            obstacles.append(box)
            drawn.append(name)
            break
    return drawn


COUNTRY_NAMES_MAX_ZOOM = 7  # as static/js/labels.js: closer in, the city names say enough


def _place_context(
    ax: Any,
    places_gdf: gpd.GeoDataFrame,
    view: Bounds,
    width_px: float,
    theme: Theme,
    k: float,
    renderer: Any,
    obstacles: list[Box],
    tries: _Tries | None = None,
    words: Words = ENGLISH,
    measure: _TextBoxes | None = None,
) -> list[str]:
    """Country names and other cities from the basemap's gazetteer, where they fit between the
    stations' markers and names: the same names the offline map shows at this scale (the zoom is
    worked out from the image's width at 100 dpi). Returns the names drawn (for tests)."""
    zoom = equivalent_zoom(view[2] - view[0], width_px)
    gazetteer = read_places()
    measure = measure or _TextBoxes(ax.figure, renderer)
    frame = _box(ax.get_window_extent(renderer))
    px_per_pt = ax.figure.dpi / 72
    station_cities = [
        (p.geometry.x, p.geometry.y) for p in places_gdf.itertuples(index=False) if p.location_precision == "city"
    ]
    drawn = []
    for kind in ("countries", "cities"):
        if kind == "countries" and zoom > COUNTRY_NAMES_MAX_ZOOM:
            continue
        for place in gazetteer[kind]:
            if place.min_zoom > zoom + 0.5:  # half a zoom step: an image is read closer than a screen
                continue
            if not (view[0] <= place.lon <= view[2] and view[1] <= place.lat <= view[3]):
                continue
            if kind == "cities" and any(
                abs(place.lon - x) < 0.3 and abs(place.lat - y) < 0.3 for x, y in station_cities
            ):
                continue  # a station city is named by its own label
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
            offset = (0.0, 0.0) if country else (3.5 * k, 0.0)
            ha = "center" if country else "left"
            font_size = LABEL_PT * k * (0.85 if country else 0.8)
            x, y = ax.transData.transform((place.lon, place.lat))
            tx, ty = _offset_anchor(x, y, *offset, px_per_pt)
            box = _padded(measure.at(shown, font_size, words.family, ha, "center_baseline", tx, ty), 2)
            if not _inside(box, frame) or _overlaps_any(box, obstacles):
                continue
            ax.annotate(
                shown,
                (place.lon, place.lat),
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va="center_baseline",
                fontsize=font_size,
                color=theme.muted,
                alpha=0.8 if country else 0.9,
                zorder=6,
                annotation_clip=False,
                parse_math=False,
                **words.font,
            )
            if not country:
                ax.scatter([place.lon], [place.lat], s=(2.2 * k) ** 2, c=[theme.muted], linewidths=0, zorder=6)
            obstacles.append(box)
            drawn.append(shown if words.lang != DEFAULT_LANGUAGE else place.name)
    return drawn


# --- the Europe inset ------------------------------------------------------------------------

INSET_REGION = "Europe"
INSET_MIN_PLACES = 3  # fewer European places read well enough on the world map itself
INSET_WHEN_WIDER_THAN_DEG = 150.0  # only world-scale views get an inset
INSET_SIZE = (0.27, 0.46)  # fraction of the map's width and height
# Lower-left corners of the candidate spots (fractions of the map box); the one covering the fewest
# markers wins. The Indian Ocean and the South Pacific are empty on a world map.
INSET_SPOTS = ((0.60, 0.02), (0.71, 0.02), (0.02, 0.02), (0.36, 0.02), (0.71, 0.52))


def _wants_inset(view: Bounds, places_gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    if view[2] - view[0] < INSET_WHEN_WIDER_THAN_DEG or not len(places_gdf):
        return None
    region = places_gdf[[region_of(c) == INSET_REGION for c in places_gdf["country_code"]]]
    return region if len(region) >= INSET_MIN_PLACES else None


def _draw_inset(
    fig: Figure,
    ax: Any,
    region_places: gpd.GeoDataFrame,
    theme: Theme,
    k: float,
    px_per_in: float,
    renderer: Any,
    marker_boxes: list[tuple[str, Box]],
    avoid: list[Box],
    tries: _Tries | None = None,
    words: Words = ENGLISH,
    measure: _TextBoxes | None = None,
) -> Box:
    """Europe at a readable scale in an inset box, its frame outlined on the world map."""
    frame = ax.get_window_extent(renderer)
    w, h = frame.width * INSET_SIZE[0], frame.height * INSET_SIZE[1]

    def spot_box(spot: tuple[float, float]) -> Box:
        return _box(Bbox.from_bounds(frame.x0 + spot[0] * frame.width, frame.y0 + spot[1] * frame.height, w, h))

    scores = [(_covered(spot_box(s), marker_boxes) * 10 + sum(1 for a in avoid if _overlaps(spot_box(s), a)), i)
              for i, s in enumerate(INSET_SPOTS)]  # fmt: skip
    box = Bbox.from_extents(*spot_box(INSET_SPOTS[min(scores)[1]]))
    fig_w, fig_h = fig.bbox.width, fig.bbox.height
    inset = fig.add_axes((box.x0 / fig_w, box.y0 / fig_h, box.width / fig_w, box.height / fig_h), zorder=50)
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor(theme.legend_face if theme.figure == "none" else theme.figure)
    for spine in inset.spines.values():
        spine.set_edgecolor(theme.muted)
        spine.set_linewidth(0.8 * k)
    marker_scale = k * 0.8
    view = expand_to_box(fit_bounds(region_places), box.width / fig.dpi, box.height / fig.dpi)
    tolerance = (view[2] - view[0]) / (box.width / fig.dpi * px_per_in) * SIMPLIFY_PX
    outlines = outlines_in_view(view, tolerance)
    if len(outlines):
        outlines.plot(ax=inset, color=theme.land, edgecolor=theme.border, linewidth=0.3 * k, zorder=1, aspect=None)
    inset.set_xlim(view[0], view[2])
    inset.set_ylim(view[1], view[3])
    inset.set_xlabel("")  # geopandas labels geographic axes; an inset needs none
    inset.set_ylabel("")
    _draw_markers(inset, region_places, theme, marker_scale)
    inset.text(
        0.03, 0.97, region_name(INSET_REGION, words.lang), transform=inset.transAxes, ha="left", va="top",
        fontsize=FOOTER_PT * k * 1.1, fontweight="bold", color=theme.text, zorder=95, parse_math=False, **words.font,
    )  # fmt: skip
    ax.add_patch(
        Rectangle(
            (view[0], view[1]), view[2] - view[0], view[3] - view[1], fill=False, edgecolor=theme.muted,
            linewidth=0.8 * k, linestyle="--", zorder=5,
        )
    )  # fmt: skip
    boxes = _marker_boxes(inset, region_places, marker_scale)
    obstacles = [b for _, b in boxes]
    _place_labels(
        inset, region_places, theme, k * 0.9, marker_scale, renderer, obstacles, tries=tries, marker_boxes=boxes,
        words=words, measure=measure,
    )  # fmt: skip
    return _box(box)


SIMPLIFY_PX = 0.8  # outline simplification tolerance, in output pixels


def _draw_map(
    fig: Figure,
    rect: tuple[float, float, float, float],
    places_gdf: gpd.GeoDataFrame,
    bounds: Bounds,
    theme: Theme,
    k: float,
    show_legend: bool,
    px_per_in: float,
    labels: bool = True,
    inset: bool = True,
    tries: _Tries | None = None,
    words: Words = ENGLISH,
) -> None:
    tries = tries or _Tries(DOWNLOAD_BUDGET)
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    fig_w_in, fig_h_in = fig.get_size_inches()
    box_w_in, box_h_in = rect[2] * fig_w_in, rect[3] * fig_h_in
    view = expand_to_box(bounds, box_w_in, box_h_in)
    # Most of an output pixel: finer detail is invisible, and a 16:9 world SVG stays under 600 KB.
    tolerance = (view[2] - view[0]) / (box_w_in * px_per_in) * SIMPLIFY_PX
    outlines = outlines_in_view(view, tolerance)
    if len(outlines):
        outlines.plot(ax=ax, color=theme.land, edgecolor=theme.border, linewidth=0.35 * k, zorder=1, aspect=None)
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    _draw_markers(ax, places_gdf, theme, k)
    if not len(places_gdf) or not (show_legend or labels or inset):
        return
    renderer = _renderer(fig)
    measure = _TextBoxes(fig, renderer)
    marker_boxes = _marker_boxes(ax, places_gdf, k)
    reserved: list[Box] = []
    if show_legend:
        legend_box = _draw_legend(ax, places_gdf, theme, k, renderer, marker_boxes, reserved, words)
        if legend_box is not None:
            reserved.append(legend_box)
    region = _wants_inset(view, places_gdf) if inset else None
    skip: frozenset[str] = frozenset()
    if region is not None:
        reserved.append(
            _draw_inset(fig, ax, region, theme, k, px_per_in, renderer, marker_boxes, reserved, tries, words, measure)
        )
        skip = frozenset(region["place_id"])
    if labels:
        obstacles = [*reserved, *(b for _, b in marker_boxes)]
        _place_labels(ax, places_gdf, theme, k, k, renderer, obstacles, skip, tries, marker_boxes, words, measure)
        _place_context(ax, places_gdf, view, box_w_in * 100.0, theme, k, renderer, obstacles, tries, words, measure)


# --- the public function ------------------------------------------------------------------

# Set once for the process (the app draws nothing else with matplotlib): rcParams are global, and
# setting them per render (rc_context) would need every render to wait for the one before it.
RC_PARAMS: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib: no system fonts, no download
    "svg.fonttype": "none",  # text stays text in SVG: editable, searchable, testable
    "svg.hashsalt": "overseas-stations",  # fixed ids -> identical SVG for identical input
    "svg.id": "overseas-stations-map",
    "pdf.fonttype": 42,  # TrueType: text stays editable in Illustrator/Inkscape
    "path.simplify": True,
    "text.parse_math": False,  # "$5m and $10m" is money, not maths (each text call says so too)
}
matplotlib.rcParams.update(RC_PARAMS)

# A PNG's pixels: the 3x A4 preset is 19.6 megapixels; 6000 x 6000 at 3x would be 324 (1.3 GB of RGBA to draw).
MAX_OUTPUT_PIXELS = 40_000_000


@dataclass(frozen=True)
class RenderBudget:
    """How much work one image may take: the label placements tried (each a text drawn and
    measured; 10 000 labelled places took 144 s untried). Deterministic, unlike a time limit: the
    same input gives the same image. A preview gets a small budget, a download a larger one."""

    label_tries: int = 6_000


PREVIEW_BUDGET = RenderBudget(label_tries=1_500)
DOWNLOAD_BUDGET = RenderBudget()


class _Tries:
    def __init__(self, budget: RenderBudget) -> None:
        self.left = budget.label_tries

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


METADATA: dict[str, dict[str, Any]] = {
    # Dates left out so identical input gives identical bytes.
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}


def check_image_options(
    *,
    fmt: str = "png",
    preset: str | Preset | tuple[int, int] = "16:9",
    scale: int = 1,
    background: str = "light",
    bounds: Bounds | None = None,
    **_: Any,
) -> Preset:
    """The preset, if render_map_image can make an image with these options; ValueError saying why
    not otherwise (a page can say so before anything is drawn). Other options are ignored."""
    if fmt not in METADATA:
        raise ValueError(f"unknown format {fmt!r}; expected png, svg or pdf")
    if scale not in (1, 2, 3):
        raise ValueError(f"scale must be 1, 2 or 3, got {scale!r}")
    if background not in THEMES:
        raise ValueError(f"unknown background {background!r}; expected {', '.join(THEMES)}")
    if bounds is not None:
        check_bounds(bounds)
    size = resolve_preset(preset)
    pixels = size.width_px * size.height_px * scale**2
    if fmt == "png" and pixels > MAX_OUTPUT_PIXELS:
        raise ValueError(
            f"{size.width_px * scale}×{size.height_px * scale} px is {pixels / 1e6:.0f} megapixels: at most "
            f"{MAX_OUTPUT_PIXELS / 1e6:.0f}; choose a smaller size or scale (or SVG or PDF)"
        )
    return size


def render_map_image(
    places_gdf: gpd.GeoDataFrame,
    *,
    fmt: ImageFormat = "png",
    preset: str | Preset | tuple[int, int] = "16:9",
    scale: int = 1,
    background: Background = "light",
    bounds: Bounds | None = None,
    text: ImageText | None = None,
    show_legend: bool = True,
    labels: bool = True,
    inset: bool = True,
    budget: RenderBudget = DOWNLOAD_BUDGET,
    lang: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The map of ``places_gdf`` (loaders.aggregate_places output) as PNG, SVG or PDF bytes.

    A PNG is exactly ``width*scale x height*scale`` pixels; SVG and PDF have the preset's size
    in points (A4 presets: the exact A4 page) and ``scale`` does not change them. ``bounds``
    None fits the places (the world when there are none). ``text`` None is a plain map.
    ``labels``: city names beside their markers where they fit (leader lines where they do
    not). ``inset``: a world-scale view gets a Europe inset when Europe has places. ``budget``:
    the work labels may take (the biggest places are labelled first). ``lang``: the language of
    the words the image draws itself (legend, "data as of", country and city names; the text's
    title, subtitle and source line are drawn as given), in its fonts (exports.fonts; a missing
    CJK font raises MissingFontError). A PNG of more than MAX_OUTPUT_PIXELS is refused (ValueError).
    """
    size = check_image_options(fmt=fmt, preset=preset, scale=scale, background=background, bounds=bounds)
    theme = THEMES[background]
    words = Words.of(lang)
    text = text if text is not None else ImageText.plain()
    if fmt == "pdf":
        w_in, h_in = size.page_inches
    else:
        w_in, h_in = (size.width_px + PIXEL_EPSILON) / size.dpi, (size.height_px + PIXEL_EPSILON) / size.dpi
    k = _font_scale(w_in, h_in)
    # rcParams are set once for the process (RC_PARAMS): renders of several sessions run side by side.
    fig = Figure(figsize=(w_in, h_in), dpi=size.dpi, facecolor=theme.figure)
    top = _place_header(fig, text, theme, w_in, h_in, k, words)
    bottom = _place_footer(fig, text, theme, w_in, h_in, k, words)
    _draw_map(
        fig,
        (0.0, bottom, 1.0, top - bottom),
        places_gdf,
        bounds or fit_bounds(places_gdf),
        theme,
        k,
        show_legend,
        px_per_in=size.dpi * (scale if fmt == "png" else 1),  # vectors: the 1x pixel grid
        labels=labels,
        inset=inset,
        tries=_Tries(budget),
        words=words,
    )
    buffer = io.BytesIO()
    _canvas_to_save(fig, fmt, size.dpi * scale)
    fig.savefig(
        buffer,
        format=fmt,
        dpi=size.dpi * scale,
        facecolor=theme.figure,
        transparent=background == "transparent",
        metadata=METADATA[fmt],
    )
    return buffer.getvalue()
