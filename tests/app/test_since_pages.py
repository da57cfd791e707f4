"""``?since=`` on the Map and Reactions pages: what changed is listed, ringed and kept in the link."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from streamlit.testing.v1 import AppTest

from .conftest import assert_clean, shown


def _view_message(at: AppTest) -> dict[str, Any]:
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    call = re.search(r"OverseasStations\.draw\(\s*map_div,\s*\w+,\s*", args["feature_group"])
    assert call
    view, _ = json.JSONDecoder().raw_decode(args["feature_group"], call.end())
    return view


def _since_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _happened(at: AppTest) -> str:
    part = next(e for e in at.expander if e.label.startswith("What happened"))
    return "\n".join(m.value for m in part.markdown)


def _link(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Link to this view"))


def test_since_on_the_map_lists_what_changed_and_rings_its_places(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["since"] = "2024-06-01"
    at.run()
    assert_clean(at)
    assert not [w.value for w in at.sidebar.warning], "since is the Map page's own parameter"
    assert next(s.value for s in at.subheader) == "Changed since 1 Jun 2024"
    text = _since_text(at)
    # The verdict of 18 Dec 2024 is after the date; the 2022 closure order is not.
    assert "Guilty verdict · Fixture Court" in text and "(?since=2024-06-01&place=IT:Rome)" in text
    assert "Closure ordered · Fixture Ministry" not in text
    assert any(e.label == "What happened: 1 event dated after it, newest first" for e in at.expander)
    assert "Montreal, Canada \\(ca\\-montreal\\-unknown\\-1\\) corrected" in text  # learned on 1 Feb 2025
    assert any("Data changelog since then (2 versions)" in e.label for e in at.expander)
    view = _view_message(at)
    places = view["changed"]["places"]
    assert view["changed"]["label"] == "Changed since 1 Jun 2024"
    assert len(places) == 2  # Montreal (corrected) and Rome (verdict), by their index in the view
    assert at.date_input(key="since_date").value.isoformat() == "2024-06-01"
    assert at.query_params["since"] == "2024-06-01"
    assert "?since=2024-06-01" in _link(at), "the link to this view carries the date"


def test_clearing_since_takes_the_rings_the_list_and_the_parameter_away(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["since"] = "2024-06-01"
    at.run()
    at.date_input(key="since_date").set_value(None).run()
    assert_clean(at)
    assert _view_message(at)["changed"] is None
    assert "since" not in at.query_params and "since" not in _link(at)
    assert not [s.value for s in at.subheader if s.value.startswith("Changed since")]


def test_a_bad_since_date_in_the_link_is_refused_with_a_notice(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.query_params["since"] = "[2024](javascript:alert(1))"
    at.run()
    assert_clean(at)
    notices = [w.value for w in at.warning]
    assert any("“[2024](javascript:alert(1))” in the link: expected a date as YYYY-MM-DD" in shown(n) for n in notices)
    assert not any("](javascript" in n for n in notices), "the link's text is shown inert, never as a link"
    assert _view_message(at)["changed"] is None
    assert "since" not in at.query_params


def test_since_on_the_reactions_page_lists_the_events_after_it_and_keeps_it_in_the_link(
    fixture_app: Callable[[], AppTest],
) -> None:
    at = fixture_app()
    at.query_params["since"] = "2023-01-01"
    at.switch_page("pages/reactions.py").run()
    assert_clean(at)
    assert not [w.value for w in at.sidebar.warning], "since is the Reactions page's own parameter"
    assert next(s.value for s in at.subheader) == "Changed since 1 Jan 2023"
    lists = _happened(at)
    assert "Guilty verdict · Fixture Court" in lists and "Investigation opened · Fixture Police" in lists
    assert "Closure ordered" not in lists, "1 Nov 2022 is before the date"
    assert "?since=2023-01-01" in _link(at)
    # The page's own choices narrow the list too: courts only.
    at.multiselect(key="reactions_actor_kind").set_value(["court"]).run()
    lists = _happened(at)
    assert "Guilty verdict" in lists and "Fixture Police" not in lists


def test_the_since_date_follows_the_reader_from_the_map_to_the_reactions(fixture_app: Callable[[], AppTest]) -> None:
    at = fixture_app()
    at.run()
    at.date_input(key="since_date").set_value(date(2024, 6, 1)).run()
    assert at.query_params["since"] == "2024-06-01"
    at.switch_page("pages/stations.py").run()
    at.switch_page("pages/reactions.py").run()
    assert_clean(at)
    assert at.date_input(key="since_date").value.isoformat() == "2024-06-01"
