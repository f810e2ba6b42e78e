"""Owning asyncio tasks from QObjects.

qasync 0.28 keeps only weak references to tasks (qasync#159), and an
exception in a fire-and-forget task vanishes. Every service spawns through a
TaskOwner, which keeps a strong reference, logs failures and cancels all on
close.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskOwner:
    def __init__(self, name: str) -> None:
        self._name = name
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str | None = None) -> asyncio.Task[Any]:
        if self._closed:
            coro.close()
            raise RuntimeError(f"{self._name} is closed")
        task = asyncio.get_event_loop().create_task(coro, name=name or self._name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: task %s failed", self._name, task.get_name(), exc_info=task.exception())

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def aclose(self, *, cancel: bool = True) -> None:
        """Refuse new tasks, then cancel the running ones (or, ``cancel=False``, let them finish)."""
        self._closed = True
        tasks = list(self._tasks)
        for task in tasks if cancel else ():
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
