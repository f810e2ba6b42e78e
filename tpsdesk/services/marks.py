"""Live marks per organization and stream, kept on this computer until the stop.

Marks are stored in one small JSON file (under the platform's app-data
folder), rewritten whole on each change through a temporary file and an
atomic rename: a few kilobytes, so the event loop is not held up. A file that
cannot be read is reported once and set aside (renamed), never a crash, and
marks go on in a fresh file. Nothing here talks to the server.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from tpsdesk.domain.marks import (
    MAX_MARKS_PER_STREAM,
    Mark,
    MarkKind,
    MarkPair,
    MarksFileError,
    in_order,
    marks_file,
    new_mark,
    nudge,
    pairs,
    parse_marks_file,
    rename,
)
from tpsdesk.domain.server_clock import ServerClock

log = logging.getLogger(__name__)

Table = dict[str, dict[str, list[Mark]]]
MAX_FILE_BYTES = 2 * 1024 * 1024


def default_marks_path() -> Path:
    """``marks.json`` in the platform's app-data folder (created on the first write)."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home() / ".tpsdesk") / "marks.json"


class MarkFile:
    """The marks file: read once, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, now: datetime) -> tuple[Table, str | None]:
        """The table, and a problem in plain words when the file had to be set aside."""
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise MarksFileError("the file is far larger than marks can make it")
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return parse_marks_file(data), None
        except FileNotFoundError:
            return {}, None
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # MarksFileError and JSON errors too
            reason = str(exc) if isinstance(exc, MarksFileError) else f"{type(exc).__name__}"
            aside = self.path.with_name(f"{self.path.name}.unreadable-{now:%Y%m%d-%H%M%S}")
            try:
                os.replace(self.path, aside)
            except OSError as move_exc:
                return {}, (f"The marks file {self.path} could not be read ({reason}) nor set aside "
                            f"({move_exc.strerror or move_exc}); marks taken now may not be kept.")
            return {}, (f"The marks file could not be read ({reason}); it was set aside as {aside.name} "
                        "and a new one was started.")

    def save(self, table: Table) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(marks_file(table), ensure_ascii=False, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(prefix=".marks-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


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
        if file is not None:
            self._table, self.load_problem = file.load(clock())

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
        if self._file is not None:
            try:
                self._file.save(self._table)
            except OSError as exc:  # the marks stay in memory for this session
                self.problem.emit(f"Marks could not be saved to {self._file.path} "
                                  f"({exc.strerror or exc}); they are kept until you quit.")
        self.marksChanged.emit(asset_id)

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
