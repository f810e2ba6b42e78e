"""Trim rules for ``stop_live_stream`` and the elapsed-time reading they rely on.

Pure logic, no I/O: the UI refuses what these functions refuse, before any
request is sent.

Live edge (documented in the README): the server rejects ``end_time`` above
the recording's duration, and the duration the server measures can trail the
wall clock (encoder start-up, segment boundaries, clock skew). A trim whose end
handle sits at the live edge therefore means "keep everything to the end":
- with the start handle at 0 it is no trim at all and a plain stop is sent;
- otherwise ``end_time`` is sent as the elapsed time minus
  :data:`LIVE_EDGE_MARGIN_S`, which the confirmation shows before sending.
An end handle anywhere inside that last margin is treated the same way, so
what is sent never jumps about as the handle moves near the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import Enum

from tpsdesk.domain.timefmt import format_hms

LIVE_EDGE_MARGIN_S = 30
"""Seconds kept clear of the live edge so "end ≤ duration" cannot fail."""

LIVE_EDGE_SNAP_S = 2
"""An end handle this close to the live edge counts as "at the live edge"."""

FUTURE_TOLERANCE_S = 120
"""Clock skew tolerated before a start time in the future is flagged."""

MAX_PLAUSIBLE_ELAPSED_S = 24 * 3600
"""Longer than a day running is taken as a wrong time zone, not a long class."""

EPOCH_THRESHOLD = 1_000_000_000
"""Values at or above this are Unix epoch seconds (2001-09-09 onwards)."""


class TrimUnit(Enum):
    RELATIVE = "seconds from the start of the recording"
    EPOCH = "Unix epoch seconds"


class TrimError(ValueError):
    """A trim that must not be sent; ``str(exc)`` is the reason in plain words."""


@dataclass(frozen=True, slots=True)
class Trim:
    start_time: int
    end_time: int
    unit: TrimUnit = TrimUnit.RELATIVE

    def as_body(self) -> dict[str, int]:
        return {"start_time": self.start_time, "end_time": self.end_time}

    def describe(self) -> str:
        if self.unit is TrimUnit.EPOCH:
            return f"epoch {self.start_time} – {self.end_time}"
        return f"{format_hms(self.start_time)} – {format_hms(self.end_time)}"


def _require_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TrimError(f"{name} must be a whole number of seconds.")
    if value < 0:
        raise TrimError(f"{name} cannot be negative.")
    return value


def unit_of(start_time: int, end_time: int) -> TrimUnit:
    """Which format a pair is in; a mixed pair is refused."""
    start_epoch = start_time >= EPOCH_THRESHOLD
    end_epoch = end_time >= EPOCH_THRESHOLD
    if start_epoch != end_epoch:
        raise TrimError(
            "Start and end are in different formats (one is epoch seconds, the other "
            "seconds from the start of the recording); use one format for both."
        )
    return TrimUnit.EPOCH if start_epoch else TrimUnit.RELATIVE


def validate_trim(
    start_time: object,
    end_time: object,
    *,
    duration: int | None,
    recording_start_epoch: int | None = None,
) -> Trim | None:
    """Apply the documented rules; returns None for "no trim".

    ``duration`` is the recording's length in seconds (None when unknown: the
    upper bound then cannot be checked and a trim is refused).
    """
    if start_time is None and end_time is None:
        return None
    if start_time is None or end_time is None:
        raise TrimError("Give both a start and an end for the trim, or neither.")
    start = _require_int("The trim start", start_time)
    end = _require_int("The trim end", end_time)
    unit = unit_of(start, end)
    if start >= end:
        raise TrimError("The trim start must be before its end.")
    if duration is None:
        raise TrimError("The recording's duration is unknown, so a trim cannot be checked.")
    if unit is TrimUnit.RELATIVE:
        if end > duration:
            raise TrimError(
                f"The trim end {format_hms(end)} is past the recording's duration "
                f"{format_hms(duration)}."
            )
    else:
        if recording_start_epoch is None:
            raise TrimError("Epoch trims need the recording's start time, which is unknown.")
        if start < recording_start_epoch:
            raise TrimError("The trim start is before the recording began.")
        if end > recording_start_epoch + duration:
            raise TrimError("The trim end is past the end of the recording.")
    return Trim(start, end, unit)


def to_epoch(trim: Trim, recording_start_epoch: int) -> Trim:
    """The same trim in epoch seconds (a later version of the docs)."""
    if trim.unit is TrimUnit.EPOCH:
        return trim
    return Trim(
        trim.start_time + recording_start_epoch,
        trim.end_time + recording_start_epoch,
        TrimUnit.EPOCH,
    )


@dataclass(frozen=True, slots=True)
class TrimPlan:
    """What a stop will send, and why, for the confirmation dialog."""

    trim: Trim | None
    note: str
    shown: str = ""  # how to show the trim when its values are not (epoch seconds: hh:mm:ss on the recording)

    def describe(self) -> str:
        """The trim for people: ``00:42:38 – 00:46:38``; epoch seconds stay in the request."""
        if self.trim is None:
            return "no trim"
        return self.shown or self.trim.describe()


def plan_stop_trim(
    start_handle: int, end_handle: int, elapsed: int, *, enabled: bool = True
) -> TrimPlan:
    """Turn the slider's handles into what the stop request carries.

    Applies the live-edge rule from the module docstring, then the
    documented rules (raising :class:`TrimError` with the reason).
    """
    if not enabled:
        return TrimPlan(None, "No trim: the whole recording is kept.")
    if end_handle >= elapsed - LIVE_EDGE_SNAP_S and start_handle <= 0:
        return TrimPlan(None, "No trim: both handles span the whole recording.")
    if end_handle > elapsed - LIVE_EDGE_MARGIN_S:
        end = elapsed - LIVE_EDGE_MARGIN_S
        if end <= start_handle:
            raise TrimError(
                f"The start is within {LIVE_EDGE_MARGIN_S} s of the live edge; move it "
                "earlier or choose no trim."
            )
        trim = validate_trim(start_handle, end, duration=elapsed)
        assert trim is not None
        return TrimPlan(
            trim,
            f"End within {LIVE_EDGE_MARGIN_S} s of the live edge: sent as {format_hms(end)}, "
            f"{LIVE_EDGE_MARGIN_S} s before now, so the server's duration check cannot reject it.",
        )
    trim = validate_trim(start_handle, end_handle, duration=elapsed)
    assert trim is not None
    return TrimPlan(trim, f"Keep {trim.describe()} of the recording.")


@dataclass(frozen=True, slots=True)
class ElapsedReading:
    """Seconds since a stream started, or the reason it cannot be trusted."""

    seconds: int | None
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.seconds is not None and self.problem is None


def start_epoch(start: datetime, server_tz: tzinfo) -> int:
    return int(start.replace(tzinfo=server_tz).timestamp())


def read_elapsed(start: datetime | None, server_tz: tzinfo, now: datetime) -> ElapsedReading:
    """Elapsed seconds from a naive server-local ``start`` to an aware ``now``."""
    if start is None:
        return ElapsedReading(None, "The server gave no start time.")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone_name = getattr(server_tz, "key", None) or str(server_tz)
    delta: timedelta = now - start.replace(tzinfo=server_tz)
    seconds = int(delta.total_seconds())
    if seconds < -FUTURE_TOLERANCE_S:
        return ElapsedReading(
            seconds,
            f"The start time is {format_hms(-seconds)} in the future when read as "
            f"{zone_name}; check the server time zone setting.",
        )
    if seconds > MAX_PLAUSIBLE_ELAPSED_S:
        return ElapsedReading(
            seconds,
            f"The start time is more than a day ago when read as {zone_name}; check the "
            "server time zone setting.",
        )
    return ElapsedReading(max(0, seconds))
