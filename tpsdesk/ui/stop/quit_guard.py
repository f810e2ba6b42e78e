"""Quitting while a stop counts down: ask whether to send it or cancel it.

Called from the window's close path (and the app's quit path): ``ask_before_quit``
returns True when quitting may go ahead at once; otherwise it has opened the
question (``open()``, never ``exec()``: qasync#59) with the countdowns paused, and
calls ``proceed`` once the person has chosen and any stop they sent has its answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from tpsdesk.services.stop_tracker import StopTracker
from tpsdesk.ui.plain import quoted


class _QuitQuestion(QObject):
    def __init__(self, parent: QWidget, tracker: StopTracker, proceed: Callable[[], None]) -> None:
        super().__init__(parent)
        self._tracker = tracker
        self._proceed = proceed
        pending = tracker.countdowns()
        titles = [quoted(r.title) for r in map(tracker.record, pending) if r is not None]
        what = titles[0] if len(titles) == 1 else f"{len(titles)} streams"
        box = QMessageBox(parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("A stop is waiting to be sent")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a title is data, never markup
        box.setText(f"The stop of {what} has not been sent yet.")
        box.setInformativeText("Send it now and quit once the server has answered, or cancel it and quit "
                               "(the stream stays live)? The countdown is paused while you choose.")
        self.send = box.addButton("Send stop, then quit", QMessageBox.ButtonRole.AcceptRole)
        self.send.setAccessibleName("Send the stop, then quit")
        self.cancel_stop = box.addButton("Cancel stop and quit", QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_stop.setAccessibleName("Cancel the stop and quit")
        self.stay = box.addButton("Don't quit", QMessageBox.ButtonRole.RejectRole)
        self.stay.setAccessibleName("Don't quit")
        box.setDefaultButton(self.stay)  # Enter on an unread question changes nothing
        box.setEscapeButton(self.stay)
        box.buttonClicked.connect(self._chosen)
        self.box = box
        tracker.holdCountdowns(True)
        box.open()

    def _chosen(self, button: QAbstractButton) -> None:
        self.box.deleteLater()
        if button is self.send:
            self._tracker.sendAllNow()
            self._tracker.holdCountdowns(False)
            self._tracker.changed.connect(self._maybe_done)
            self._maybe_done()
        elif button is self.cancel_stop:
            self._tracker.undoAll()
            self._tracker.holdCountdowns(False)
            self._finish()
        else:
            self._tracker.holdCountdowns(False)
            self.deleteLater()

    def _maybe_done(self, *_: object) -> None:
        if not self._tracker.sending():
            self._tracker.changed.disconnect(self._maybe_done)
            self._finish()

    def _finish(self) -> None:
        self.deleteLater()
        self._proceed()


def ask_before_quit(parent: QWidget, tracker: StopTracker, proceed: Callable[[], None]) -> bool:
    """True: nothing is counting down, quit now. False: asked; ``proceed`` is called if they quit."""
    if not tracker.countdowns():
        return True
    if parent.findChild(_QuitQuestion) is None:  # one question at a time
        _QuitQuestion(parent, tracker, proceed)
    return False


def quit_question(parent: QWidget) -> QMessageBox | None:
    """The open question, if any (tests press its buttons)."""
    question = parent.findChild(_QuitQuestion)
    return question.box if question is not None else None


class CloseGuard:
    """A window's quit and close, asking first about a stop counting down.

    Only the person's own close asks (the title bar's ×: a spontaneous event; the menu's
    Quit and the app's quit via :meth:`request`); the app closing a retired session's window
    does not.
    """

    def __init__(self, window: QWidget, tracker: StopTracker) -> None:
        self._window = window
        self._tracker = tracker
        self._confirmed = False

    def request(self) -> None:
        if ask_before_quit(self._window, self._tracker, self._close_now):
            self._close_now()

    def _close_now(self) -> None:
        self._confirmed = True
        self._window.close()

    def allows(self, event: QCloseEvent) -> bool:
        if event.spontaneous() and not self._confirmed \
                and not ask_before_quit(self._window, self._tracker, self._close_now):
            event.ignore()
            return False
        return True
