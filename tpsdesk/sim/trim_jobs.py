"""Trimming a completed recording: ``trim/``, ``trim/status/``, ``trim/revert/``.

Choices where the contract is silent (keep in step with the tests):

* One trim job per video is remembered: the latest. ``trim/status/`` answers
  it (``status`` 1 Pending, 2 Processing, 3 Completed, 4 Failed, with
  ``status_display``; ``created``/``modified`` are ISO times carrying the
  server zone's offset); 404 ``{"detail": ...}`` when the video has no trim.
* A trim applies to the video as it is now (a trimmed video can be trimmed
  again; ``end_time`` is bounded by the current duration). Missing
  ``start_time`` means 0, missing ``end_time`` the end. Unix epoch seconds
  (values ≥ 10^9, never mixed with relative ones) are read on the recording's
  own clock and must fall inside the video.
* A job goes Pending → Processing → Completed on the sped-up clock; the video
  changes only when it completes. A failure can be armed (tests, demo).
* A stop's scheduled trim is a job too: Pending from the stop, Processing while
  the recording transcodes, Completed (or Failed) when the recording is.
* Revert restores the original recording at once and forgets the job (so
  ``trim/status/`` answers 404 afterwards); nothing to revert is a 400, and so
  is a trim or a revert while a job runs.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from .errors import ApiError, detail, non_field
from .model import COMPLETED, ERROR, RECORDING, Stream
from .trim import EPOCH_THRESHOLD, MIXED_FORMATS, ORDER, Trim, read_trim_fields

PENDING, PROCESSING, DONE, FAILED = 1, 2, 3, 4
DISPLAY = {PENDING: "Pending", PROCESSING: "Processing", DONE: "Completed", FAILED: "Failed"}

ONE_REQUIRED = "At least one of start_time and end_time is required."
NOT_A_VIDEO = "Only a completed video can be trimmed; this asset's recording is not ready ({status})."
IN_PROGRESS = "A trim job is already in progress for this video."
NOTHING_TO_REVERT = "There is no trim to revert for this video."
NO_JOB = "No trim job found for this asset."
TRIM_STARTED = "Trim job created successfully."
REVERT_STARTED = "Trim reverted; the original video is being restored."


@dataclass(slots=True)
class TrimJob:
    id: int
    asset_id: str
    start_s: int  # the kept part, in seconds of the original recording
    end_s: int
    shown_start: int  # the values as the request gave them (defaults filled in)
    shown_end: int
    status: int
    created: float
    modified: float
    from_stop: bool = False
    fail: bool = False

    @property
    def running(self) -> bool:
        return self.status in (PENDING, PROCESSING)


def iso(epoch: float, tz: tzinfo) -> str:
    """``2025-10-09T14:23:20.512000+05:30``: DRF's rendering of an aware datetime."""
    return datetime.fromtimestamp(epoch, tz).isoformat()


def recording_start(s: Stream) -> int:
    """Epoch second the recording's own clock starts at (what epoch trims are read against)."""
    if s.recording_started is not None:
        return s.recording_started
    if s.start is not None:
        return s.start
    return s.streaming_since or int(s.created)


def parse_video_trim(data: dict[str, Any], *, duration: int, video_start_epoch: int) -> tuple[int, int, int, int]:
    """(start, end) in seconds of the current video, and the values as given; or raise ApiError."""
    values = read_trim_fields(data)
    errors: dict[str, list[str]] = {}
    if not values:
        raise non_field(ONE_REQUIRED)
    epochs = {name: v >= EPOCH_THRESHOLD for name, v in values.items()}
    if len(set(epochs.values())) > 1:
        raise non_field(MIXED_FORMATS)
    epoch = next(iter(epochs.values()))
    offset = video_start_epoch if epoch else 0
    shown_start = values.get("start_time", offset)
    shown_end = values.get("end_time", offset + duration)
    start, end = shown_start - offset, shown_end - offset
    if epoch:
        if start < 0:
            errors["start_time"] = [
                f"start_time ({shown_start}) is before the video starts (Unix time {video_start_epoch})."]
        if end > duration:
            errors["end_time"] = [
                f"end_time ({shown_end}) is after the video ends (Unix time {video_start_epoch + duration})."]
        if errors:
            raise ApiError(400, errors)
    if "end_time" not in values and start >= duration:
        raise ApiError(400, {"start_time": [
            f"start_time ({shown_start}) must be less than the video duration ({duration} seconds)."]})
    if start >= end:
        raise non_field(ORDER)
    if end > duration:
        raise ApiError(400, {"end_time": [
            f"end_time ({shown_end}) cannot exceed the video duration ({duration} seconds)."]})
    return start, end, shown_start, shown_end


class TrimJobs:
    def __init__(self, tz: tzinfo, clock: Callable[[], float], *, pending_s: float, processing_s: float) -> None:
        self.tz = tz
        self.clock = clock
        self.pending_s = pending_s
        self.processing_s = processing_s
        self.jobs: dict[str, TrimJob] = {}  # the latest job per asset
        self._ids = itertools.count(101)
        self._fail_armed: list[str | None] = []  # asset ids (None: any) whose next job fails

    # ----- test and demo aids ---------------------------------------------------
    def arm_failure(self, asset_id: str | None = None) -> None:
        """The next job (for ``asset_id``, or any) ends Failed and leaves the video as it was."""
        self._fail_armed.append(asset_id)

    def _take_failure(self, asset_id: str) -> bool:
        for armed in self._fail_armed:
            if armed is None or armed == asset_id:
                self._fail_armed.remove(armed)
                return True
        return False

    # ----- reading --------------------------------------------------------------
    def job_of(self, s: Stream) -> TrimJob | None:
        job = self.jobs.get(s.id)
        if job is None and s.trim is not None and s.status == COMPLETED:
            # A video trimmed before the simulator started (seeded): its job is long done.
            job = TrimJob(next(self._ids), s.id, s.trim.start_s, s.trim.end_s, s.trim.start_s, s.trim.end_s,
                          DONE, s.status_changed, s.status_changed, from_stop=True)
            self.jobs[s.id] = job
        return job

    def render(self, job: TrimJob) -> dict[str, Any]:
        return {
            "id": job.id, "start_time": job.shown_start, "end_time": job.shown_end,
            "status": job.status, "status_display": DISPLAY[job.status],
            "created": iso(job.created, self.tz), "modified": iso(job.modified, self.tz),
        }

    def status(self, s: Stream) -> dict[str, Any]:
        job = self.job_of(s)
        if job is None:
            raise detail(404, NO_JOB)
        return self.render(job)

    # ----- requests ---------------------------------------------------------------
    def _check_video(self, s: Stream) -> None:
        if s.status != COMPLETED or not s.recorded or not s.transcode_recorded_video:
            raise detail(400, NOT_A_VIDEO.format(status=s.status))
        job = self.job_of(s)
        if job is not None and job.running:
            raise detail(400, IN_PROGRESS)

    def request(self, s: Stream, data: dict[str, Any]) -> dict[str, Any]:
        self._check_video(s)
        kept = s.trim or Trim(0, s.recording_s, epoch_format=False)
        start, end, shown_start, shown_end = parse_video_trim(
            data, duration=kept.end_s - kept.start_s, video_start_epoch=recording_start(s) + kept.start_s)
        now = self.clock()
        job = TrimJob(next(self._ids), s.id, kept.start_s + start, kept.start_s + end, shown_start, shown_end,
                      PENDING, now, now, fail=self._take_failure(s.id))
        self.jobs[s.id] = job
        return {"message": TRIM_STARTED, "trim_job_id": job.id, "status": DISPLAY[PENDING]}

    def revert(self, s: Stream) -> dict[str, Any]:
        self._check_video(s)
        if s.trim is None:
            raise detail(400, NOTHING_TO_REVERT)
        s.trim = None
        self.jobs.pop(s.id, None)
        return {"message": REVERT_STARTED, "task_id": str(uuid.uuid4())}

    # ----- the stop's scheduled trim ---------------------------------------------------
    def scheduled_by_stop(self, s: Stream, trim: Trim, now: float) -> None:
        self.jobs[s.id] = TrimJob(next(self._ids), s.id, trim.start_s, trim.end_s, trim.start_s, trim.end_s,
                                  PENDING, now, now, from_stop=True, fail=self._take_failure(s.id))

    def recording_moved(self, s: Stream, now: float) -> None:
        """The stream's status changed: a stop's job follows its recording."""
        job = self.jobs.get(s.id)
        if job is None or not job.from_stop or not job.running:
            return
        if s.status == COMPLETED:
            self._finish(s, job, now)
        elif s.status == ERROR:
            job.status, job.modified = FAILED, now
        elif s.status == RECORDING and job.status == PENDING:
            job.status, job.modified = PROCESSING, now

    # ----- the clock ----------------------------------------------------------------------
    def _finish(self, s: Stream, job: TrimJob, now: float) -> None:
        job.modified = now
        if job.fail:
            job.status = FAILED
            if job.from_stop:
                s.trim = None  # the scheduled trim was not applied: the whole recording stays
            return
        job.status = DONE
        s.trim = Trim(job.start_s, job.end_s, epoch_format=False)

    def step(self, s: Stream, now: float) -> bool:
        """Move ``s``'s own trim job one step; False when there is none to move."""
        job = self.jobs.get(s.id)
        if job is None or job.from_stop or not job.running:
            return False
        if job.status == PENDING:
            job.status, job.modified = PROCESSING, now
        else:
            self._finish(s, job, now)
        return True

    def tick(self, streams: dict[str, Stream], now: float) -> None:
        for job in list(self.jobs.values()):
            if job.from_stop or not job.running:
                continue
            s = streams.get(job.asset_id)
            if s is None:
                self.jobs.pop(job.asset_id, None)
                continue
            wait = self.pending_s if job.status == PENDING else self.processing_s
            if now >= job.modified + wait:
                self.step(s, now)
