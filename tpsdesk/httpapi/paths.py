"""Request paths built from data: every id is exactly one percent-quoted segment.

Asset, webhook and organization ids come from the network (a list page, a
webhook) or from a settings file. Put into a path as they are, ``a#b`` would
send a stop to ``/assets/a``, ``x?y=1`` would become a query and
``a/../../other-org/assets/VICTIM`` would reach another organization's asset
(httpx removes dot-segments). ``api_path`` is the one place a path is built from
data; nothing else formats ids into paths.
"""

from __future__ import annotations

from urllib.parse import quote

from tpsdesk.httpapi.errors import RequestNotSent


class UnsafeSegment(RequestNotSent):
    """Text that cannot be a path segment at all (empty, or not encodable as UTF-8): the
    request is refused here, before anything is sent."""


def path_segment(value: str) -> str:
    """``value`` as one path segment that decodes back to exactly ``value``."""
    if not value:
        raise UnsafeSegment("The request was not sent: an empty id names no resource.")
    try:
        segment = quote(value, safe="", errors="strict")
    except UnicodeEncodeError:
        raise UnsafeSegment("The request was not sent: the id holds characters that cannot be sent.") from None
    if segment.strip(".") == "":  # "." and ".." would be removed as dot-segments by httpx and servers
        segment = "%2E" * len(segment)
    return segment


def api_path(template: str, *segments: str) -> str:
    """``template`` with each ``{}`` replaced by one quoted segment, e.g.
    ``api_path("/api/v1/{}/assets/{}/", org, asset_id)``."""
    if template.count("{}") != len(segments):
        raise ValueError(f"{template!r} takes {template.count('{}')} segments, not {len(segments)}")
    return template.format(*(path_segment(s) for s in segments))
