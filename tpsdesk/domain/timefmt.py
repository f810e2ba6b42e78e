"""Server time formats and hh:mm:ss text.

The server writes naive local times (``2024-04-23 16:56:48`` and
``September 22, 2025, 05:59 PM``) in an undocumented zone, so parsing here
never guesses a zone: it returns naive datetimes and the caller localises
them with the configured server time zone.
"""

from __future__ import annotations

import re
from datetime import datetime

# English month names parsed by hand: Qt calls setlocale() on start-up, which
# would make strptime's %B follow the user's language.
_MONTHS = {
    name: index
    for index, name in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december",
        ),
        start=1,
    )
}
_MONTHS.update({name[:3]: index for name, index in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_START_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*$"
)
_ACTIVITY_RE = re.compile(
    r"^\s*([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?\s*$"
)


def parse_server_datetime(text: str) -> datetime:
    """Parse ``YYYY-MM-DD HH:MM[:SS]`` (a ``T`` separator is tolerated)."""
    match = _START_RE.match(text)
    if not match:
        raise ValueError(f"not a server date-time: {text!r}")
    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    second = int(match.group(6) or 0)
    return datetime(year, month, day, hour, minute, second)


def parse_activity_timestamp(text: str) -> datetime:
    """Parse ``September 22, 2025, 05:59 PM`` (minute precision)."""
    match = _ACTIVITY_RE.match(text)
    if not match:
        raise ValueError(f"not an activity timestamp: {text!r}")
    month = _MONTHS.get(match.group(1).lower())
    if month is None:
        raise ValueError(f"unknown month in {text!r}")
    day, year, hour, minute = (int(match.group(i)) for i in (2, 3, 4, 5))
    second = int(match.group(6) or 0)
    if not 1 <= hour <= 12:
        raise ValueError(f"hour out of range in {text!r}")
    hour = hour % 12 + (12 if match.group(7).lower() == "p" else 0)
    return datetime(year, month, day, hour, minute, second)


def format_hms(seconds: int) -> str:
    """``3725`` → ``01:02:05``; hours grow past two digits when needed."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def parse_hms(text: str) -> int:
    """Parse ``hh:mm:ss``, ``mm:ss`` or plain seconds into whole seconds.

    Raises ValueError with a sentence a user can act on.
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("Enter a time as hh:mm:ss.")
    parts = cleaned.split(":")
    if len(parts) > 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"“{cleaned}” is not a time; use hh:mm:ss, e.g. 00:02:30.")
    numbers = [int(p) for p in parts]
    if len(numbers) > 1 and any(n >= 60 for n in numbers[1:]):
        raise ValueError(f"“{cleaned}”: minutes and seconds must be below 60.")
    total = 0
    for number in numbers:
        total = total * 60 + number
    return total
