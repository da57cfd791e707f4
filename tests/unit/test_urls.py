import json
import re

import pytest

from loaders.rules import url_problem
from loaders.schemas import SCHEMA_DIR
from loaders.urls import http_url
from maps.safe import safe_url

URLS = [
    ("https://example.org/a?b=1", True),
    ("HTTPS://EXAMPLE.ORG/a", True),
    ("Http://example.org", True),
    ("javascript:alert(1)", False),
    ("JAVASCRIPT:alert(1)", False),
    ("data:text/html,<script>", False),
    ("vbscript:msgbox", False),
    ("//example.org/x", False),
    ("/relative", False),
    ("ftp://example.org", False),
    ("https://", False),
]


@pytest.mark.parametrize(("url", "ok"), URLS)
def test_the_schema_the_validator_and_the_renderer_apply_one_link_rule(url: str, ok: bool) -> None:
    schema = json.loads((SCHEMA_DIR / "sources.schema.json").read_text())
    pattern = schema["properties"]["sources"]["items"]["properties"]["url"]["pattern"]
    by_schema = re.match(pattern, url) is not None
    assert (http_url(url) is not None) == ok
    assert (url_problem(url) is None) == ok
    assert (safe_url(url) is not None) == ok
    if ok:
        assert by_schema  # the schema's pattern is a first screen: it never refuses a good link
