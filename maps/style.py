"""The map's look, written once: the app's map, the standalone HTML and the image exports read it."""

from __future__ import annotations

import math

# (west, south, east, north) of the world as drawn: no Antarctica (not drawn); Fiji and Chukotka kept.
WORLD_BOUNDS = (-170.0, -58.0, 190.0, 80.0)


def text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on ``hex_colour`` (relative luminance)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if luminance > 0.45 else "#fff"


def marker_diameter(count: int) -> int:
    """22 px for one station, growing with the count (count ** 0.4) up to 56 px.

    Area proportional to the count would make Europe's clusters cover their neighbours;
    the number inside each marker gives the exact count.
    """
    return min(56, round(22 * math.sqrt(count) ** 0.8))
