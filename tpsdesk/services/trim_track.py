"""What is known about one video's trim: its phase, its job, a request whose answer was lost.

Plain values for :mod:`tpsdesk.services.trim_jobs` (which moves them) and the views
and the journal (which read them); kept apart so the state machine stays short.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tpsdesk.domain.trim import Trim
from tpsdesk.domain.trim_job import TrimJob, TrimJobStatus
from tpsdesk.services.errors import ErrorReport


class TrimPhase(Enum):
    UNKNOWN = "not read yet"
    READING = "reading the trim status"
    NONE = "no trim"
    SENDING = "sending the trim"
    CHECKING = "answer lost; outcome unknown"
    RUNNING = "job running"
    COMPLETED = "trim completed"
    FAILED = "trim failed"
    REFUSED = "refused by the server"
    NOT_APPLIED = "not applied"
    REVERTING = "reverting"
    REVERTED = "reverted"

    @property
    def busy(self) -> bool:
        """A request is on its way (CHECKING is not: its request is over, only its outcome is unknown)."""
        return self in (TrimPhase.READING, TrimPhase.SENDING, TrimPhase.REVERTING)


class LostKind(Enum):
    TRIM = "trim"
    REVERT = "revert"


@dataclass(frozen=True, slots=True)
class LostRequest:
    """A trim or a revert whose answer was lost: what would show that it was applied."""

    kind: LostKind
    trim: Trim | None  # the range sent (TRIM)
    before: TrimJob | None  # the job the server listed before sending

    def applied_in(self, job: TrimJob | None) -> bool:
        if self.kind is LostKind.REVERT:
            return job is None or job_differs(job, self.before)
        return job is not None and self.trim is not None and is_new_job(job, self.before, self.trim)


@dataclass(frozen=True, slots=True)
class TrimTrack:
    """What is known about one video's trim, for a view to show."""

    asset_id: str
    phase: TrimPhase
    job: TrimJob | None = None
    note: str = ""  # plain words for the user
    error: ErrorReport | None = None
    lost: LostRequest | None = None  # CHECKING / NOT_APPLIED: the request whose outcome was not seen

    @property
    def outcome_unknown(self) -> bool:
        """An earlier trim or revert may have gone through: a new one needs the user's explicit yes."""
        return self.phase is TrimPhase.CHECKING

    @property
    def can_trim(self) -> bool:
        return self.phase in _SETTLED or self.phase is TrimPhase.CHECKING

    @property
    def can_revert(self) -> bool:
        return self.can_trim and self.job is not None and self.job.status is TrimJobStatus.COMPLETED


_SETTLED = frozenset({TrimPhase.NONE, TrimPhase.COMPLETED, TrimPhase.FAILED, TrimPhase.REFUSED,
                      TrimPhase.NOT_APPLIED, TrimPhase.REVERTED})


def phase_of(job: TrimJob | None) -> TrimPhase:
    if job is None:
        return TrimPhase.NONE
    if job.status is TrimJobStatus.COMPLETED:
        return TrimPhase.COMPLETED
    if job.status is TrimJobStatus.FAILED:
        return TrimPhase.FAILED
    return TrimPhase.RUNNING  # Pending, Processing, or a status this client does not know yet


def is_new_job(job: TrimJob, before: TrimJob | None, trim: Trim) -> bool:
    """A job that is not the one seen before sending, for the range sent."""
    same_range = (job.start_time, job.end_time) == (trim.start_time, trim.end_time)
    return same_range and job_differs(job, before)


def job_differs(job: TrimJob, before: TrimJob | None) -> bool:
    return before is None or job.id != before.id or job.created != before.created
