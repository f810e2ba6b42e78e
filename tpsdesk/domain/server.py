"""The server's address and zone: defaults and the one check every entry point uses."""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://app.tpstreams.com"
DEFAULT_SERVER_TZ = "Asia/Kolkata"  # the only zoned times in the docs carry +05:30


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def check_base_url(base_url: str) -> str:
    """Only https, or http to this machine; returns the URL without a trailing slash."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{base_url!r} is not an http(s) URL.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError("Plain http is allowed only for this machine (127.0.0.1/localhost); use https.")
    return base_url.rstrip("/")
