"""Which UTC offset the server really writes its naive times in (issue 9, item 6).

The contract leaves the zone undocumented, and a wrong one gives absurd elapsed
times (a 5-minute class shown as 10:35:08) and trims the server refuses. The
server's own clock is visible though, so the offset can be bounded:

* the HTTP ``Date`` header is true UTC: "now" on the server (``server_now``);
* a live stream's latest ``On Publish`` activity is stamped with the server's
  local minute, and happened before now: ``offset >= published - now``; when the
  stream was seen *not* publishing at a moment ``after``, it happened after that
  too: ``offset <= published + 1 min - after``;
* a live stream's ``start`` is (nearly always) in the past; a class may start a
  little before its scheduled time, hence a wide slack;
* a trim job's ``created`` states its offset outright (``+05:30``).

The intersection of these bounds is ``[low, high]``; a configured zone whose
offset lies outside disagrees with the evidence. Real offsets are whole quarter
hours, so a narrow interval names one offset (``suggested``). Pure: no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

PUBLISH_SLACK = timedelta(minutes=2)  # minute stamps, a Date header to the second, a reading in flight
START_SLACK = timedelta(minutes=30)  # a class may go live before its scheduled start
QUARTER = timedelta(minutes=15)
MIN_OFFSET = timedelta(hours=-12)
MAX_OFFSET = timedelta(hours=14)


@dataclass(frozen=True, slots=True)
class Sighting:
    """One reading of a live stream, as the server wrote it, and when (on the server's clock)."""

    server_now: datetime  # aware: when this reading was current (the Date header, or our clock + skew)
    start: datetime | None = None  # naive ``start``
    published: datetime | None = None  # naive minute of its latest "On Publish"
    not_publishing_at: datetime | None = None  # aware: it was seen not publishing then (it started since)


@dataclass(frozen=True, slots=True)
class Bounds:
    low: timedelta = MIN_OFFSET
    high: timedelta = MAX_OFFSET

    def add(self, low: timedelta | None = None, high: timedelta | None = None) -> Bounds:
        return Bounds(self.low if low is None else max(self.low, low),
                      self.high if high is None else min(self.high, high))

    @property
    def conflicting(self) -> bool:
        """Evidence that contradicts itself (a bad reading): trust none of it."""
        return self.low > self.high

    def candidates(self) -> list[timedelta]:
        """The whole quarter hours inside."""
        first = -((-self.low) // QUARTER)  # ceil
        last = self.high // QUARTER
        return [QUARTER * k for k in range(int(first), int(last) + 1)]


def sighting_bounds(sighting: Sighting) -> Bounds:
    bounds = Bounds()
    now = sighting.server_now.replace(tzinfo=None) - (sighting.server_now.utcoffset() or timedelta(0))
    if sighting.start is not None:
        bounds = bounds.add(low=sighting.start - now - START_SLACK)
    if sighting.published is not None:
        bounds = bounds.add(low=sighting.published - now - PUBLISH_SLACK)
        after = sighting.not_publishing_at
        if after is not None:
            after_utc = after.replace(tzinfo=None) - (after.utcoffset() or timedelta(0))
            bounds = bounds.add(high=sighting.published + timedelta(minutes=1) - after_utc + PUBLISH_SLACK)
    return bounds


def gather(sightings: Iterable[Sighting], stated_offsets: Iterable[timedelta] = (),
           start: Bounds | None = None) -> Bounds:
    bounds = start or Bounds()
    for sighting in sightings:
        one = sighting_bounds(sighting)
        bounds = bounds.add(one.low, one.high)
    for offset in stated_offsets:
        bounds = bounds.add(offset - timedelta(minutes=1), offset + timedelta(minutes=1))
    return bounds


def offset_of(zone: tzinfo, at: datetime) -> timedelta:
    return at.astimezone(zone).utcoffset() or timedelta(0)


def show_offset(offset: timedelta) -> str:
    """``UTC+05:30``, ``UTC−05:00`` (a real minus sign), ``UTC``."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


@dataclass(frozen=True, slots=True)
class ZoneVerdict:
    agrees: bool
    configured: timedelta
    bounds: Bounds
    suggested: timedelta | None  # the one offset the evidence allows, when it names one
    message: str  # plain words for the window; "" when it agrees


def judge(bounds: Bounds, configured_zone: tzinfo, at: datetime) -> ZoneVerdict:
    configured = offset_of(configured_zone, at)
    if bounds.conflicting or bounds.low <= configured <= bounds.high:
        return ZoneVerdict(True, configured, bounds, None, "")
    options = bounds.candidates()
    suggested = options[0] if len(options) == 1 else None
    zone_name = getattr(configured_zone, "key", None) or str(configured_zone)
    said = f"The server's clock and the times it writes do not fit {zone_name} ({show_offset(configured)})"
    if suggested is not None:
        seems = f"it seems to use {show_offset(suggested)}"
    elif configured < bounds.low:
        seems = f"its times run at least {_span(bounds.low - configured)} ahead of that"
    else:
        seems = f"its times run at least {_span(configured - bounds.high)} behind that"
    return ZoneVerdict(False, configured, bounds, suggested,
                       f"{said}: {seems}. Elapsed times would be wrong, so trimming is off until the zone "
                       "is right.")


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


# One zone per odd offset, for the switch; whole hours use the Etc zones (no daylight saving).
_ODD_OFFSET_ZONES = {
    -570: "Pacific/Marquesas", -210: "America/St_Johns", 210: "Asia/Tehran", 270: "Asia/Kabul",
    330: "Asia/Kolkata", 345: "Asia/Kathmandu", 390: "Asia/Yangon", 525: "Australia/Eucla",
    570: "Australia/Darwin", 630: "Australia/Lord_Howe", 765: "Pacific/Chatham",
}


def zone_for_offset(offset: timedelta) -> str | None:
    """An IANA zone name with that offset (``Etc/GMT-9`` for UTC+09:00: POSIX signs are inverted)."""
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    return _ODD_OFFSET_ZONES.get(minutes)
