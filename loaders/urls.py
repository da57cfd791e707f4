"""The one rule for links: only http(s) URLs with a host are ever rendered (any case: HTTPS:// too).

The validator (loaders.rules.url_problem), the renderer's payload (maps.safe.safe_url) and
the schema's pattern all say this; the browser renderer checks it once more (safeHref).
"""

from __future__ import annotations

from urllib.parse import urlparse


def http_url(url: object) -> str | None:
    """``url`` without surrounding spaces if it is http(s) with a host, else None
    (javascript:, data:, vbscript:, relative or protocol-relative links, anything not text)."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    try:
        parsed = urlparse(stripped)
        host = parsed.hostname  # parses the host; an unclosed "[" (an IPv6 literal) fails here or above
    except ValueError:  # "https://[example.org/x": Invalid IPv6 URL
        return None
    if not host:
        return None
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return stripped
