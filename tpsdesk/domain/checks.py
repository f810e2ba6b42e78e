"""Checks shared by every way a setting enters: flags, environment, saved profiles, forms.

Pure (no Qt, no I/O besides the zone database): each returns the value to
use or raises ``ValueError`` whose text says, in plain words, what to do.
The server address has its own check in ``domain.server``.
"""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tpsdesk.domain.logsafe import printable

MIN_REFRESH_S = 5.0
MAX_REFRESH_S = 24 * 3600.0  # a day; beyond that "off" (0) is what is meant
MAX_TOKEN_LENGTH = 4096


def check_refresh_interval(seconds: float | str) -> float:
    """0 turns auto-refresh off; otherwise at least 5 s (not a reload storm) and at most a day.

    The message completes a sentence naming the setting ("--refresh must be …").
    """
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        raise ValueError(f"must be a number of seconds, not {printable(seconds, 40)!r}.") from None
    # Nothing is raised to the minimum behind the person's back: 4 is an error, not a silent 5.
    if math.isnan(value) or math.isinf(value) or value < 0 or value > MAX_REFRESH_S or 0 < value < MIN_REFRESH_S:
        raise ValueError(f"must be 0 (off) or at least {MIN_REFRESH_S:g} seconds (at most "
                         f"{MAX_REFRESH_S:g}), not {printable(seconds, 40)}.")
    return value


def check_zone(name: str) -> str:
    """An IANA zone name that this machine's zone database knows."""
    hint = "use a name like Asia/Kolkata or UTC"
    if not name or not name.isprintable() or len(name) > 64:
        raise ValueError(f"Unknown time zone {printable(name, 64)!r}; {hint}.")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America" is a folder
        raise ValueError(f"Unknown time zone {printable(name, 64)!r}; {hint}.") from None
    return name


def check_port(port: int | str, *, what: str = "The port") -> int:
    """0 (any free port) to 65535."""
    try:
        value = int(str(port).strip())
    except ValueError:
        raise ValueError(f"{what} must be a number from 0 to 65535, not {printable(port, 20)!r}.") from None
    if not 0 <= value <= 65535:
        raise ValueError(f"{what} must be a number from 0 to 65535, not {value}.")
    return value


def check_host(host: str) -> str:
    """A host name or address to listen on: no spaces, no control characters."""
    if not host or not host.isprintable() or any(c.isspace() for c in host) or len(host) > 253:
        raise ValueError(f"{printable(host, 60)!r} is not a host name or address.")
    return host


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot be sent in an HTTP header, in plain words (None: it can). Never quotes it."""
    if "\n" in token or "\r" in token:
        return "the token is malformed (it contains a line break)"
    if any(not c.isprintable() for c in token):
        return "the token is malformed (it contains control characters)"
    if any(c.isspace() for c in token):
        return "the token is malformed (it contains spaces)"
    if not token.isascii():
        return "the token is malformed (it contains characters that are not plain ASCII)"
    if len(token) > MAX_TOKEN_LENGTH:
        return "the token is malformed (it is far too long)"
    return None


def check_token(token: str) -> str:
    """The token without surrounding whitespace (a paste often adds a newline), or ValueError."""
    token = token.strip()
    problem = token_problem(token)
    if problem is not None:
        raise ValueError(problem + ".")
    return token
