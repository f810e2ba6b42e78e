"""The marks file: read once at start, written off the event loop, merged, durable.

One JSON document holds every organization's and stream's marks. Each write
re-reads the file and replaces only the entries this app changed, so two
running instances (two profiles, two windows) never overwrite each other's
marks; it drops streams whose newest mark is over 30 days old and, past the
size limit, the oldest streams first (never the whole file). The text goes to
a temporary file that is fsynced before the atomic rename.

:class:`MarksWriter` runs those writes in a worker thread (``asyncio.to_thread``),
one at a time, coalesced: changes made while a write runs are merged into the
next one, the last state of each entry winning.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from tpsdesk.domain.marks import (
    Mark,
    MarksFileError,
    marks_file,
    merge_entries,
    parse_marks_file,
    prune,
)
from tpsdesk.services.tasks import TaskOwner

log = logging.getLogger(__name__)

Table = dict[str, dict[str, list[Mark]]]
Changes = dict[tuple[str, str], list[Mark]]
MAX_FILE_BYTES = 2 * 1024 * 1024
"""Past this, the oldest streams are dropped on the next write."""
UNREADABLE_BYTES = 64 * 1024 * 1024
"""A file this large is no marks file: set aside unread."""


def _encode(table: Table) -> bytes:
    return json.dumps(marks_file(table), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class MarkFile:
    """The marks file on disk; every method blocks (call :meth:`write` through :class:`MarksWriter`)."""

    def __init__(self, path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes

    def _read(self) -> Table:
        """The table on disk ({} if there is none); raises OSError/ValueError if unreadable."""
        try:
            if self.path.stat().st_size > UNREADABLE_BYTES:
                raise MarksFileError("the file is far larger than marks can make it")
            data = json.loads(self.path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return {}
        return parse_marks_file(data)

    def _set_aside(self, now: datetime, reason: str) -> str:
        aside = self.path.with_name(f"{self.path.name}.unreadable-{now:%Y%m%d-%H%M%S}")
        try:
            os.replace(self.path, aside)
        except OSError as move_exc:
            return (f"The marks file {self.path} could not be read ({reason}) nor set aside "
                    f"({move_exc.strerror or move_exc}); marks taken now may not be kept.")
        return (f"The marks file could not be read ({reason}); it was set aside as {aside.name} "
                "and a new one was started.")

    def load(self, now: datetime) -> tuple[Table, str | None]:
        """The table, and a problem in plain words when the file had to be set aside."""
        try:
            return self._read(), None
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # MarksFileError and JSON errors too
            reason = str(exc) if isinstance(exc, MarksFileError) else type(exc).__name__
            return {}, self._set_aside(now, reason)

    def write(self, changes: Changes, now: datetime) -> str | None:
        """Merge ``changes`` into the file as it is now; a problem in plain words if it had to be set aside."""
        problem = None
        try:
            on_disk = self._read()
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # never write over what cannot be read
            reason = str(exc) if isinstance(exc, MarksFileError) else type(exc).__name__
            on_disk, problem = {}, self._set_aside(now, reason)
        table = prune(merge_entries(on_disk, changes), now=int(now.timestamp()), keep=changes,
                      fits=lambda t: len(_encode(t)) <= self.max_bytes)
        self._replace(_encode(table))
        return problem

    def _replace(self, data: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".marks-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())  # the data is on disk before the name points at it
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if os.name == "posix":  # the rename itself survives a power cut once its folder is synced
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


class MarksWriter:
    """Writes the marks file in a worker thread: ordered, coalesced, the last state winning."""

    def __init__(self, file: MarkFile, clock: Callable[[], datetime],
                 on_problem: Callable[[str], None]) -> None:
        self.file = file
        self._clock = clock
        self._on_problem = on_problem
        self._pending: Changes = {}
        self._tasks = TaskOwner("marks file")
        self._drain: asyncio.Task[None] | None = None

    def put(self, org: str, stream: str, marks: Sequence[Mark]) -> None:
        """Queue this entry's new state; a write is started unless one runs (it takes this too)."""
        self._pending[(org, stream)] = list(marks)
        if self._drain is None or self._drain.done():
            self._drain = self._tasks.spawn(self._write_all(), name="write marks")

    @property
    def busy(self) -> bool:
        return bool(self._pending) or (self._drain is not None and not self._drain.done())

    async def _write_all(self) -> None:
        while self._pending:
            changes, self._pending = self._pending, {}
            try:
                problem = await asyncio.to_thread(self.file.write, changes, self._clock())
            except OSError as exc:  # the marks stay in memory for this session
                self._on_problem(f"Marks could not be saved to {self.file.path} "
                                 f"({exc.strerror or exc}); they are kept until you quit.")
                continue
            if problem:
                self._on_problem(problem)

    async def flush(self) -> None:
        """Wait until every queued change is on disk (or reported as failed)."""
        while self._drain is not None and not self._drain.done():
            await asyncio.shield(self._drain)

    async def aclose(self) -> None:
        """Finish the writes already asked for (a quit must not lose the last nudge), then stop."""
        await self.flush()
        await self._tasks.aclose()
