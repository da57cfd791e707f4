"""HTML from Jinja templates (templates/), with autoescape: every value is escaped unless a
template says otherwise, as in datasette and folium, rather than by hand-placed calls.

Only http(s) links reach an ``href``: the templates' ``http_url`` filter is loaders.urls.http_url,
the project's one link rule, and a link whose URL fails it is written as its text alone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from loaders.urls import http_url

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@cache
def template_environment() -> Environment:
    """The one Jinja environment: autoescape on for every template, a missing value an error."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_url"] = http_url
    return env


def render_template(template: str, /, **context: Any) -> str:
    """``templates/<template>`` filled with ``context``, every value escaped."""
    return template_environment().get_template(template).render(**context)
