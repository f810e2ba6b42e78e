"""Path segments as the server sees them: split on the raw path first, then decoded.

Decoding first would turn an id's ``%2F`` into a separator (``a%2F..%2Fx`` would
become three segments); Django matches its URL patterns on the raw path the same
way, so an id holding ``/``, ``#``, ``?`` or ``..`` stays one id here too.
"""

from __future__ import annotations

from urllib.parse import unquote

from aiohttp import web


def raw_path(request: web.Request) -> str:
    """The path exactly as it arrived (percent-escapes kept), without the query."""
    return request.rel_url.raw_path


def segments(request: web.Request) -> list[str]:
    """The path's segments, each decoded on its own (no leading/trailing empty ones)."""
    return [unquote(part) for part in raw_path(request).strip("/").split("/")]
