"""Webhook URLs as the simulator logs them: the receiver's address, never its path.

A receiver's path usually carries an unguessable part (tpsdesk's does: a stranger
who finds the port must not find the path), so a delivery log shows the scheme,
host and port and the first path segment only; user names, the rest of the path,
the query and the fragment are replaced by "…".
"""

from __future__ import annotations

from urllib.parse import urlsplit


def shown_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(a malformed URL)"
    host = f"[{host}]" if ":" in host else host
    address = f"{parts.scheme}://{host}{f':{port}' if port else ''}"
    segments = [s for s in parts.path.split("/") if s]
    hidden = len(segments) > 1 or parts.query or parts.fragment
    first = f"/{segments[0]}" if segments else ""
    return f"{address}{first}{'/…' if hidden else ''}"


def shown_error(error: str, url: str) -> str:
    """An error text that may quote the URL (aiohttp's InvalidURL does), redacted the same way."""
    return error.replace(url, shown_url(url)) if url else error
