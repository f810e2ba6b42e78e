"""A live stream's activities as a timeline relative to its start.

Pure logic, no Qt. Activity timestamps are naive server-local times with
minute precision (``September 22, 2025, 05:59 PM``) while ``start`` has
seconds, so every position here is only good to about a minute
(:data:`ACTIVITY_PRECISION_S`); the UI says "about" and the trim suggestion
widens by that much rather than cut into the class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from tpsdesk.domain.models import Activity
from tpsdesk.domain.timefmt import format_hms

ACTIVITY_PRECISION_S = 60
"""Activity timestamps carry minutes only."""


class SegmentKind(Enum):
    WAITING = "Waiting for the encoder"  # from the start until the first publish
    PUBLISHING = "Encoder publishing"
    DROPPED = "Encoder dropped"


@dataclass(frozen=True, slots=True)
class TimelineSegment:
    start_s: int
    end_s: int | None  # None: still open at the live edge
    kind: SegmentKind

    def end_or(self, elapsed: int) -> int:
        return elapsed if self.end_s is None else self.end_s

    def describe(self) -> str:
        end = "now" if self.end_s is None else f"about {format_hms(self.end_s)}"
        return f"{self.kind.value}: about {format_hms(self.start_s)} – {end}"


@dataclass(frozen=True, slots=True)
class TimelineMarker:
    at_s: int
    label: str

    def describe(self) -> str:
        return f"{self.label} at about {format_hms(self.at_s)}"


@dataclass(frozen=True, slots=True)
class Timeline:
    elapsed: int
    segments: tuple[TimelineSegment, ...] = ()
    markers: tuple[TimelineMarker, ...] = ()
    skipped: int = 0  # activities without a readable timestamp

    @property
    def is_empty(self) -> bool:
        return not self.segments and not self.markers


class _Event(Enum):
    PUBLISH = "publish"
    DONE = "done"
    STOP = "stop"
    OTHER = "other"


def _key(status: str) -> str:
    return status.strip().upper().replace(" ", "_").replace("-", "_")


# Both the activity spelling ("On Publish") and the webhook event name.
_EVENTS = {
    "ON_PUBLISH": _Event.PUBLISH,
    "ON_PUBLISH_DONE": _Event.DONE,
    "STOPPED": _Event.STOP,
}


@dataclass(slots=True)
class _Builder:
    elapsed: int
    segments: list[TimelineSegment]
    markers: list[TimelineMarker]
    kind: SegmentKind = SegmentKind.WAITING
    since: int = 0
    stopped: bool = False

    def switch(self, at: int, kind: SegmentKind | None) -> None:
        """Close the running segment at ``at`` and open ``kind`` (None: nothing)."""
        if at > self.since:
            self.segments.append(TimelineSegment(self.since, at, self.kind))
        if kind is None:
            return
        last = self.segments[-1] if self.segments else None
        if last is not None and last.kind is kind and last.end_s == at:
            # A drop and reconnect within the same second: one segment, not two.
            self.segments.pop()
            self.kind, self.since = kind, last.start_s
        else:
            self.kind, self.since = kind, at

    def feed(self, at: int, event: _Event, label: str) -> None:
        if self.stopped or event is _Event.OTHER:
            self.markers.append(TimelineMarker(at, label))
            return
        if event is _Event.STOP:
            self.switch(at, None)
            self.stopped = True
            self.markers.append(TimelineMarker(at, label))
        elif event is _Event.PUBLISH and self.kind is not SegmentKind.PUBLISHING:
            self.switch(at, SegmentKind.PUBLISHING)
        elif event is _Event.DONE and self.kind is SegmentKind.PUBLISHING:
            self.switch(at, SegmentKind.DROPPED)
        else:
            # A repeat (publish while publishing, done while not): keep it visible.
            self.markers.append(TimelineMarker(at, label))

    def finish(self) -> None:
        # Never published: no band at all rather than one grey block.
        if not self.stopped and self.kind is not SegmentKind.WAITING:
            self.segments.append(TimelineSegment(self.since, None, self.kind))


def build_timeline(
    activities: Iterable[Activity] | None, stream_start: datetime | None, elapsed: int
) -> Timeline:
    """Place activities on ``[0, elapsed]`` seconds from ``stream_start``.

    Tolerant by design: missing timestamps are skipped (and counted), unknown
    statuses become markers, the list may come in any order, and a publish
    without its "done" stays open to the live edge.
    """
    elapsed = max(0, int(elapsed))
    if stream_start is None or not activities:
        return Timeline(elapsed)
    placed: list[tuple[int, int, _Event, str]] = []
    skipped = 0
    for order, activity in enumerate(activities):
        if activity.timestamp is None:
            skipped += 1
            continue
        offset = int((activity.timestamp - stream_start).total_seconds())
        at = min(max(offset, 0), elapsed)
        event = _EVENTS.get(_key(activity.status), _Event.OTHER)
        placed.append((at, order, event, activity.status.strip() or "(no status)"))
    placed.sort(key=lambda item: (item[0], item[1]))

    builder = _Builder(elapsed, [], [])
    index = 0
    while index < len(placed):
        # Events in the same minute come in no reliable order: take them in the
        # order that makes sense from the current state (a drop then a
        # reconnect while publishing, a publish then a drop otherwise).
        at = placed[index][0]
        group = []
        while index < len(placed) and placed[index][0] == at:
            group.append(placed[index])
            index += 1
        first = _Event.DONE if builder.kind is SegmentKind.PUBLISHING else _Event.PUBLISH
        rank = {first: 0, _Event.OTHER: 1}
        group.sort(key=lambda item: (item[2] is _Event.STOP, rank.get(item[2], 2)))
        for _, _, event, label in group:
            builder.feed(at, event, label)
    builder.finish()
    return Timeline(elapsed, tuple(builder.segments), tuple(builder.markers), skipped)


def suggest_trim(
    timeline: Timeline | None, *, margin_s: int = ACTIVITY_PRECISION_S
) -> tuple[int, int] | None:
    """From the first publish to the last publish's end, widened by ``margin_s``.

    The margin (one minute by default) covers the activities' minute
    precision: keeping a minute of dead air beats cutting the class. An open
    publish ends at the live edge. None when nothing was published.
    """
    if timeline is None:
        return None
    published = [s for s in timeline.segments if s.kind is SegmentKind.PUBLISHING]
    if not published:
        return None
    elapsed = timeline.elapsed
    start = max(0, published[0].start_s - margin_s)
    last_end = published[-1].end_s
    end = elapsed if last_end is None else min(elapsed, last_end + margin_s)
    if start >= end:
        return None
    return start, end
