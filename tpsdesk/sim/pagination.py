"""DRF ``LimitOffsetPagination``, including how it treats odd query values.

DRF never rejects a bad ``limit``/``offset``: a limit that is not a positive
integer falls back to the default, a limit above the maximum is clamped, and an
offset that is not a non-negative integer becomes 0. ``next``/``previous`` are
absolute URLs built from the request (its Host header), with the query
re-encoded sorted by key, exactly like DRF's ``replace_query_param``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit


def _positive_int(text: str, *, strict: bool, cutoff: int | None = None) -> int:
    value = int(text)  # ValueError propagates, as in DRF
    if value < 0 or (strict and value == 0):
        raise ValueError(text)
    return min(value, cutoff) if cutoff else value


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int


def read_page(query: Mapping[str, str], default_limit: int, max_limit: int) -> PageRequest:
    try:
        limit = _positive_int(query["limit"], strict=True, cutoff=max_limit)
    except (KeyError, ValueError):
        limit = default_limit
    try:
        offset = _positive_int(query["offset"], strict=False)
    except (KeyError, ValueError):
        offset = 0
    return PageRequest(limit, offset)


def _replace(url: str, updates: Mapping[str, str | None]) -> str:
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    for key, value in updates.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = [value]
    encoded = urlencode(sorted(query.items()), doseq=True)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, encoded, parts.fragment))


def paginated(absolute_url: str, page: PageRequest, count: int, results: list[Any]) -> dict[str, Any]:
    limit, offset = page.limit, page.offset
    next_url = None
    if offset + limit < count:
        next_url = _replace(absolute_url, {"limit": str(limit), "offset": str(offset + limit)})
    previous = None
    if offset > 0:
        back = offset - limit
        previous = _replace(absolute_url, {"limit": str(limit), "offset": str(back) if back > 0 else None})
    results = results if offset <= count else []
    return {"count": count, "next": next_url, "previous": previous, "results": results}


def page_of(items: list[Any], page: PageRequest) -> list[Any]:
    return items[page.offset:page.offset + page.limit]
