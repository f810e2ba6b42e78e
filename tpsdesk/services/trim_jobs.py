"""Trimming a completed video, following its job, reverting it: one state machine per video.

A trim or a revert is not idempotent and the API has no idempotency key, so a
lost answer (a time-out after sending, a 5xx, a dropped connection) makes the
outcome *unknown*: ``trim/status/`` is read back with backoff for minutes (the
stop's schedule, ``FOLLOW_DELAYS_S``), because a server may apply it late.
Nothing is ever resent on the user's behalf; "not applied" is said only after
the whole follow window, and a later reading that it did apply changes the words.
A running job is polled with backoff until it is done.

Phases (``TrimPhase``), per asset:

    UNKNOWN → READING → NONE | RUNNING | COMPLETED | FAILED
    NONE/COMPLETED/FAILED/REFUSED/REVERTED/NOT_APPLIED --trim()--> SENDING
    SENDING → RUNNING (accepted) | REFUSED (the server said no) | CHECKING (answer lost)
    CHECKING → RUNNING/COMPLETED/FAILED/REVERTED (seen applied) | NOT_APPLIED (follow window over)
    CHECKING --trim()/revert() with despite_unknown--> SENDING/REVERTING (the user agreed)
    NOT_APPLIED --a later reading shows it applied--> RUNNING/COMPLETED/FAILED/REVERTED
    RUNNING → COMPLETED | FAILED (polled)
    COMPLETED/FAILED --revert()--> REVERTING → REVERTED | REFUSED | CHECKING
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.models import StatusKind, StopResult
from tpsdesk.domain.trim import Trim
from tpsdesk.domain.trim_job import TrimJob, TrimJobStatus
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError, NetworkError, ServerError, UnexpectedResponse
from tpsdesk.services.errors import ErrorReport, internal_error, report_error
from tpsdesk.services.stop import FOLLOW_DELAYS_S, StopService
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.services.trim_track import (
    LostKind,
    LostRequest,
    TrimPhase,
    TrimTrack,
    job_differs,
    phase_of,
)
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)

POLL_DELAYS_S = (1.0, 1.0, 2.0, 2.0, 4.0, 4.0, 8.0, 15.0, 30.0)
"""Between status reads of a running job; the last one repeats."""

READ_BACK_DELAYS_S = FOLLOW_DELAYS_S
"""When an answer is lost: read the status back at these waits (5 minutes in all), like a stop."""


def _lost(exc: ApiError) -> bool:
    """Was the request perhaps applied although its answer never came?"""
    if isinstance(exc, NetworkError):
        return exc.maybe_applied
    return isinstance(exc, (ServerError, UnexpectedResponse))


def _bug(exc: Exception, doing: str, asset_id: str) -> ErrorReport:
    """Not an API error: a bug of ours, logged once with its traceback."""
    log.error("trim jobs: %s %s failed inside tpsdesk", doing, printable(asset_id), exc_info=exc)
    return internal_error(exc)


def _wait_words(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


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
        self._checkers: dict[str, asyncio.Task[object]] = {}  # read-backs after a lost answer
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

    def watch(self, asset_id: str) -> None:
        """Read the video's trim status once (and follow a running job); harmless to repeat."""
        track = self.track_of(asset_id)
        if track.phase is not TrimPhase.UNKNOWN:
            return
        self._set(replace(track, phase=TrimPhase.READING, note="Reading the trim status…"))
        self._tasks.spawn(self._read(asset_id), name=f"trim status {asset_id}")

    def refresh(self, asset_id: str) -> None:
        """Read the status again now (the user asked); not while a request is on its way.

        After a lost answer the phase stays (unknown, or not applied) unless the reading shows
        the request applied."""
        track = self.track_of(asset_id)
        if track.phase.busy:
            return
        if track.lost is None:
            self._set(replace(track, phase=TrimPhase.READING, note="Reading the trim status…", error=None))
        self._tasks.spawn(self._read(asset_id), name=f"trim status {asset_id}")

    async def _read(self, asset_id: str) -> None:
        try:
            job = await self._client.trim_status(asset_id)
        except Exception as exc:
            report = report_error(exc) if isinstance(exc, ApiError) else _bug(exc, "reading the status of", asset_id)
            previous = self._tracks.get(asset_id)
            if previous is not None and previous.lost is not None:
                self._set(replace(previous, error=report))
                return
            self._set(TrimTrack(asset_id, phase_of(previous.job) if previous and previous.job else
                                TrimPhase.UNKNOWN, previous.job if previous else None,
                                "Could not read the trim status.", report))
            return
        self._show_job(asset_id, job)

    def _show_job(self, asset_id: str, job: TrimJob | None, note: str = "") -> None:
        previous = self._tracks.get(asset_id)
        lost = previous.lost if previous is not None else None
        if previous is not None and lost is not None:
            if not lost.applied_in(job):  # still unknown (or not applied): the words stay
                self._set(replace(previous, job=job))
                return
            note = note or (f"The {lost.kind.value} went through although its answer was lost "
                            "(nothing was resent).")
            if lost.kind is LostKind.REVERT:
                self._set(TrimTrack(asset_id, TrimPhase.REVERTED if job is None else phase_of(job), job, note))
                self._tasks.spawn(self._reread_asset(asset_id), name=f"re-read {asset_id}")
                if job is not None and job.running:
                    self._follow(asset_id)
                return
        phase = phase_of(job)
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
        except ApiError as exc:  # the trim itself is fine; the old duration stays until the next read
            log.info("re-reading %s after its trim failed: %s", printable(asset_id), type(exc).__name__)
        except Exception as exc:
            self.problem.emit(asset_id, _bug(exc, "re-reading", asset_id))

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
                report = report_error(exc) if isinstance(exc, ApiError) else _bug(exc, "following", asset_id)
                self._set(replace(self.track_of(asset_id), error=report,
                                  note="Could not read the trim status; trying again shortly."))
                continue
            if job is None or job.done:
                self._followers.pop(asset_id, None)
                self._show_job(asset_id, job)
                return
            self._set(TrimTrack(asset_id, TrimPhase.RUNNING, job,
                                f"The trim job is {job.label}; following it…"))

    # -- trimming ----------------------------------------------------------------
    def _may_send(self, track: TrimTrack, despite_unknown: bool) -> bool:
        if track.outcome_unknown and not despite_unknown:
            return False  # the earlier request may have gone through: the user must say so first
        checker = self._checkers.pop(track.asset_id, None)
        if checker is not None:
            checker.cancel()  # the new request's answer supersedes the earlier one's read-back
        return True

    def trim(self, asset_id: str, trim: Trim, *, despite_unknown: bool = False) -> bool:
        """Send one trim; False (nothing sent) while another request or job runs for this video,
        or while an earlier one's outcome is unknown and ``despite_unknown`` was not given."""
        track = self.track_of(asset_id)
        if not track.can_trim or not self._may_send(track, despite_unknown):
            return False
        self._set(TrimTrack(asset_id, TrimPhase.SENDING, track.job, f"Sending the trim {trim.describe()}…"))
        self._tasks.spawn(self._trim(asset_id, trim, track.job), name=f"trim {asset_id}")
        return True

    async def _trim(self, asset_id: str, trim: Trim, before: TrimJob | None) -> None:
        try:
            accepted = await self._client.trim_video(asset_id, trim)
        except ApiError as exc:
            if not _lost(exc):
                self._set(TrimTrack(asset_id, TrimPhase.REFUSED, before, "The trim was not applied.",
                                    report_error(exc, headline="Trim refused")))
                return
            report = report_error(exc, headline="Trim answer lost")
        except Exception as exc:  # a bug of ours after sending: the outcome is unknown, never "refused"
            report = _bug(exc, "trimming", asset_id)
        else:
            job = TrimJob(accepted.job_id or "", trim.start_time, trim.end_time, TrimJobStatus.PENDING,
                          accepted.status_text or "Pending", None, None)
            self._set(TrimTrack(asset_id, TrimPhase.RUNNING, job,
                                accepted.message or "The server accepted the trim; following its job…"))
            self._follow(asset_id)
            return
        await self._check_lost(asset_id, LostRequest(LostKind.TRIM, trim, before), report)

    # -- reverting ------------------------------------------------------------------
    def revert(self, asset_id: str, *, despite_unknown: bool = False) -> bool:
        track = self.track_of(asset_id)
        if not track.can_revert or not self._may_send(track, despite_unknown):
            return False
        self._set(TrimTrack(asset_id, TrimPhase.REVERTING, track.job, "Reverting the trim…"))
        self._tasks.spawn(self._revert(asset_id, track.job), name=f"revert trim {asset_id}")
        return True

    async def _revert(self, asset_id: str, before: TrimJob | None) -> None:
        try:
            accepted = await self._client.revert_trim(asset_id)
        except ApiError as exc:
            if not _lost(exc):
                self._set(TrimTrack(asset_id, TrimPhase.REFUSED, before, "The trim was not reverted.",
                                    report_error(exc, headline="Revert refused")))
                return
            report = report_error(exc, headline="Revert answer lost")
        except Exception as exc:
            report = _bug(exc, "reverting", asset_id)
        else:
            message = accepted.message or "The server accepted the revert."
            task = f" (task {accepted.task_id})" if accepted.task_id else ""
            try:
                job: TrimJob | None = await self._client.trim_status(asset_id)
            except ApiError:
                job = None
            except Exception as exc:
                self.problem.emit(asset_id, _bug(exc, "reading the status of", asset_id))
                job = None
            if job is not None and not job_differs(job, before):
                message += (f"{task} The server still lists the earlier trim job; "
                            "the original video may take a moment to come back.")
            else:
                message += task
            self._set(TrimTrack(asset_id, TrimPhase.REVERTED, job, message))
            await self._reread_asset(asset_id)
            return
        await self._check_lost(asset_id, LostRequest(LostKind.REVERT, None, before), report)

    # -- a lost answer: unknown until the server shows it ------------------------------
    async def _check_lost(self, asset_id: str, lost: LostRequest, report: ErrorReport) -> None:
        self._set(TrimTrack(asset_id, TrimPhase.CHECKING, lost.before,
                            f"The {lost.kind.value}'s answer was lost, so whether it went through is not known "
                            "yet. Reading the trim status back (nothing is resent)…", report, lost))
        me = asyncio.current_task()
        assert me is not None
        self._checkers[asset_id] = me
        try:
            await self._read_back_for_minutes(asset_id, lost, report)
        finally:
            if self._checkers.get(asset_id) is me:
                del self._checkers[asset_id]

    async def _read_back_for_minutes(self, asset_id: str, lost: LostRequest, report: ErrorReport) -> None:
        what = lost.kind.value
        loop = asyncio.get_running_loop()
        began = loop.time()
        read_once = False
        delays = self._read_back_delays
        for index, delay in enumerate(delays):
            await asyncio.sleep(delay)
            if self.track_of(asset_id).lost is not lost:
                return  # the truth came another way (a refresh), or a new request took over
            waited = _wait_words(loop.time() - began)
            next_in = f"checking again in {_wait_words(delays[index + 1])}" if index + 1 < len(delays) else ""
            try:
                job = await self._client.trim_status(asset_id)
            except Exception as exc:
                problem = report_error(exc) if isinstance(exc, ApiError) else _bug(exc, "reading back", asset_id)
                self._set(replace(self.track_of(asset_id), error=problem,
                                  note=f"The {what}'s answer was lost and reading the status back failed "
                                  f"after {waited}; {next_in or 'no more checks'}. Nothing was resent."))
                continue
            read_once = True
            if lost.applied_in(job):
                self._show_job(asset_id, job)
                return
            self._set(replace(self.track_of(asset_id), job=job, error=report,
                              note=f"The {what}'s answer was lost; after {waited} the server does not show "
                              f"it applied yet{'; ' + next_in if next_in else ''}. Nothing was resent."))
        waited = _wait_words(loop.time() - began)
        if not read_once:
            self._set(replace(self.track_of(asset_id),
                              note=f"The {what}'s answer was lost and reading the status back failed for "
                              f"{waited}: whether it went through is unknown. Check the status before trying "
                              "again; nothing was resent."))
            return
        if lost.kind is LostKind.TRIM:
            words = (f"The trim was not applied: its answer was lost and after {waited} of checking the "
                     "server shows no new trim job. Nothing was resent; you can trim again.")
        else:
            words = (f"The revert was not applied: its answer was lost and after {waited} of checking "
                     "the trim is still there. Nothing was resent; you can revert again.")
        self._set(replace(self.track_of(asset_id), phase=TrimPhase.NOT_APPLIED, note=words))

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
