"""The server's address and zone: defaults and the one check every entry point uses."""

from __future__ import annotations

from urllib.parse import urlsplit

from tpsdesk.domain.logsafe import printable

DEFAULT_BASE_URL = "https://app.tpstreams.com"
DEFAULT_SERVER_TZ = "Asia/Kolkata"  # the only zoned times in the docs carry +05:30


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def check_base_url(base_url: str) -> str:
    """Only https, or http to this machine, with a valid port; returns the URL without a trailing slash.

    Flags, environment variables, saved profiles and the sign-in form all come
    through here, so each refuses the same things with the same words.
    """
    shown = printable(base_url, 80)
    if not base_url or not base_url.isprintable() or any(c.isspace() for c in base_url):
        raise ValueError(f"{shown!r} is not a valid server address (it contains spaces or control characters).")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{shown!r} is not an http(s) URL.")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise ValueError(f"{shown!r} has an invalid port (use a number from 1 to 65535).") from None
    if parts.port == 0:
        raise ValueError(f"{shown!r} has an invalid port (use a number from 1 to 65535).")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{shown!r}: a server address must not carry a user name or password.")
    if parts.query or parts.fragment:
        raise ValueError(f"{shown!r}: a server address has no '?' query or '#' part.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError("Plain http is allowed only for this machine (127.0.0.1/localhost); use https.")
    return base_url.rstrip("/")
