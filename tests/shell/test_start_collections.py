"""The real entry point runs its start with no garbage collections, until its window is complete (issue 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
