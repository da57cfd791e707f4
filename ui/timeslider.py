"""Time as an axis on the Map page: scrub, step or play the "as of" date month by month.

It moves the sidebar's "as of" filter (so the URL holds the date and every page follows);
markers recolour in place as statuses change, and stations appear when they were reported.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from loaders import Dataset
from loaders.filters import as_of_bounds
from loaders.timeline import month_steps, step_for

AS_OF_KEY = "filter_as_of"  # the sidebar's date box (ui.filters)
PLAY_STEP_S = 1.5  # seconds a month stays on screen while playing: time to see the colours change
_PLAYING = "_time_playing"


def _steps(dataset: Dataset) -> list[date]:
    first, today = as_of_bounds(dataset)
    return month_steps(first, today)


def _label(steps: list[date], n: int) -> str:
    return "today" if n == len(steps) - 1 else steps[n].strftime("%b %Y")


def _go(steps: list[date], n: int) -> None:
    n = max(0, min(len(steps) - 1, n))
    st.session_state[AS_OF_KEY] = None if n == len(steps) - 1 else steps[n]


def time_slider(dataset: Dataset) -> None:
    steps = _steps(dataset)
    now = step_for(st.session_state.get(AS_OF_KEY), steps)
    st.session_state["time_step"] = now
    # A keyed container: on a phone its columns stay on one row (ui.frame's CSS names the key).
    play, back, slider, forward = st.container(key="time_controls").columns([2, 1, 12, 1], vertical_alignment="bottom")
    playing = bool(st.session_state.get(_PLAYING))
    play.button(
        "⏸ Pause" if playing else "▶ Play",
        key="time_play",
        on_click=_toggle_play,
        args=(steps,),
        help="Play the months from the first report to today.",
    )
    back.button("◀", key="time_back", on_click=_go, args=(steps, now - 1), help="One month back")
    slider.select_slider(
        "As of",
        options=list(range(len(steps))),
        format_func=lambda n: _label(steps, n),
        key="time_step",
        on_change=lambda: _go(steps, st.session_state["time_step"]),
        help="What was public at the end of that month: stations reported by then, status as of then.",
    )
    forward.button("▶", key="time_forward", on_click=_go, args=(steps, now + 1), help="One month on")
    if playing:
        st.fragment(run_every=PLAY_STEP_S)(_tick)(steps)


def _toggle_play(steps: list[date]) -> None:
    playing = not st.session_state.get(_PLAYING)
    st.session_state[_PLAYING] = playing
    if playing and step_for(st.session_state.get(AS_OF_KEY), steps) == len(steps) - 1:
        _go(steps, 0)  # from the start when it was at today


def _tick(steps: list[date]) -> None:
    if not st.session_state.get(_PLAYING):
        return
    now = step_for(st.session_state.get(AS_OF_KEY), steps)
    if now >= len(steps) - 1:
        st.session_state[_PLAYING] = False
    else:
        _go(steps, now + 1)
    st.rerun(scope="app")
