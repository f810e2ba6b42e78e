"""The real entry point runs its start with no garbage collections, until its window is complete (issue 11)."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.support.qt import hang_the_listing, make_demo
from tpsdesk.services import collector

PROBE = """
import gc, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import tpsdesk.shell.app as app_module
from tpsdesk.services import collector
from tpsdesk.shell.session import Session

ran = {"held": 0, "free": 0}
gc.callbacks.append(lambda phase, _: phase == "start" and ran.__setitem__(
    "held" if collector.start_held() else "free", ran["held" if collector.start_held() else "free"] + 1))
seen = {}
init = Session.__init__

def session_init(self, *args, **kwargs):
    seen["held while the window is made"] = collector.start_held() and not gc.isenabled()
    init(self, *args, **kwargs)
    timer = QTimer(self.window)

    def once_complete():
        if self.journal_ui is not None:  # the last of the rest, built after the first rows
            timer.stop()
            seen.update(collections_while_held=ran["held"], enabled=gc.isenabled(), held=collector.start_held(),
                        frozen=gc.get_freeze_count())
            QApplication.instance().quit()

    timer.timeout.connect(once_complete)
    timer.start(5)

Session.__init__ = session_init
code = app_module.main(["--demo", "--demo-streams", "20"])
print(json.dumps(seen))
sys.exit(code)
"""


def test_no_collection_runs_until_the_window_is_complete_then_what_the_start_made_is_frozen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["held while the window is made"] is True
    # Without the hold, ~100 collections ran before the first rows (one full collection ~20 ms).
    assert seen["collections_while_held"] == 0
    assert seen["enabled"] is True and seen["held"] is False
    assert seen["frozen"] > 50_000  # the modules, the window, the demo's server: out of every later collection


def test_the_complete_window_ends_the_hold_while_its_listing_still_goes_on(
        qtbot: QtBot, qloop: asyncio.AbstractEventLoop, collector_restored: None) -> None:
    # (The demo above lists 20 streams: its listing's end may come first, and end the hold itself.)
    collector.hold_during_start()  # as main() does
    for demo in make_demo(qtbot, rest_after_ms=200, lifecycle=False, arm=hang_the_listing):
        session = demo.session
        qtbot.waitUntil(lambda s=session: s.journal_ui is not None, timeout=4_000)
        assert session.streams.loading  # the listing has not ended: it is not what ended the hold
        assert gc.isenabled() and not collector.start_held()


def test_an_early_exit_leaves_collections_on(tmp_path: Path) -> None:
    # --version ends in main's arguments, before any window: the hold must not outlive it.
    code = ("import gc, sys\nfrom tpsdesk.shell.app import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "from tpsdesk.services import collector\nprint(gc.isenabled(), collector.start_held())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "True False"
