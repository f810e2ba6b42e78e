"""What reaches the top of the app: a bad start, an unhandled exception.

* ``show_start_error``: a setting that stops the app from starting — a
  dialog (the stderr line is the caller's), unless nobody can see one.
* ``CrashReporter``: installed as ``sys.excepthook`` (qasync's ``asyncSlot``
  and Qt callbacks report there) and as the loop's exception handler; logs
  the traceback once and shows a readable dialog with "Copy details".
* ``fatal_start``: a start-up task that failed leaves no window behind: the
  error is shown, and the app ends with a non-zero status instead of
  waiting forever for a window that never comes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from tpsdesk.ui.owned import add_message_button

log = logging.getLogger("tpsdesk")

# Platforms with no screen: a modal dialog there would keep an invisible process alive.
_HEADLESS = ("offscreen", "minimal")


def headless() -> bool:
    if QGuiApplication.instance() is None:  # before the app: what it would run on
        return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in _HEADLESS
    return QGuiApplication.platformName() in _HEADLESS


def show_start_error(message: str, make_app: Callable[[], QApplication]) -> None:
    """The one dialog for a start that cannot go on (the stderr line is printed by the caller)."""
    if headless():
        return  # nobody could close it: it would keep an invisible process alive
    make_app()
    QMessageBox.critical(None, "tpsdesk cannot start", message)


def details_of(error: BaseException) -> str:
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


class CrashDialog(QMessageBox):
    """A readable error with the details folded away and a "Copy details" button."""

    def __init__(self, headline: str, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("tpsdesk: something went wrong")
        self.setText(headline)
        self.setInformativeText(f"{type(error).__name__}: {error}"[:500]
                                + "\n\nIf it happens again, copy the details into a bug report.")
        self.details = details_of(error)
        self.setDetailedText(self.details)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleName("Copy error details")
        self.addButton(self.copy_button, QMessageBox.ButtonRole.ActionRole)
        self.copy_button.clicked.disconnect()  # an ActionRole button closes the box by default
        self.copy_button.clicked.connect(self.copy_details)
        ok = add_message_button(self, "Close", QMessageBox.ButtonRole.RejectRole)
        ok.setAccessibleName("Close the error")
        self.setDefaultButton(ok)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied")


class CrashReporter:
    """Logs every unhandled exception once, with its traceback, and shows it (never a nested loop)."""

    def __init__(self) -> None:
        self.dialogs: list[CrashDialog] = []  # open ones; kept so they are not garbage-collected
        self.reported: list[BaseException] = []
        self._seen: set[int] = set()

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        sys.excepthook = self.excepthook
        if loop is not None:
            loop.set_exception_handler(self.loop_exception)

    def excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, (KeyboardInterrupt, SystemExit)):
            sys.__excepthook__(kind, value, tb)
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        self.report(value)

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        ours = any(key in context for key in ("task", "future", "handle"))
        if not isinstance(error, Exception) or not ours:
            # The loop's own trouble (accept() out of descriptors, a transport error): logged by the
            # default handler (throttled by receiver.limits), never a dialog.
            loop.default_exception_handler(context)
            return
        self.report(error, headline="A background task of tpsdesk failed.")

    def report(self, error: BaseException, headline: str = "tpsdesk hit an internal error.", *,
               logged: bool = False) -> None:
        """Log (unless ``logged`` already, e.g. by its TaskOwner) and show ``error``."""
        if id(error) in self._seen:  # the same exception through two hooks: once is enough
            return
        self._seen.add(id(error))
        self.reported.append(error)
        if not logged:
            log.error("unhandled error: %s", headline, exc_info=error)
        if QApplication.instance() is None or headless():
            return
        dialog = CrashDialog(headline, error)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        dialog.open()  # never exec(): inside a coroutine that would raise (qasync #59)


_reporter: CrashReporter | None = None


def install() -> CrashReporter:
    """The process's one reporter, as ``sys.excepthook`` (the loop's handler: ``install_on_loop``)."""
    global _reporter
    if _reporter is None:
        _reporter = CrashReporter()
    _reporter.install()
    return _reporter


def reporter() -> CrashReporter:
    return _reporter or install()


def install_on_loop() -> None:
    asyncio.get_running_loop().set_exception_handler(reporter().loop_exception)


async def fatal_start(error: BaseException, *, logged: bool = False) -> int:
    """A start-up that failed with no window to show: say why, wait for the dialog, then exit status 1."""
    crash = reporter()
    crash.report(error, headline="tpsdesk could not start.", logged=logged)
    if crash.dialogs:
        closed = asyncio.Event()
        crash.dialogs[-1].finished.connect(lambda _r: closed.set())
        await closed.wait()
    return 1


def fatal_after_loop(error: BaseException) -> int:
    """The event loop itself ended with an error: log it once, show it (modal: no loop is left), exit 1."""
    crash = reporter()
    if id(error) not in crash._seen:
        crash._seen.add(id(error))
        log.error("tpsdesk stopped on an error", exc_info=error)
    if QApplication.instance() is not None and not headless():
        CrashDialog("tpsdesk stopped on an internal error.", error).exec()
    return 1
