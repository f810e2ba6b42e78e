"""Validation of the optional trim in a stop request.

The documented rules, checked in DRF's order: each field's own validation first
(all field errors reported together), then the cross-field rules, which run
only when every field is individually valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import fields
from .errors import ApiError, non_field

# Values at or above this are read as Unix epoch seconds (2001-09-09 onwards);
# no recording runs for 31 years, so the two formats cannot be confused.
EPOCH_THRESHOLD = 1_000_000_000

BOTH_REQUIRED = "Both start_time and end_time are required for trimming."
MIXED_FORMATS = (
    "start_time and end_time must use the same format: both seconds from the start of "
    "the recording or both Unix epoch seconds (mixed formats are not allowed)."
)
ORDER = "start_time must be less than end_time."


@dataclass(frozen=True)
class Trim:
    """An accepted trim, as seconds from the start of the recording."""

    start_s: int
    end_s: int
    epoch_format: bool



def read_trim_fields(data: dict[str, Any]) -> dict[str, int]:
    """The given ``start_time``/``end_time`` as whole non-negative seconds; each bad one named in a 400."""
    values: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name in ("start_time", "end_time"):
        if name in data:
            try:
                values[name] = fields.integer(data[name], min_value=0)
            except fields.FieldError as exc:
                errors[name] = [str(exc)]
    if errors:
        raise ApiError(400, errors)
    return values

def parse_trim(data: dict[str, Any], *, recording_start: int, now: int) -> Trim | None:
    """Return the trim a stop body asks for, None for a plain stop, or raise ApiError.

    ``recording_start`` and ``now`` are whole epoch seconds; the recording's
    duration is their difference (never negative).
    """
    duration = max(0, now - recording_start)
    values = read_trim_fields(data)
    errors: dict[str, list[str]] = {}
    if not values:
        return None
    if len(values) == 1:
        raise non_field(BOTH_REQUIRED)
    start, end = values["start_time"], values["end_time"]
    start_epoch, end_epoch = start >= EPOCH_THRESHOLD, end >= EPOCH_THRESHOLD
    if start_epoch != end_epoch:
        raise non_field(MIXED_FORMATS)
    if start >= end:
        raise non_field(ORDER)
    if not start_epoch:
        if end > duration:
            raise ApiError(400, {"end_time": [
                f"end_time ({end}) cannot exceed the recording duration ({duration} seconds)."
            ]})
        return Trim(start, end, epoch_format=False)
    if start < recording_start:
        errors["start_time"] = [
            f"start_time ({start}) is before the recording started (Unix time {recording_start})."
        ]
    if end > now:
        errors["end_time"] = [
            f"end_time ({end}) is after the end of the recording (Unix time {now}; "
            f"recording duration {duration} seconds)."
        ]
    if errors:
        raise ApiError(400, errors)
    return Trim(start - recording_start, end - recording_start, epoch_format=True)
