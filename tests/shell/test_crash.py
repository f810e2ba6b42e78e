"""Errors that reach the top: shown with "Copy details", logged once, never an invisible process."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tpsdesk.shell.crash import CrashReporter

ROOT = Path(__file__).resolve().parents[2]

FAIL_START = '''
from tpsdesk.shell.controller import AppController

async def _start(self):
    raise RuntimeError("simulated start-up failure")

AppController._start = _start
'''

FAIL_DEMO = '''
from tpsdesk.sim.server import SimServer

async def start(self, host="127.0.0.1", port=0):
    raise OSError("simulated: no port for the demo server")

SimServer.start = start
'''


def run_app(tmp_path: Path, hook: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, with a sitecustomize that breaks start-up (no test hook in the product)."""
    (tmp_path / "sitecustomize.py").write_text(hook)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "TPSDESK_ORG": "o", "TPSDESK_TOKEN": "t",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.run([sys.executable, "-m", "tpsdesk", *argv], env=env, capture_output=True, text=True,
                          timeout=40, cwd=tmp_path)


def test_a_failed_start_up_task_ends_the_app_with_the_error(tmp_path: Path) -> None:
    done = run_app(tmp_path, FAIL_START, "--base-url", "http://127.0.0.1:9")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("RuntimeError: simulated start-up failure") == 1  # logged once, with its traceback
    assert "Traceback" in done.stderr


def test_a_demo_that_cannot_start_its_server_ends_with_the_error(tmp_path: Path) -> None:
    done = run_app(tmp_path, FAIL_DEMO, "--demo")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("OSError: simulated: no port for the demo server") == 1


def test_an_unhandled_error_is_shown_with_copy_details_and_logged_once(
        qtbot: QtBot, qapp: QApplication, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tpsdesk.shell.crash.headless", lambda: False)  # offscreen here, but look anyway
    reporter = CrashReporter()
    try:
        raise ValueError("a bug in a slot")
    except ValueError as exc:
        error = exc
        reporter.excepthook(ValueError, exc, exc.__traceback__)
        reporter.excepthook(ValueError, exc, exc.__traceback__)  # the same one through a second hook
    assert len(reporter.dialogs) == 1
    dialog = reporter.dialogs[0]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "a bug in a slot" in dialog.informativeText() and "Traceback" in dialog.detailedText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "ValueError: a bug in a slot" in QGuiApplication.clipboard().text()
    assert dialog.isVisible()  # copying does not close it
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(records) == 1 and records[0].exc_info and records[0].exc_info[1] is error
    dialog.close()


def test_the_loops_own_trouble_is_logged_not_shown(qapp: QApplication, caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    reporter = CrashReporter()
    loop = asyncio.new_event_loop()
    try:
        reporter.loop_exception(loop, {"message": "socket.accept() out of system resource",
                                       "exception": OSError(24, "Too many open files")})
    finally:
        loop.close()
    assert reporter.reported == [] and reporter.dialogs == []
    assert "socket.accept() out of system resource" in caplog.text
