"""Time as an axis on the Map page: scrub, step or play the "as of" date month by month.

The as-of date lives in one place, the sidebar's filter (ui.filters, mirrored in the URL), so
every page follows it. The slider, the step buttons and Play never write the date box's key
themselves: they ask for a date (``ui.filters.request_as_of``) that the next run applies before
the box is drawn. Play is a fragment that reruns every PLAY_STEP_S; each tick asks for the next
month and reruns the whole app, so the map recolours in place as statuses change and stations
appear when they were reported.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from loaders import Dataset
from loaders.filters import as_of_bounds
from loaders.timeline import month_steps, step_for
from ui.caching import cached
from ui.filters import AS_OF_KEY, request_as_of

PLAY_STEP_S = 1.5  # seconds a month stays on screen while playing: time to see the colours change
_PLAYING = "_time_playing"
_SLIDER = "time_step"
_ARMED = "_time_tick_armed"  # set by the fragment's first call, the one drawn with the page


def _steps(dataset: Dataset) -> list[date]:
    return _month_steps(dataset, date.today())


@cached
def _month_steps(dataset: Dataset, today: date) -> list[date]:
    """The slider's months, once per data version and day (read-only)."""
    first, last = as_of_bounds(dataset, today)
    return month_steps(first, last)


def _label(steps: list[date], n: int) -> str:
    return "today" if n == len(steps) - 1 else steps[n].strftime("%b %Y")


def _go(steps: list[date], n: int) -> None:
    """Show step ``n`` (clamped) from the next run on; the last step is "latest" (no date)."""
    n = max(0, min(len(steps) - 1, n))
    request_as_of(None if n == len(steps) - 1 else steps[n])


def _current(steps: list[date]) -> int:
    return step_for(st.session_state.get(AS_OF_KEY), steps)


def time_slider(dataset: Dataset) -> None:
    steps = _steps(dataset)
    now = _current(steps)
    st.session_state[_SLIDER] = now  # before the slider is drawn: it shows the filter's date
    # A keyed container: on a phone its columns stay on one row (ui.frame's CSS names the key).
    play, back, slider, forward = st.container(key="time_controls").columns([2, 1, 12, 1], vertical_alignment="bottom")
    playing = bool(st.session_state.get(_PLAYING))
    play.button(
        # "❚❚", not "⏸" (a missing glyph where no emoji font is installed: a box on issue 19's phone
        # screenshot), nor a Material icon (its ligature's name is read out: "play_arrow Play").
        "❚❚ Pause" if playing else "▶ Play",
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
        key=_SLIDER,
        on_change=lambda: _go(steps, st.session_state[_SLIDER]),
        help="What was public at the end of that month: stations reported by then, status as of then.",
    )
    forward.button("▶", key="time_forward", on_click=_go, args=(steps, now + 1), help="One month on")
    if playing:
        st.fragment(run_every=PLAY_STEP_S)(_tick)(steps)


def _toggle_play(steps: list[date]) -> None:
    playing = not st.session_state.get(_PLAYING)
    st.session_state[_PLAYING] = playing
    st.session_state.pop(_ARMED, None)
    if playing and _current(steps) == len(steps) - 1:
        _go(steps, 0)  # from the start when it was at today


def _tick(steps: list[date]) -> None:
    """One step of Play. Runs as a fragment, after the sidebar was drawn: it only asks for the next
    month and reruns the app. Its first call, drawn with the page, only arms it, so that each month
    stays on screen for PLAY_STEP_S."""
    if not st.session_state.get(_PLAYING):
        return
    if not st.session_state.pop(_ARMED, False):
        st.session_state[_ARMED] = True
        return
    now = _current(steps)
    if now >= len(steps) - 1:
        st.session_state[_PLAYING] = False
    else:
        _go(steps, now + 1)
    st.rerun(scope="app")
