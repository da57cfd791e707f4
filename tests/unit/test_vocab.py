"""The status colours stay apart for readers with a colour-vision deficiency."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert

from loaders.vocab import STATUSES

MIN_DISTANCE = 10.0  # CAM02-UCS units: ~10 is clearly different at a glance; Okabe-Ito's closest pair is ~11


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


@pytest.mark.parametrize("vision", [None, "protanomaly", "deuteranomaly", "tritanomaly"])
def test_every_pair_of_status_colours_stays_apart_under_simulated_colour_blindness(vision: str | None) -> None:
    seen = {}
    for status in STATUSES:
        rgb = _rgb(status.colour)
        if vision is not None:  # full severity: protanopia, deuteranopia, tritanopia
            cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
            rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
        seen[status.label] = cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    close = [
        (a, b, round(float(np.linalg.norm(seen[a] - seen[b])), 1))
        for a, b in itertools.combinations(seen, 2)
        if np.linalg.norm(seen[a] - seen[b]) < MIN_DISTANCE
    ]
    assert close == []


def test_every_status_has_its_own_colour() -> None:
    assert len({s.colour.lower() for s in STATUSES}) == len(STATUSES)
