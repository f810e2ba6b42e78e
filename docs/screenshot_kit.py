"""Shared by the screenshot scripts in docs/: where images go, waiting, running offscreen."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the scripts also import tests' helpers

OUT = ROOT / "docs" / "screenshots"


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for the app to get somewhere (a script, not a test: polling is fine here)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.05)


def run_offscreen(scenario: Callable[[], Coroutine[Any, Any, None]], *, keep_app: bool = False) -> int:
    """Run ``scenario`` on a qasync loop over the app's QApplication (theme and icon included)."""
    import qasync

    from tpsdesk.shell.application import make_application

    OUT.mkdir(exist_ok=True)
    app = make_application([sys.argv[0]])
    app.setQuitOnLastWindowClosed(not keep_app)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(scenario())
    print(f"saved screenshots in {OUT}")
    return 0
