"""Trimming a completed video, following its job, reverting it: one state machine per video.

A trim or a revert is not idempotent and the API has no idempotency key, so a
lost answer (a time-out after sending, a 5xx, a dropped connection) is read
back through ``trim/status/`` and the truth shown; nothing is ever resent on
the user's behalf. A running job is polled with backoff until it is done.

Phases (``TrimPhase``), per asset:

    UNKNOWN → READING → NONE | RUNNING | COMPLETED | FAILED
    NONE/COMPLETED/FAILED/REFUSED/REVERTED --trim()--> SENDING
    SENDING → RUNNING (accepted) | REFUSED (the server said no) | CHECKING (answer lost)
    CHECKING → RUNNING/COMPLETED/FAILED (it was applied) | NOT_APPLIED
    RUNNING → COMPLETED | FAILED (polled)
    COMPLETED/FAILED --revert()--> REVERTING → REVERTED | REFUSED | CHECKING
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.models import StatusKind, StopResult
from tpsdesk.domain.trim import Trim
from tpsdesk.domain.trim_job import TrimJob, TrimJobStatus
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError, NetworkError, ServerError, UnexpectedResponse
from tpsdesk.services.errors import ErrorReport, report_error
from tpsdesk.services.stop import StopService
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)

POLL_DELAYS_S = (1.0, 1.0, 2.0, 2.0, 4.0, 4.0, 8.0, 15.0, 30.0)
"""Between status reads of a running job; the last one repeats."""

READ_BACK_DELAYS_S = (0.0, 1.0, 2.0)
"""When an answer is lost: read the status at once, then twice more."""


class TrimPhase(Enum):
    UNKNOWN = "not read yet"
    READING = "reading the trim status"
    NONE = "no trim"
    SENDING = "sending the trim"
    CHECKING = "answer lost; reading back"
    RUNNING = "job running"
    COMPLETED = "trim completed"
    FAILED = "trim failed"
    REFUSED = "refused by the server"
    NOT_APPLIED = "not applied"
    REVERTING = "reverting"
    REVERTED = "reverted"

    @property
    def busy(self) -> bool:
        return self in (TrimPhase.READING, TrimPhase.SENDING, TrimPhase.CHECKING, TrimPhase.REVERTING)


@dataclass(frozen=True, slots=True)
class TrimTrack:
    """What is known about one video's trim, for a view to show."""

    asset_id: str
    phase: TrimPhase
    job: TrimJob | None = None
    note: str = ""  # plain words for the user
    error: ErrorReport | None = None

    @property
    def can_trim(self) -> bool:
        return self.phase in _SETTLED

    @property
    def can_revert(self) -> bool:
        return self.can_trim and self.job is not None and self.job.status is TrimJobStatus.COMPLETED


_SETTLED = frozenset({TrimPhase.NONE, TrimPhase.COMPLETED, TrimPhase.FAILED, TrimPhase.REFUSED,
                      TrimPhase.NOT_APPLIED, TrimPhase.REVERTED})


def _phase_of(job: TrimJob | None) -> TrimPhase:
    if job is None:
        return TrimPhase.NONE
    if job.status is TrimJobStatus.COMPLETED:
        return TrimPhase.COMPLETED
    if job.status is TrimJobStatus.FAILED:
        return TrimPhase.FAILED
    return TrimPhase.RUNNING  # Pending, Processing, or a status this client does not know yet


def _lost(exc: Exception) -> bool:
    """Was the request perhaps applied although its answer never came?"""
    if isinstance(exc, NetworkError):
        return exc.maybe_applied
    return isinstance(exc, (ServerError, UnexpectedResponse))


class TrimJobService(QObject):
    changed = Signal(str, object)  # asset id, TrimTrack
    problem = Signal(str, object)  # asset id, ErrorReport: every failure, for the session's problem channel

    def __init__(self, client: TPStreamsClient, store: StatusStore, stops: StopService | None = None,
                 parent: QObject | None = None, *, poll_delays: tuple[float, ...] = POLL_DELAYS_S,
                 read_back_delays: tuple[float, ...] = READ_BACK_DELAYS_S) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._tasks = TaskOwner("trim jobs")
        self._tracks: dict[str, TrimTrack] = {}
        self._followers: dict[str, asyncio.Task[object]] = {}
        self._poll_delays = poll_delays
        self._read_back_delays = read_back_delays
        self._awaiting_recording: set[str] = set()  # stops with a scheduled trim, not Completed yet
        if stops is not None:
            stops.stopSucceeded.connect(self._on_stop_succeeded)
        store.streamsChanged.connect(self._on_streams_changed)

    # -- reading -------------------------------------------------------------
    def track_of(self, asset_id: str) -> TrimTrack:
        return self._tracks.get(asset_id) or TrimTrack(asset_id, TrimPhase.UNKNOWN)

    def _set(self, track: TrimTrack) -> TrimTrack:
        previous = self._tracks.get(track.asset_id)
        self._tracks[track.asset_id] = track
        self.changed.emit(track.asset_id, track)
        if track.error is not None and (previous is None or previous.error is not track.error):
            self.problem.emit(track.asset_id, track.error)
        return track

    @staticmethod
    def _report(exc: Exception, headline: str | None = None) -> ErrorReport:
        """An API error in plain words; anything else is a bug, logged once with its traceback."""
        if not isinstance(exc, ApiError):
            log.exception("trim jobs: internal error", exc_info=exc)
        return report_error(exc, headline=headline)

    def watch(self, asset_id: str) -> None:
        """Read the video's trim status once (and follow a running job); harmless to repeat."""
        track = self.track_of(asset_id)
        if track.phase is not TrimPhase.UNKNOWN:
            return
        self._set(replace(track, phase=TrimPhase.READING, note="Reading the trim status…"))
        self._tasks.spawn(self._read(asset_id), name=f"trim status {asset_id}")

    def refresh(self, asset_id: str) -> None:
        """Read the status again now (the user asked); not while a request is on its way."""
        track = self.track_of(asset_id)
        if track.phase.busy:
            return
        self._set(replace(track, phase=TrimPhase.READING, note="Reading the trim status…", error=None))
        self._tasks.spawn(self._read(asset_id), name=f"trim status {asset_id}")

    async def _read(self, asset_id: str) -> None:
        try:
            job = await self._client.trim_status(asset_id)
        except Exception as exc:
            previous = self._tracks.get(asset_id)
            self._set(TrimTrack(asset_id, _phase_of(previous.job) if previous and previous.job else
                                TrimPhase.UNKNOWN, previous.job if previous else None,
                                "Could not read the trim status.", self._report(exc)))
            return
        self._show_job(asset_id, job)

    def _show_job(self, asset_id: str, job: TrimJob | None, note: str = "") -> None:
        phase = _phase_of(job)
        if not note:
            note = {TrimPhase.NONE: "This video has no trim.",
                    TrimPhase.RUNNING: f"The trim job is {job.label if job else '?'}; following it…",
                    TrimPhase.COMPLETED: "The trim is done.",
                    TrimPhase.FAILED: "The server reports that the trim failed; the video is as it was."
                    }.get(phase, "")
        self._set(TrimTrack(asset_id, phase, job, note))
        if phase is TrimPhase.RUNNING:
            self._follow(asset_id)
        elif phase is TrimPhase.COMPLETED:
            self._tasks.spawn(self._reread_asset(asset_id), name=f"re-read {asset_id}")

    async def _reread_asset(self, asset_id: str) -> None:
        """The video's duration changed with the trim: read the asset again for every view."""
        try:
            self._store.apply(await self._client.get_asset(asset_id), Source.POLL)
        except Exception as exc:  # the trim itself is fine; the old duration stays until the next read
            log.info("re-reading %s after its trim failed: %s", asset_id, type(exc).__name__)

    # -- following a running job -------------------------------------------------
    def _follow(self, asset_id: str) -> None:
        running = self._followers.get(asset_id)
        if running is not None and not running.done():
            return
        self._followers[asset_id] = self._tasks.spawn(self._poll(asset_id), name=f"follow trim {asset_id}")

    async def _poll(self, asset_id: str) -> None:
        attempt = 0
        while True:
            await asyncio.sleep(self._poll_delays[min(attempt, len(self._poll_delays) - 1)])
            attempt += 1
            if self.track_of(asset_id).phase is not TrimPhase.RUNNING:
                return  # a revert or a new trim took over
            try:
                job = await self._client.trim_status(asset_id)
            except Exception as exc:
                track = self.track_of(asset_id)
                self._set(replace(track, error=self._report(exc),
                                  note="Could not read the trim status; trying again shortly."))
                continue
            if job is None or job.done:
                self._followers.pop(asset_id, None)
                self._show_job(asset_id, job)
                return
            self._set(TrimTrack(asset_id, TrimPhase.RUNNING, job,
                                f"The trim job is {job.label}; following it…"))

    # -- trimming ----------------------------------------------------------------
    def trim(self, asset_id: str, trim: Trim) -> bool:
        """Send one trim; False (nothing sent) while another request or job runs for this video."""
        track = self.track_of(asset_id)
        if not track.can_trim:
            return False
        self._set(TrimTrack(asset_id, TrimPhase.SENDING, track.job, f"Sending the trim {trim.describe()}…"))
        self._tasks.spawn(self._trim(asset_id, trim, track.job), name=f"trim {asset_id}")
        return True

    async def _trim(self, asset_id: str, trim: Trim, before: TrimJob | None) -> None:
        try:
            accepted = await self._client.trim_video(asset_id, trim)
        except Exception as exc:
            if not _lost(exc):
                self._set(TrimTrack(asset_id, TrimPhase.REFUSED, before, "The trim was not applied.",
                                    self._report(exc, headline="Trim refused")))
                return
            await self._read_back_trim(asset_id, trim, before, self._report(exc, headline="Trim answer lost"))
            return
        job = TrimJob(accepted.job_id or "", trim.start_time, trim.end_time, TrimJobStatus.PENDING,
                      accepted.status_text or "Pending", None, None)
        self._set(TrimTrack(asset_id, TrimPhase.RUNNING, job,
                            accepted.message or "The server accepted the trim; following its job…"))
        self._follow(asset_id)

    async def _read_back_trim(self, asset_id: str, trim: Trim, before: TrimJob | None,
                              report: ErrorReport) -> None:
        self._set(TrimTrack(asset_id, TrimPhase.CHECKING, before,
                            f"{report.message} Reading the trim status back (not resending)…", report))
        job, failure = await self._read_back(asset_id, lambda j: j is not None and _is_new(j, before, trim))
        if job is not None and _is_new(job, before, trim):
            self._show_job(asset_id, job, "The trim went through although its answer was lost.")
            return
        why = f" (reading back failed too: {failure.message})" if failure else ""
        self._set(TrimTrack(asset_id, TrimPhase.NOT_APPLIED, job if job is not None else before,
                            "The trim's answer was lost and the server shows no new trim job"
                            f"{why}. Nothing was resent; check, then trim again if needed.", report))

    async def _read_back(self, asset_id: str, settled: Callable[[TrimJob | None], bool]
                         ) -> tuple[TrimJob | None, ErrorReport | None]:
        job: TrimJob | None = None
        failure: ErrorReport | None = None
        for delay in self._read_back_delays:
            await asyncio.sleep(delay)
            try:
                job = await self._client.trim_status(asset_id)
            except Exception as exc:
                failure = self._report(exc)
                continue
            failure = None
            if settled(job):
                break
        return job, failure

    # -- reverting ------------------------------------------------------------------
    def revert(self, asset_id: str) -> bool:
        track = self.track_of(asset_id)
        if not track.can_revert:
            return False
        self._set(replace(track, phase=TrimPhase.REVERTING, note="Reverting the trim…", error=None))
        self._tasks.spawn(self._revert(asset_id, track.job), name=f"revert trim {asset_id}")
        return True

    async def _revert(self, asset_id: str, before: TrimJob | None) -> None:
        try:
            accepted = await self._client.revert_trim(asset_id)
        except Exception as exc:
            if not _lost(exc):
                self._set(TrimTrack(asset_id, TrimPhase.REFUSED, before, "The trim was not reverted.",
                                    self._report(exc, headline="Revert refused")))
                return
            report = self._report(exc, headline="Revert answer lost")
            self._set(TrimTrack(asset_id, TrimPhase.CHECKING, before,
                                f"{report.message} Reading the trim status back (not resending)…", report))
            job, failure = await self._read_back(asset_id, lambda j: j is None or _differs(j, before))
            if failure is None and (job is None or _differs(job, before)):
                self._set(TrimTrack(asset_id, TrimPhase.REVERTED, job,
                                    "The revert went through although its answer was lost."))
                await self._reread_asset(asset_id)
            else:
                self._set(TrimTrack(asset_id, TrimPhase.NOT_APPLIED, before,
                                    "The revert's answer was lost and the trim is still there. "
                                    "Nothing was resent; you can revert again.", report))
            return
        message = accepted.message or "The server accepted the revert."
        task = f" (task {accepted.task_id})" if accepted.task_id else ""
        job, _failure = await self._read_back(asset_id, lambda j: True)
        if job is not None and not _differs(job, before):
            self._set(TrimTrack(asset_id, TrimPhase.REVERTED, job,
                                f"{message}{task} The server still lists the earlier trim job; "
                                "the original video may take a moment to come back."))
        else:
            self._set(TrimTrack(asset_id, TrimPhase.REVERTED, job, f"{message}{task}"))
        await self._reread_asset(asset_id)

    # -- a stop's scheduled trim ---------------------------------------------------
    def _on_stop_succeeded(self, asset_id: str, result: StopResult) -> None:
        if result.trim_scheduled:
            self._awaiting_recording.add(asset_id)

    def _on_streams_changed(self, ids: list[str]) -> None:
        for asset_id in [i for i in ids if i in self._awaiting_recording]:
            asset = self._store.asset(asset_id)
            if asset is not None and asset.status.kind is StatusKind.COMPLETED:
                self._awaiting_recording.discard(asset_id)
                self._tracks.pop(asset_id, None)
                self.watch(asset_id)

    async def aclose(self) -> None:
        await self._tasks.aclose()


def _is_new(job: TrimJob, before: TrimJob | None, trim: Trim) -> bool:
    """A job that is not the one seen before sending, for the range sent."""
    same_range = (job.start_time, job.end_time) == (trim.start_time, trim.end_time)
    return same_range and _differs(job, before)


def _differs(job: TrimJob, before: TrimJob | None) -> bool:
    return before is None or job.id != before.id or job.created != before.created
