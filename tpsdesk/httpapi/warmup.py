"""Modules the first HTTP request would import on the event loop, imported ahead of it.

httpcore creates its first ``anyio.Event`` at the session's first request, and anyio then
imports its asyncio backend: ~40 ms of CPU in one event-loop turn on a 2-core laptop, the
longest main-thread block of a 10,000-stream start (issue 11, P3). The app imports them
before its event loop runs (``shell/preload.py``); whatever is still missing when a listing
starts is imported on a worker thread, so the loop keeps turning meanwhile (the interpreter
switches threads every few milliseconds) and the request finds the module ready.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Iterable

log = logging.getLogger(__name__)
FIRST_REQUEST_MODULES = ("anyio._backends._asyncio",)


async def import_off_the_loop(modules: Iterable[str] = FIRST_REQUEST_MODULES) -> None:
    """Import ``modules`` (those not imported yet) on a worker thread; a module that is missing is skipped."""
    missing = [name for name in modules if name not in sys.modules]
    if missing:
        await asyncio.to_thread(import_available, missing)


def import_available(names: Iterable[str]) -> None:
    """Import ``names`` here and now; a module that is missing is skipped."""
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:  # another httpcore backend, or none: the request will say what is wrong
            log.debug("could not import %s ahead of the first request", name)
