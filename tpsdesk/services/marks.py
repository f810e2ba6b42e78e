"""Live marks per organization and stream, kept on this computer until the stop.

Marks live in memory and in one JSON file under the platform's app-data folder
(``services/marks_file.py``): read at start and written after each change off
the event loop, coalesced, merged with what other instances wrote, fsynced and
renamed into place. A file that cannot be read is reported once and set aside (renamed),
never a crash, and marks go on in a fresh file. Nothing here talks to the server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.marks import (
    MAX_MARKS_PER_STREAM,
    Mark,
    MarkKind,
    MarkPair,
    in_order,
    new_mark,
    nudge,
    pairs,
    rename,
)
from tpsdesk.domain.server_clock import ServerClock
from tpsdesk.services.marks_file import MarkFile, MarksWriter, Table
from tpsdesk.services.tasks import TaskOwner

log = logging.getLogger(__name__)


def default_marks_path() -> Path:
    """``marks.json`` in the platform's app-data folder (created on the first write)."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home() / ".tpsdesk") / "marks.json"


class MarksService(QObject):
    marksChanged = Signal(str)  # asset id
    problem = Signal(str)  # plain words for the status bar

    def __init__(self, org_id: str, file: MarkFile | None, server_clock: ServerClock,
                 clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        """``clock``: the session's clock, already on the server's time; ``server_clock``: the
        skew it is corrected by (shown when notable)."""
        super().__init__(parent)
        self._org = org_id
        self._file = file
        self._server_clock = server_clock
        self._clock = clock
        self._table: Table = {}
        self._applied: dict[str, tuple[str, str]] = {}  # asset id -> the pair put on the trim
        self.load_problem: str | None = None
        self._writer: MarksWriter | None = None
        self._tasks = TaskOwner("marks")
        self._loading: asyncio.Task[None] | None = None
        self._touched: set[str] = set()  # streams changed here before the file was read
        if file is not None:
            # Read once, in a worker thread like every write: the window does not wait for it.
            self._writer = MarksWriter(file, clock, self.problem.emit)
            self._loading = self._tasks.spawn(self._load(file), name="read marks")

    async def _load(self, file: MarkFile) -> None:
        table, problem = await asyncio.to_thread(file.load, self._clock())
        mine = self._table.get(self._org, {})
        for org, streams in table.items():
            ours = self._table.setdefault(org, {})
            for stream, marks in streams.items():
                if org != self._org or stream not in self._touched:  # a change made meanwhile is newer
                    ours[stream] = marks
        self._touched.clear()
        self.load_problem = problem
        if problem:
            self.problem.emit(problem)
        for stream in set(table.get(self._org, {})) | set(mine):
            self.marksChanged.emit(stream)

    async def ready(self) -> None:
        """Wait until the file has been read (at once when there is none)."""
        if self._loading is not None:
            await asyncio.shield(self._loading)

    # -- reading -------------------------------------------------------------------
    @property
    def server_clock(self) -> ServerClock:
        return self._server_clock

    def marks(self, asset_id: str) -> list[Mark]:
        return in_order(self._table.get(self._org, {}).get(asset_id, []))

    def pairs(self, asset_id: str) -> list[MarkPair]:
        return pairs(self.marks(asset_id))

    def now_epoch(self) -> int:
        """This moment on the server's clock (the session's clock is corrected by the skew), whole seconds."""
        return round(self._clock().timestamp())

    # -- changing ----------------------------------------------------------------------
    def add(self, asset_id: str, kind: MarkKind) -> Mark | None:
        current = self.marks(asset_id)
        if len(current) >= MAX_MARKS_PER_STREAM:
            self.problem.emit(f"This stream already has {MAX_MARKS_PER_STREAM} marks; delete some first.")
            return None
        mark = new_mark(kind, self.now_epoch(), current)
        self._put(asset_id, [*current, mark])
        return mark

    def nudge(self, asset_id: str, mark_id: str, seconds: int) -> None:
        self._edit(asset_id, mark_id, lambda m: nudge(m, seconds))

    def rename(self, asset_id: str, mark_id: str, name: str) -> None:
        self._edit(asset_id, mark_id, lambda m: rename(m, name))

    def delete(self, asset_id: str, mark_id: str) -> Mark | None:
        """Delete a mark; returns it (for an undo), None if there was no such mark."""
        current = self.marks(asset_id)
        gone = next((m for m in current if m.id == mark_id), None)
        if gone is not None:
            self._put(asset_id, [m for m in current if m.id != mark_id])
        return gone

    def restore(self, asset_id: str, mark: Mark) -> bool:
        """Bring a deleted mark back as it was (the undo of :meth:`delete`)."""
        current = self.marks(asset_id)
        if any(m.id == mark.id for m in current) or len(current) >= MAX_MARKS_PER_STREAM:
            return False
        self._put(asset_id, [*current, mark])
        return True

    def _edit(self, asset_id: str, mark_id: str, change: Callable[[Mark], Mark]) -> None:
        self._put(asset_id, [change(m) if m.id == mark_id else m for m in self.marks(asset_id)])

    def _put(self, asset_id: str, marks: list[Mark]) -> None:
        self._table.setdefault(self._org, {})[asset_id] = marks
        if self._loading is not None and not self._loading.done():
            self._touched.add(asset_id)
        if self._writer is not None:
            self._writer.put(self._org, asset_id, marks)
        self.marksChanged.emit(asset_id)

    async def flush(self) -> None:
        """Wait until every change is written to the file."""
        if self._writer is not None:
            await self._writer.flush()

    async def aclose(self) -> None:
        await self._tasks.aclose()  # a read still running
        if self._writer is not None:
            await self._writer.aclose()

    # -- the pair on the trim --------------------------------------------------------------
    def set_applied(self, asset_id: str, pair: MarkPair | None) -> None:
        if pair is None:
            self._applied.pop(asset_id, None)
        else:
            self._applied[asset_id] = pair.key

    def applied(self, asset_id: str) -> MarkPair | None:
        """The pair put on the trim, as its marks are now (None if one was deleted)."""
        key = self._applied.get(asset_id)
        return next((p for p in self.pairs(asset_id) if p.key == key), None) if key else None
