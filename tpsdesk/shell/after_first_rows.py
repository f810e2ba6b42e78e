"""Waiting for the first listing's rows: work that the first screen does not need waits for it.

Finding the keychain imports keyring and probes its backends (~10 MiB and a core's
~0.1 s, on a worker thread that still competes for the interpreter lock); done while
the window is being built and filled it delays the first rows.
"""

from __future__ import annotations

import asyncio
from typing import Protocol


class _Streams(Protocol):
    has_loaded: bool


class _Rows(Protocol):
    def isFilling(self) -> bool: ...


async def after_first_rows(streams: _Streams, rows: _Rows, *, limit_s: float = 5.0, poll_s: float = 0.05) -> None:
    """Return once the first listing is wholly in the list, or after ``limit_s`` (no server, a slow one)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while (not streams.has_loaded or rows.isFilling()) and loop.time() < deadline:
        await asyncio.sleep(poll_s)
