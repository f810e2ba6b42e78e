"""Modules the first HTTP request would import on the event loop, imported on a worker thread instead.

httpcore creates its first ``anyio.Event`` at the session's first request, and anyio then
imports its asyncio backend: ~40 ms of CPU in one event-loop turn on a 2-core laptop, the
longest main-thread block of a 10,000-stream start (issue 11, P3). Imported on a worker
thread first, the loop keeps turning meanwhile (the interpreter switches threads every few
milliseconds) and the request finds the module ready.
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
        await asyncio.to_thread(_import_all, missing)


def _import_all(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:  # another httpcore backend, or none: the request will say what is wrong
            log.debug("could not import %s ahead of the first request", name)
