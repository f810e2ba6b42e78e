"""Every journal call on one worker thread, in order; the event loop only awaits.

A write that fails (disk full, a read-only place, a path that cannot be a
file) pauses the journal and is reported once through ``on_failure``; the
action it described has already happened and goes on regardless. Nothing
here ever blocks the caller: ``append`` queues and returns.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from tpsdesk.journal.entries import EVERYTHING, JournalEntry, JournalFilter
from tpsdesk.journal.store import JournalError, JournalStore

log = logging.getLogger(__name__)
T = TypeVar("T")
PAUSED_NOTICE = "The journal could not be written: {reason}. Actions go on; the journal is paused."


class JournalWriter:
    def __init__(self, path: Path, *, on_failure: Callable[[str], None] = lambda _m: None,
                 max_pages: int | None = None) -> None:
        self.path = path
        self.on_failure = on_failure  # called on the loop thread, once
        self._max_pages = max_pages
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        self._store: JournalStore | None = None  # touched on the worker thread only
        self._broken = False  # worker side: stop trying after the first failure
        self.failure: str | None = None  # loop side: the notice, once it was shown
        self.dropped = 0  # entries not written because the journal was paused
        self._pending: set[asyncio.Future[Any]] = set()
        self._closed = False

    @property
    def paused(self) -> bool:
        return self.failure is not None

    # -- worker thread -------------------------------------------------------
    def _open(self) -> JournalStore:
        if self._broken:
            raise JournalError("the journal is paused")
        if self._store is None:
            self._store = JournalStore(self.path, max_pages=self._max_pages)
        return self._store

    def _write(self, entry: JournalEntry) -> int:
        try:
            return self._open().append(entry)
        except JournalError:
            self._broken = True
            raise

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- loop side -----------------------------------------------------------
    def _submit(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        future = asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    def append(self, entry: JournalEntry, done: Callable[[JournalEntry], None] | None = None) -> bool:
        """Queue a write; ``done`` gets the entry with its id once it is on disk. False when paused."""
        if self.paused or self._closed:
            self.dropped += 1
            return False
        future = self._submit(self._write, entry)

        def finished(f: asyncio.Future[int]) -> None:
            if f.cancelled():
                return
            exc = f.exception()
            if exc is not None:
                self.dropped += 1
                self._fail(exc)
                return
            if done is not None:
                done(_with_id(entry, f.result()))

        future.add_done_callback(finished)
        return True

    def _fail(self, exc: BaseException) -> None:
        if self.failure is not None:
            return  # shown once
        reason = str(exc) if isinstance(exc, JournalError) else f"{type(exc).__name__}: {exc}"
        self.failure = PAUSED_NOTICE.format(reason=reason.rstrip("."))
        log.warning("journal paused: %s", reason)
        self.on_failure(self.failure)

    async def page(self, flt: JournalFilter, *, before_id: int | None = None, limit: int = 200
                   ) -> list[JournalEntry]:
        return await self._read(lambda store: store.page(flt, before_id=before_id, limit=limit), [])

    async def everything(self, flt: JournalFilter) -> list[JournalEntry]:
        """Every matching entry, newest first (the export; read in batches on the worker)."""
        return await self._read(lambda store: list(store.iterate(flt)), [])

    async def count(self, flt: JournalFilter = EVERYTHING) -> int:
        return await self._read(lambda store: store.count(flt), 0)

    async def streams(self) -> list[tuple[str, str]]:
        return await self._read(lambda store: store.streams(), [])

    async def _read(self, query: Callable[[JournalStore], T], empty: T) -> T:
        if self.paused or self._closed:
            return empty

        def run() -> T:
            return query(self._open())

        try:
            return await self._submit(run)
        except (JournalError, sqlite3.Error, OSError) as exc:
            self._broken = True
            self._fail(exc)
            return empty

    async def flush(self) -> None:
        if self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    async def aclose(self) -> None:
        if self._closed:
            return
        await self.flush()
        self._closed = True
        await asyncio.get_running_loop().run_in_executor(self._executor, self._close)
        self._executor.shutdown(wait=False)


def _with_id(entry: JournalEntry, entry_id: int) -> JournalEntry:
    return replace(entry, id=entry_id)
