"""Live marks: moments a producer flags while the class runs, that can become the trim.

Pure: no Qt, no I/O. A mark's time is whole Unix epoch seconds on the
*server's* clock (this machine's clock corrected by the measured skew), so a
trim made of marks can be sent as epoch seconds exactly as they were taken.
The file format (one JSON document for every organization and stream) is read
here too, strictly: anything that does not fit is a :class:`MarksFileError`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.trim import EPOCH_THRESHOLD, TrimPlan, validate_trim

FILE_VERSION = 1
MAX_NAME = 80
MAX_MARKS_PER_STREAM = 500


class MarkKind(Enum):
    IN = "in"
    OUT = "out"

    @property
    def label(self) -> str:
        return "In" if self is MarkKind.IN else "Out"


@dataclass(frozen=True, slots=True)
class Mark:
    id: str
    kind: MarkKind
    at: int  # Unix epoch seconds, server clock
    name: str

    def position(self, start_epoch: int) -> int:
        """Seconds from the stream's start (may be negative after a nudge)."""
        return self.at - start_epoch


@dataclass(frozen=True, slots=True)
class MarkPair:
    mark_in: Mark
    mark_out: Mark

    @property
    def key(self) -> tuple[str, str]:
        return self.mark_in.id, self.mark_out.id

    def describe(self, start_epoch: int | None = None) -> str:
        if start_epoch is None:
            return f"“{self.mark_in.name}” → “{self.mark_out.name}”"
        return (f"“{self.mark_in.name}” {format_hms(max(0, self.mark_in.position(start_epoch)))} → "
                f"“{self.mark_out.name}” {format_hms(max(0, self.mark_out.position(start_epoch)))}")


class MarksFileError(ValueError):
    """The marks file cannot be trusted; ``str(exc)`` says why in plain words."""


def new_mark(kind: MarkKind, at: int, existing: Sequence[Mark]) -> Mark:
    """A mark named "In 2", "Out 3" … after the ones of its kind already there."""
    count = sum(1 for m in existing if m.kind is kind) + 1
    return Mark(uuid.uuid4().hex[:12], kind, int(at), f"{kind.label} {count}")


def in_order(marks: Iterable[Mark]) -> list[Mark]:
    return sorted(marks, key=lambda m: (m.at, m.kind is MarkKind.OUT, m.id))


def nudge(mark: Mark, seconds: int) -> Mark:
    return replace(mark, at=mark.at + int(seconds))


def rename(mark: Mark, name: str) -> Mark:
    """A new name, trimmed and capped; an empty one keeps the old name."""
    cleaned = " ".join(name.split())[:MAX_NAME]
    return replace(mark, name=cleaned or mark.name)


def pairs(marks: Iterable[Mark]) -> list[MarkPair]:
    """In/out pairs in time order: each in with the first out after it, before the next in.

    An in without an out, or an out without an in before it, pairs with nothing.
    """
    found: list[MarkPair] = []
    pending: Mark | None = None
    for mark in in_order(marks):
        if mark.kind is MarkKind.IN:
            pending = mark
        elif pending is not None and mark.at > pending.at:
            found.append(MarkPair(pending, mark))
            pending = None
    return found


# ----- the file ------------------------------------------------------------------
def _mark_from(data: object) -> Mark:
    if not isinstance(data, Mapping):
        raise MarksFileError("a mark is not an object")
    mark_id, kind, at, name = data.get("id"), data.get("kind"), data.get("at"), data.get("name")
    if not isinstance(mark_id, str) or not 0 < len(mark_id) <= 64:
        raise MarksFileError("a mark has no valid id")
    if kind not in ("in", "out"):
        raise MarksFileError(f"a mark has an unknown kind {str(kind)[:20]!r}")
    if isinstance(at, bool) or not isinstance(at, int) or not EPOCH_THRESHOLD <= at < 10 * EPOCH_THRESHOLD:
        raise MarksFileError("a mark's time is not Unix epoch seconds")
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise MarksFileError("a mark's name is not valid text")
    return Mark(mark_id, MarkKind(kind), at, name)


def parse_marks_file(data: object) -> dict[str, dict[str, list[Mark]]]:
    """``{"version": 1, "marks": {org: {stream: [mark, …]}}}`` → organization → stream → marks."""
    if not isinstance(data, Mapping) or data.get("version") != FILE_VERSION:
        raise MarksFileError(f"not a version {FILE_VERSION} marks file")
    orgs = data.get("marks")
    if not isinstance(orgs, Mapping):
        raise MarksFileError("the file holds no marks table")
    out: dict[str, dict[str, list[Mark]]] = {}
    for org, streams in orgs.items():
        if not isinstance(org, str) or not isinstance(streams, Mapping):
            raise MarksFileError("an organization's entry is not a table")
        for stream, marks in streams.items():
            if not isinstance(stream, str) or not isinstance(marks, list) or len(marks) > MAX_MARKS_PER_STREAM:
                raise MarksFileError("a stream's marks are not a list")
            out.setdefault(org, {})[stream] = [_mark_from(m) for m in marks]
    return out


def marks_file(table: Mapping[str, Mapping[str, Sequence[Mark]]]) -> dict[str, Any]:
    """The JSON document for ``table``; streams without marks are left out."""
    return {"version": FILE_VERSION, "marks": {
        org: {stream: [{"id": m.id, "kind": m.kind.value, "at": m.at, "name": m.name} for m in marks]
              for stream, marks in streams.items() if marks}
        for org, streams in table.items() if any(streams.values())}}


MAX_AGE_S = 30 * 86_400
"""A stream whose newest mark is older than this is dropped from the file (its class is long over)."""


def merge_entries(table: Mapping[str, Mapping[str, Sequence[Mark]]],
                  changes: Mapping[tuple[str, str], Sequence[Mark]]) -> dict[str, dict[str, list[Mark]]]:
    """``table`` (the file as another instance may have left it) with only the changed
    organization+stream entries replaced (an empty list removes the entry)."""
    out = {org: {stream: list(marks) for stream, marks in streams.items()} for org, streams in table.items()}
    for (org, stream), marks in changes.items():
        streams = out.setdefault(org, {})
        if marks:
            streams[stream] = list(marks)
        else:
            streams.pop(stream, None)
    return {org: streams for org, streams in out.items() if streams}


def prune(table: Mapping[str, Mapping[str, Sequence[Mark]]], *, now: int, max_age_s: int = MAX_AGE_S,
          fits: Callable[[dict[str, dict[str, list[Mark]]]], bool] = lambda _t: True,
          keep: Iterable[tuple[str, str]] = ()) -> dict[str, dict[str, list[Mark]]]:
    """Drop streams whose newest mark is older than ``max_age_s``; then, while the table does not
    ``fit``, drop the stream with the oldest newest mark — never the ones in ``keep`` (just changed)."""
    kept = set(keep)
    out = {org: {stream: list(marks) for stream, marks in streams.items()
                 if marks and ((org, stream) in kept or max(m.at for m in marks) >= now - max_age_s)}
           for org, streams in table.items()}
    out = {org: streams for org, streams in out.items() if streams}
    by_age = sorted(((max(m.at for m in marks), org, stream) for org, streams in out.items()
                     for stream, marks in streams.items() if (org, stream) not in kept), reverse=True)
    while by_age and not fits(out):
        _newest, org, stream = by_age.pop()
        del out[org][stream]
        if not out[org]:
            del out[org]
    return out


# ----- marks on the trim ---------------------------------------------------------------
def timeline_position(mark: Mark, start_epoch: int) -> int:
    """Where a mark sits on the trim's timeline (seconds from the start), which runs on the
    server's clock like the mark (the session's clock is corrected by the measured skew)."""
    return mark.at - start_epoch


def pair_positions(pair: MarkPair, start_epoch: int) -> tuple[int, int]:
    return timeline_position(pair.mark_in, start_epoch), timeline_position(pair.mark_out, start_epoch)


def plan_from_marks(plan: TrimPlan, pair: MarkPair | None, positions: tuple[int, int] | None,
                    start_epoch: int) -> TrimPlan:
    """The stop's plan with the trim taken from ``pair`` as epoch seconds.

    Only while the trim's handles still sit exactly on the pair (``positions``):
    a handle moved by hand, or moved by the live-edge rule, means the trim is no
    longer the marks, and the plan is left as it was.
    """
    if plan.trim is None or pair is None or positions is None:
        return plan
    if (plan.trim.start_time, plan.trim.end_time) != positions:
        return plan
    trim = validate_trim(pair.mark_in.at, pair.mark_out.at, duration=pair.mark_out.at - start_epoch,
                         recording_start_epoch=start_epoch)
    assert trim is not None
    # Shown on the recording's timeline, from the very values sent (start_epoch is the recording's
    # start, whole seconds, as the server converts them), so the job reports the same range.
    shown = f"{format_hms(trim.start_time - start_epoch)} – {format_hms(trim.end_time - start_epoch)}"
    return TrimPlan(trim, f"From the marks {pair.describe()}, sent as Unix epoch seconds on the server's "
                          "clock.", shown)
