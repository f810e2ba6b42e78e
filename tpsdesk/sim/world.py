"""The simulator's state: streams, their lifecycle, and the stop rules.

Pure and synchronous (no HTTP, no asyncio) so it is testable on its own; the
server calls into it and the background clock calls ``tick``.

Choices where the contract is silent (keep in step with the server docstring):

* Stopping a stream that is Stopped/Recording/Completed/Error answers 400
  ``{"detail": "Live stream is not running."}``; Not Started, Streaming and
  Disconnected streams can be stopped.
* Recording duration for the trim check = whole seconds from ``start`` to the
  moment the stop arrives; from the first publish when ``start`` is null or in
  the future; 0 for a stream that never went live (so any trim is rejected).
  A stream that never went live stays Stopped (there is nothing to transcode).
* Provisioning (create without a future ``start``, or ``start_server``) ends
  with the server up *and* the simulated encoder publishing: Streaming.
* Completed recordings carry ``video`` only when ``transcode_recorded_video``.
"""

from __future__ import annotations

import heapq
import itertools
import random
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from . import fields
from .config import SimConfig
from .errors import ApiError, detail, not_found
from .model import (
    COMPLETED,
    DISCONNECTED,
    ERROR,
    MALFORMED_VARIANTS,
    NOT_STARTED,
    ON_PUBLISH,
    ON_PUBLISH_DONE,
    RECORDING,
    STOPPABLE,
    STOPPED,
    STREAMING,
    RenderContext,
    Stream,
    canonical_status,
    malform,
    render_asset,
)
from .seedgen import generate, make_id, org_short
from .timefmt import load_zone, parse_start
from .trim import parse_trim
from .trim_jobs import TrimJobs

STOP_OK = "Live stream stopped successfully"
NOT_RUNNING = "Live stream is not running."
LATENCIES = ("Low Latency", "Normal Latency")

Listener = Callable[[Stream], None]


class World:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.tz = load_zone(config.server_tz)
        self.clock = config.clock
        self.org_id = config.org_id
        self.org_short = org_short(config.org_id)
        # Runtime randomness (new ids, disconnect timing), separate from seeding.
        self._rng = random.Random(f"runtime-{config.seed}")
        self._events: list[tuple[float, int, str, int, str]] = []  # (due, seq, id, version, kind)
        self._seq = itertools.count()
        self.listeners: list[Listener] = []
        self.trim_jobs = TrimJobs(self.tz, self.clock, pending_s=config.trim_pending_s,
                                  processing_s=config.trim_processing_s)
        now = self.clock()
        seeded = generate(config, now)
        self.streams: dict[str, Stream] = {s.id: s for s in seeded}
        self._order: list[str] = [s.id for s in seeded]  # oldest first: creation appends
        for s in seeded:
            # A transcode in progress keeps its timing; live ones start their
            # random clock now, so the demo does not flip many at once.
            self._schedule_follow_up(s, s.status_changed if s.status == RECORDING else now)

    # ----- reading -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._order)

    def _ctx(self) -> RenderContext:
        return RenderContext(self.tz, self.org_short, self.clock(), self.config.recording_to_completed_s)

    def get(self, asset_id: str) -> Stream:
        """The internal record; KeyError if unknown."""
        return self.streams[asset_id]

    def asset(self, asset_id: str) -> dict[str, Any]:
        """One asset exactly as ``GET .../assets/<id>/`` returns it (ApiError 404 if unknown)."""
        s = self.streams.get(asset_id)
        if s is None:
            raise not_found()
        return render_asset(s, self._ctx())

    def render(self, s: Stream) -> dict[str, Any]:
        return render_asset(s, self._ctx())

    def newest_first(self) -> Iterator[Stream]:
        for sid in reversed(self._order):
            yield self.streams[sid]

    def list_assets(self) -> list[dict[str, Any]]:
        ctx = self._ctx()
        return [render_asset(s, ctx) for s in self.newest_first()]

    def page(self, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """One newest-first page; only the page's items are rendered (10k stays fast)."""
        count = len(self._order)
        hi = max(0, count - offset)
        ids = self._order[max(0, hi - limit):hi][::-1]
        ctx = self._ctx()
        every = self.config.malformed_every
        items = []
        for pos, sid in enumerate(ids, start=offset):
            item = render_asset(self.streams[sid], ctx)
            if every and (pos + 1) % every == 0:
                item = malform(item, MALFORMED_VARIANTS[(pos // every) % len(MALFORMED_VARIANTS)])
            items.append(item)
        return count, items

    def elapsed_of(self, asset_id: str) -> int | None:
        """Seconds of recording a stop would count right now; None when not live."""
        s = self.get(asset_id)
        if s.status not in (STREAMING, DISCONNECTED):
            return None
        now = int(self.clock())
        return max(0, now - self._recording_start(s, now))

    def streaming_ids(self) -> list[str]:
        return [s.id for s in self.newest_first() if s.status == STREAMING]

    # ----- changes -----------------------------------------------------------
    def _change(self, s: Stream, status: str, now: float, activity: str | None = None) -> None:
        s.status = status
        s.status_changed = now
        s.version += 1
        if activity:
            s.activities.append((activity, now))
        self.trim_jobs.recording_moved(s, now)
        self._schedule_follow_up(s, now)
        for listener in list(self.listeners):
            listener(s)

    def _schedule(self, s: Stream, due: float, kind: str) -> None:
        heapq.heappush(self._events, (due, next(self._seq), s.id, s.version, kind))

    def _schedule_follow_up(self, s: Stream, since: float) -> None:
        cfg = self.config
        if s.status == STREAMING and cfg.random_disconnects:
            self._schedule(s, since + self._rng.expovariate(1 / cfg.disconnect_mean_s), "disconnect")
        elif s.status == DISCONNECTED and cfg.random_disconnects:
            self._schedule(s, since + self._rng.uniform(*cfg.reconnect_after_s), "reconnect")
        elif s.status == STOPPED and s.recorded:
            self._schedule(s, since + cfg.stop_to_recording_s, "record")
        elif s.status == RECORDING:
            self._schedule(s, since + cfg.recording_to_completed_s, "complete")
        elif s.status == NOT_STARTED and s.provisioning:
            self._schedule(s, since + cfg.not_started_to_streaming_s, "provision")

    def _go_live(self, s: Stream, now: float) -> None:
        s.server_ready, s.provisioning = True, False
        if s.streaming_since is None:
            s.streaming_since = int(now)
        self._change(s, STREAMING, now, ON_PUBLISH)

    def tick(self, now: float | None = None) -> int:
        """Apply every clock event due by ``now``; returns how many applied."""
        now = self.clock() if now is None else now
        applied = 0
        while self._events and self._events[0][0] <= now:
            _, _, sid, version, kind = heapq.heappop(self._events)
            s = self.streams.get(sid)
            if s is None or s.version != version:
                continue  # deleted, or its status changed since: stale event
            applied += 1
            if kind == "provision":
                self._go_live(s, now)
            elif kind == "disconnect":
                self._change(s, DISCONNECTED, now, ON_PUBLISH_DONE)
            elif kind == "reconnect":
                self._change(s, STREAMING, now, ON_PUBLISH)
            elif kind == "record":
                self._change(s, RECORDING, now)
            elif kind == "complete":
                self._change(s, COMPLETED, now)
        self.trim_jobs.tick(self.streams, now)
        return applied

    def advance(self, asset_id: str) -> str:
        """Take the next lifecycle step now (provisioning or post-stop); returns the new status."""
        s = self.get(asset_id)
        now = self.clock()
        if s.status == NOT_STARTED:
            self._go_live(s, now)
        elif s.status == STOPPED and s.recorded:
            self._change(s, RECORDING, now)
        elif s.status == RECORDING:
            self._change(s, COMPLETED, now)
        else:
            raise ValueError(f"{asset_id} is {s.status}: no lifecycle step to take")
        return s.status

    def set_status(self, asset_id: str, status: str) -> None:
        """Force a status (tests, demo), with the activity the real server would log."""
        s = self.get(asset_id)
        new = canonical_status(status)
        now = self.clock()
        activity: str | None = None
        if new == STREAMING:
            s.server_ready, s.provisioning = True, False
            if s.streaming_since is None:
                s.streaming_since = int(now)
            activity = ON_PUBLISH
        elif new == DISCONNECTED:
            activity = ON_PUBLISH_DONE
        elif new == STOPPED:
            if s.status in STOPPABLE:
                self._record_stop(s, now)
            activity = STOPPED
        elif new in (RECORDING, COMPLETED) and not s.recorded:
            # Forced past a stop that never happened: invent the recording.
            s.recording_s = int(now) - self._recording_start(s, int(now))
            s.recorded = True
        elif new == ERROR:
            activity = ERROR
        self._change(s, new, now, activity)

    # ----- API operations (raise ApiError for DRF-style answers) ----------------
    def _recording_start(self, s: Stream, now: int) -> int:
        if s.status == NOT_STARTED or s.streaming_since is None:
            return now  # never went live: nothing recorded
        if s.start is not None and s.start <= now:
            return s.start
        return s.streaming_since

    def _record_stop(self, s: Stream, now: float) -> None:
        s.recorded = s.status in (STREAMING, DISCONNECTED) or s.recorded
        s.recording_started = self._recording_start(s, int(now))
        s.recording_s = int(now) - s.recording_started if s.recorded else 0

    def stop(self, asset_id: str, data: dict[str, Any]) -> dict[str, Any]:
        s = self.streams.get(asset_id)
        if s is None:
            raise not_found()
        if s.status not in STOPPABLE:
            raise detail(400, NOT_RUNNING)
        now = self.clock()
        now_s = int(now)
        trim = parse_trim(data, recording_start=self._recording_start(s, now_s), now=now_s)
        self._record_stop(s, now)
        s.trim, s.provisioning = trim, False
        if trim is not None:
            self.trim_jobs.scheduled_by_stop(s, trim, now)
        self._change(s, STOPPED, now, STOPPED)
        return {"message": STOP_OK, "trim_scheduled": trim is not None}

    def create(self, data: dict[str, Any]) -> Stream:
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}

        def check(name: str, convert: Callable[[Any], Any], required: bool = False) -> None:
            if name not in data:
                if required:
                    errors[name] = [fields.REQUIRED]
                return
            try:
                values[name] = convert(data[name])
            except fields.FieldError as exc:
                errors[name] = [str(exc)]

        def start(value: Any) -> int | None:
            if value is None:
                return None
            try:
                return int(parse_start(str(value), self.tz))
            except ValueError:
                raise fields.FieldError(
                    "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DD hh:mm:ss."
                ) from None

        check("title", lambda v: fields.char(v, max_length=255), required=True)
        check("start", start)
        check("latency", lambda v: fields.choice(v, LATENCIES))
        for flag in ("enable_drm_for_recording", "transcode_recorded_video", "enable_drm", "enable_llhls"):
            check(flag, fields.boolean)
        if errors:
            raise ApiError(400, errors)
        now = self.clock()
        sid = make_id(self._rng)
        while sid in self.streams:
            sid = make_id(self._rng)
        s = Stream(
            id=sid, title=values["title"], created=now, status=NOT_STARTED, start=values.get("start"),
            status_changed=now, stream_key_suffix=make_id(self._rng, 4),
            video_uuid=str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
        )
        for key, value in values.items():
            if key not in ("title", "start"):
                setattr(s, key, value)
        # No start (or one already due): the server starts provisioning at once.
        s.provisioning = s.start is None or s.start <= now
        self.streams[sid] = s
        self._order.append(sid)
        self._change(s, NOT_STARTED, now)  # the CREATED webhook
        return s

    def start_server(self, asset_id: str) -> dict[str, Any]:
        s = self.streams.get(asset_id)
        if s is None:
            raise not_found()
        if s.status != NOT_STARTED:
            raise detail(400, "The server can be started only for a live stream that has not started.")
        if not s.provisioning:  # a repeated call while provisioning is harmless
            s.provisioning = True
            self._schedule_follow_up(s, self.clock())
        return {"message": "Live stream server is starting."}

    def rename(self, asset_id: str, new_id: str) -> None:
        """A test aid: the stream keeps its place and state under another id."""
        if new_id in self.streams:
            raise ValueError(f"{new_id!r} is taken")
        s = self.streams.pop(asset_id)
        s.id = new_id
        self.streams[new_id] = s
        self._order[self._order.index(asset_id)] = new_id
        self._schedule_follow_up(s, self.clock())  # its pending clock event named the old id

    def delete(self, asset_id: str) -> None:
        if self.streams.pop(asset_id, None) is None:
            raise not_found()
        self._order.remove(asset_id)
