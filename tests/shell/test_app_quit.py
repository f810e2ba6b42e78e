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
    how, after_ms = sys.argv[1], int(sys.argv[2])
    timer = QTimer(app)

    def finish():
        if how == "quit":  # at once, even before the window exists
            timer.stop()
            app.quit()
            return
        # Close the window once it is up (a loaded machine may take a while to show it).
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        if shown:
            timer.stop()
            for widget in shown:
                widget.close()

    timer.timeout.connect(finish)
    timer.start(after_ms)
    return app


app_module.make_application = make_and_schedule
sys.exit(app_module.main(["--demo", "--demo-streams", "20"]))
"""


@pytest.mark.parametrize(("how", "after_ms"), [("quit", 1500), ("close", 1500), ("quit", 0)])
def test_demo_quits_cleanly(how: str, after_ms: int) -> None:
    """after_ms=0: quit is asked for before the demo server and the window exist; it must not be lost."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "default"}
    result = subprocess.run([sys.executable, "-c", PROBE, how, str(after_ms)], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    for trouble in ("Traceback", "Unclosed", "Task was destroyed", "ResourceWarning", "RuntimeError"):
        assert trouble not in result.stderr, result.stderr[-2000:]
