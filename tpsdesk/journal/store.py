"""The journal's SQLite file: versioned schema, WAL, newest-first pages. Synchronous.

Only the journal's writer thread calls this (``journal/writer.py``), so the
event loop never waits on the disk. Entries are appended, never changed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from tpsdesk.journal.entries import EVERYTHING, Action, JournalEntry, JournalFilter, Outcome

SCHEMA_VERSION = 1
E = TypeVar("E", Action, Outcome)
_COLUMNS = ("time", "organization", "profile", "stream_id", "stream_title", "action", "outcome", "method",
            "path", "request_body", "status", "response_body", "elapsed_ms", "note")
_SCHEMA = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,            -- ISO 8601, UTC
    organization TEXT NOT NULL, profile TEXT NOT NULL,
    stream_id TEXT NOT NULL, stream_title TEXT NOT NULL,
    action TEXT NOT NULL, outcome TEXT NOT NULL,
    method TEXT NOT NULL, path TEXT NOT NULL, request_body TEXT NOT NULL,
    status INTEGER, response_body TEXT NOT NULL, elapsed_ms INTEGER,
    note TEXT NOT NULL,
    search TEXT NOT NULL           -- casefolded text the window's search looks in
);
CREATE INDEX entries_by_stream ON entries (stream_id, id);
CREATE INDEX entries_by_action ON entries (action, id);
CREATE INDEX entries_by_outcome ON entries (outcome, id);
"""


class JournalError(Exception):
    """The file cannot be used; the message says why in plain words."""


class JournalStore:
    def __init__(self, path: Path, *, max_pages: int | None = None) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not path.exists()
            self._db = sqlite3.connect(path, isolation_level=None)
            if fresh and os.name == "posix":
                # Only this user reads what they did (SQLite gives its -wal/-shm files the same mode).
                os.chmod(path, 0o600)
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"{_reason(exc)} ({path})") from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if max_pages is not None:  # tests: a small "disk" that really fills up
                self._db.execute(f"PRAGMA max_page_count={int(max_pages)}")
            self._migrate()
        except sqlite3.Error as exc:
            self._db.close()
            raise JournalError(f"{_reason(exc)} ({path})") from exc

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"written by a newer tpsdesk (schema {version})")
        if version == 0:
            self._db.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
        # Later versions add steps here: ``if version < 2: ALTER TABLE …``.

    def close(self) -> None:
        self._db.close()

    def append(self, entry: JournalEntry) -> int:
        values = _values(entry)
        try:
            cursor = self._db.execute(
                f"INSERT INTO entries ({', '.join(_COLUMNS)}, search) "
                f"VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})", (*values, entry.searchable()))
        except sqlite3.Error as exc:
            raise JournalError(_reason(exc)) from exc
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def page(self, flt: JournalFilter, *, before_id: int | None = None, limit: int = 200) -> list[JournalEntry]:
        """Newest first; the next page starts below the last id seen (fast at any depth)."""
        where, params = _where(flt)
        if before_id is not None:
            where.append("id < ?")
            params.append(before_id)
        sql = f"SELECT id, {', '.join(_COLUMNS)} FROM entries {_clause(where)} ORDER BY id DESC LIMIT ?"
        return [_entry(row) for row in self._db.execute(sql, (*params, limit))]

    def iterate(self, flt: JournalFilter, *, batch: int = 1000) -> Iterator[JournalEntry]:
        before: int | None = None
        while True:
            rows = self.page(flt, before_id=before, limit=batch)
            yield from rows
            if len(rows) < batch:
                return
            before = rows[-1].id

    def count(self, flt: JournalFilter = EVERYTHING) -> int:
        where, params = _where(flt)
        return int(self._db.execute(f"SELECT count(*) FROM entries {_clause(where)}", params).fetchone()[0])

    def streams(self) -> list[tuple[str, str]]:
        """(stream id, latest title) of every stream in the journal, most recent first."""
        rows = self._db.execute(
            "SELECT stream_id, stream_title FROM entries WHERE id IN "
            "(SELECT max(id) FROM entries WHERE stream_id != '' GROUP BY stream_id) ORDER BY id DESC")
        return [(str(a), str(b)) for a, b in rows]


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[0].upper() + text[1:] if text else text


def _values(entry: JournalEntry) -> tuple[object, ...]:
    return (entry.time.isoformat(), entry.organization, entry.profile, entry.stream_id, entry.stream_title,
            entry.action.value, entry.outcome.value, entry.method, entry.path, entry.request_body,
            entry.status, entry.response_body, entry.elapsed_ms, entry.note)


def _entry(row: tuple[object, ...]) -> JournalEntry:
    (id_, time, org, profile, stream_id, title, action, outcome, method, path, request, status, response,
     elapsed, note) = row
    return JournalEntry(
        time=datetime.fromisoformat(str(time)), action=_enum(Action, action, Action.OTHER),
        outcome=_enum(Outcome, outcome, Outcome.UNKNOWN), organization=str(org), profile=str(profile),
        stream_id=str(stream_id), stream_title=str(title), method=str(method), path=str(path),
        request_body=str(request), status=None if status is None else int(str(status)),
        response_body=str(response), elapsed_ms=None if elapsed is None else int(str(elapsed)),
        note=str(note), id=int(str(id_)))


def _enum(kind: type[E], value: object, default: E) -> E:
    try:
        return kind(str(value))
    except ValueError:
        return default  # a value from a newer version: shown, never a crash


def _where(flt: JournalFilter) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if flt.stream_id:
        where.append("stream_id = ?")
        params.append(flt.stream_id)
    if flt.action is not None:
        where.append("action = ?")
        params.append(flt.action.value)
    if flt.outcome is not None:
        where.append("outcome = ?")
        params.append(flt.outcome.value)
    if flt.text.strip():
        where.append("instr(search, ?) > 0")
        params.append(flt.text.strip().casefold())
    return where, params


def _clause(where: list[str]) -> str:
    return f"WHERE {' AND '.join(where)}" if where else ""
