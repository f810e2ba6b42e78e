"""At most one slice of work per event-loop turn, however many tasks have one ready.

Under qasync a turn of the asyncio loop is a turn of Qt's: what runs in it holds the window
(its repaints and input wait). Slicing a task's work bounds one task; this bounds them together.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class OnePerTurn:
    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """``async with gate.turn():`` one slice; the next one, whoever's, runs in a later turn."""
        await self._lock.acquire()
        try:
            yield
        finally:
            # Held to the end of this turn: a task that becomes ready later in it waits for the next.
            asyncio.get_running_loop().call_soon(self._lock.release)
