"""A trim of a completed video and its job, read from the server's answers.

Pure parsers of untrusted JSON: anything odd becomes a :class:`PayloadError`
(never another exception), an unknown job status is kept as it came, and the
job's ISO times keep the offset the server wrote (``+05:30``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from tpsdesk.domain.models import PayloadError
from tpsdesk.domain.trim import TrimPlan, validate_trim


class TrimJobStatus(Enum):
    PENDING = "Pending"
    PROCESSING = "Processing"
    COMPLETED = "Completed"
    FAILED = "Failed"
    UNKNOWN = "Unknown"


_BY_TEXT = {s.value.upper(): s for s in TrimJobStatus if s is not TrimJobStatus.UNKNOWN}
# The numeric codes the contract shows (1 = Pending); the rest in the usual order.
_BY_CODE = {1: TrimJobStatus.PENDING, 2: TrimJobStatus.PROCESSING, 3: TrimJobStatus.COMPLETED,
            4: TrimJobStatus.FAILED}
_MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class TrimJob:
    id: str
    start_time: int | None
    end_time: int | None
    status: TrimJobStatus
    status_text: str  # the server's own words (shown as they came when unknown)
    created: datetime | None  # aware, in the offset the server wrote
    modified: datetime | None

    @property
    def label(self) -> str:
        if self.status is TrimJobStatus.UNKNOWN:
            return self.status_text or "(no status)"
        return self.status.value

    @property
    def running(self) -> bool:
        return self.status in (TrimJobStatus.PENDING, TrimJobStatus.PROCESSING)

    @property
    def done(self) -> bool:
        return self.status in (TrimJobStatus.COMPLETED, TrimJobStatus.FAILED)


@dataclass(frozen=True, slots=True)
class TrimAccepted:
    """The answer to ``POST …/trim/``."""

    message: str
    job_id: str | None
    status_text: str


@dataclass(frozen=True, slots=True)
class RevertAccepted:
    """The answer to ``POST …/trim/revert/``."""

    message: str
    task_id: str | None


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)[:_MAX_TEXT]


def _id(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        text = str(value).strip()
        return text[:_MAX_TEXT] or None
    return None


def _seconds(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip()[:20])
    return None


def parse_iso(value: object) -> datetime | None:
    """An ISO 8601 time with its offset (``Z`` too); None when missing, naive or unreadable."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def job_status(status: object, display: object) -> tuple[TrimJobStatus, str]:
    """The display text wins; the number is the fallback; anything else is UNKNOWN as it came."""
    text = _text(display).strip()
    known = _BY_TEXT.get(text.upper())
    if known is not None:
        return known, text
    if not text:
        code = _seconds(status)
        if code is not None and code in _BY_CODE:
            return _BY_CODE[code], _BY_CODE[code].value
        text = _text(status).strip()
        known = _BY_TEXT.get(text.upper())
        if known is not None:
            return known, text
    return TrimJobStatus.UNKNOWN, text


def parse_trim_job(data: object) -> TrimJob:
    if not isinstance(data, Mapping):
        raise PayloadError("the trim status should be a JSON object")
    status, text = job_status(data.get("status"), data.get("status_display"))
    return TrimJob(
        id=_id(data.get("id")) or "",
        start_time=_seconds(data.get("start_time")),
        end_time=_seconds(data.get("end_time")),
        status=status, status_text=text,
        created=parse_iso(data.get("created")),
        modified=parse_iso(data.get("modified")),
    )


def parse_trim_accepted(data: object) -> TrimAccepted:
    if not isinstance(data, Mapping):
        raise PayloadError("the trim answer should be a JSON object")
    return TrimAccepted(_text(data.get("message")), _id(data.get("trim_job_id")), _text(data.get("status")))


def parse_revert_accepted(data: object) -> RevertAccepted:
    if not isinstance(data, Mapping):
        raise PayloadError("the revert answer should be a JSON object")
    return RevertAccepted(_text(data.get("message")), _id(data.get("task_id")))


def plan_video_trim(start: int, end: int, duration: int) -> TrimPlan:
    """What ``POST …/trim/`` will carry for handles on a finished video (no live edge here).

    The whole video is no trim at all; otherwise the documented rules apply
    (raising ``TrimError`` with the reason).
    """
    if start <= 0 and end >= duration:
        return TrimPlan(None, "The handles span the whole video: nothing to trim.")
    trim = validate_trim(start, end, duration=duration)
    assert trim is not None
    return TrimPlan(trim, f"Keep {trim.describe()} of the video; the rest is cut.")
