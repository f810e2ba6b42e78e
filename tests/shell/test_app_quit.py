"""The real entry point quits cleanly: by closing the window and by QApplication.quit() (Cmd+Q, log-off)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import sys
from PySide6.QtCore import QTimer
import tpsdesk.shell.app as app_module

make = app_module.make_application

def make_and_schedule(argv):
    app = make(argv)
    def finish():
        if sys.argv[1] == "quit":
            app.quit()
        else:
            for widget in app.topLevelWidgets():
                if widget.isVisible():
                    widget.close()
    QTimer.singleShot(1500, finish)
    return app

app_module.make_application = make_and_schedule
sys.exit(app_module.main(["--demo", "--demo-streams", "20"]))
"""


@pytest.mark.parametrize("how", ["quit", "close"])
def test_demo_quits_cleanly(how: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "default"}
    result = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    for trouble in ("Traceback", "Unclosed", "Task was destroyed", "ResourceWarning", "RuntimeError"):
        assert trouble not in result.stderr, result.stderr[-2000:]
