"""Server-side time formatting.

TPStreams writes naive times (no offset) in its own zone, which the contract
does not name; the simulator makes that zone a setting so the client's handling
of it can be tested with something other than the machine's local zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Windows has no system tz database; without the `tzdata` package the two
# zones the demo needs still work as fixed offsets (neither observes DST).
_FIXED: dict[str, tzinfo] = {
    "Asia/Kolkata": timezone(timedelta(hours=5, minutes=30), "IST"),
    "UTC": timezone.utc,
}

START_FORMAT = "%Y-%m-%d %H:%M:%S"


def load_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name in _FIXED:
            return _FIXED[name]
        raise ValueError(f"unknown time zone {name!r}") from None


def naive(epoch: float, tz: tzinfo) -> str:
    """``2024-04-23 16:56:48`` as the API writes ``live_stream.start``."""
    return datetime.fromtimestamp(int(epoch), tz).strftime(START_FORMAT)


def activity_stamp(epoch: float, tz: tzinfo) -> str:
    """``September 22, 2025, 05:59 PM`` (minute precision, no zero-padded day)."""
    dt = datetime.fromtimestamp(int(epoch), tz)
    return f"{dt:%B} {dt.day}, {dt.year}, {dt:%I:%M %p}"


def parse_start(value: str, tz: tzinfo) -> float:
    """Parse a create-request ``start``; naive values are in the server zone.

    Accepts the documented ``YYYY-MM-DD HH:MM:SS`` and ISO 8601 variants (with
    ``T``, fractions, an offset or ``Z``), much like DRF's DateTimeField.
    """
    text = value.strip()
    if not text or len(text) > 64:
        raise ValueError(value)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.timestamp()
