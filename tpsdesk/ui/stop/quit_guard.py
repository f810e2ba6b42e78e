"""Leaving (quit, sign out, switch profile) while a stop is pending: ask first.

Two cases are asked about: a stop still counting down (send it now, cancel it, or stay),
and a stop on its way (wait for the server's answer, leave anyway with its outcome
unknown — nothing is ever resent — or stay). ``ask_before_leaving`` returns True when
leaving may go ahead at once; otherwise it has opened the question (``open()``, never
``exec()``: qasync#59) with the countdowns paused, and calls ``proceed`` once the person
has chosen to leave and any stop they are waiting for has its answer. However the
question ends without a choice to leave (its ×, Esc, a reject), it means "stay" and the
countdowns resume.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from tpsdesk.services.stop_tracker import StopTracker
from tpsdesk.ui.owned import add_message_button
from tpsdesk.ui.plain import quoted


@dataclass(frozen=True, slots=True)
class Leaving:
    """What the person is about to do, in the question's words."""

    verb: str  # "quit": "Send stop, then quit", "Don't quit"
    noun: str  # "quitting": "Quitting once the server has answered…"


QUIT = Leaving("quit", "Quitting")
SIGN_OUT = Leaving("sign out", "Signing out")
SWITCH_PROFILE = Leaving("switch profile", "Switching profile")


def _titles(tracker: StopTracker, asset_ids: list[str]) -> str:
    titles = [quoted(r.title) for r in map(tracker.record, asset_ids) if r is not None]
    return titles[0] if len(titles) == 1 else f"{len(titles)} streams"


class _LeaveQuestion(QObject):
    def __init__(self, parent: QWidget, tracker: StopTracker, proceed: Callable[[], None],
                 leaving: Leaving) -> None:
        super().__init__(parent)
        self._parent = parent
        self._tracker = tracker
        self._proceed = proceed
        self._leaving = leaving
        self.waiting = False  # chose to leave; waiting for a stop's answer
        verb = leaving.verb
        box = QMessageBox(parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a title is data, never markup
        pending = tracker.countdowns()
        self._about_countdowns = bool(pending)
        if pending:
            box.setWindowTitle("A stop is waiting to be sent")
            box.setText(f"The stop of {_titles(tracker, pending)} has not been sent yet.")
            box.setInformativeText(f"Send it now and {verb} once the server has answered, or cancel it and {verb} "
                                   "(the stream stays live)? The countdown is paused while you choose.")
            self.go = add_message_button(box, f"Send stop, then {verb}", QMessageBox.ButtonRole.AcceptRole)
            self.go.setAccessibleName(f"Send the stop, then {verb}")
            self.go_now = add_message_button(box, f"Cancel stop and {verb}", QMessageBox.ButtonRole.DestructiveRole)
            self.go_now.setAccessibleName(f"Cancel the stop and {verb}")
        else:
            box.setWindowTitle("A stop is on its way")
            box.setText(f"The stop of {_titles(tracker, tracker.sending())} is on its way; "
                        "the server has not answered yet.")
            box.setInformativeText(f"Wait for the answer and {verb} then, or {verb} anyway: the stop's outcome "
                                   "will then be unknown here (it may go through; nothing is resent).")
            self.go = add_message_button(box, f"Wait for the answer, then {verb}", QMessageBox.ButtonRole.AcceptRole)
            self.go.setAccessibleName(f"Wait for the answer, then {verb}")
            self.go_now = add_message_button(box, f"{verb.capitalize()} anyway", QMessageBox.ButtonRole.DestructiveRole)
            self.go_now.setAccessibleName(f"{verb.capitalize()} anyway")
        self.stay = add_message_button(box, f"Don't {verb}", QMessageBox.ButtonRole.RejectRole)
        self.stay.setAccessibleName(f"Don't {verb}")
        # Enter on an unread question loses nothing: stay, or (in flight) wait for the answer.
        box.setDefaultButton(self.stay if pending else self.go)
        box.setEscapeButton(self.stay)
        box.finished.connect(self._ended)  # a button, Esc, the ×, a reject: every way the box ends
        self.box: QMessageBox | None = box
        tracker.holdCountdowns(True)
        box.open()

    def _ended(self) -> None:
        box, self.box = self.box, None
        if box is None:
            return
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is self.go and self._tracker.countdowns():
            self._tracker.sendAllNow()
        elif clicked is self.go_now:
            self._tracker.undoAll()  # in flight: nothing to undo; its outcome stays unknown here
        self._tracker.holdCountdowns(False)
        if clicked is self.go or (clicked is self.go_now and self._about_countdowns):
            self._wait()  # a stop already on its way meanwhile is waited for too: its answer is not dropped
        elif clicked is self.go_now:
            self._finish()  # "… anyway": the answer of the stop on its way is not waited for
        else:  # "Don't …", Esc, the title bar's ×, a reject
            self.deleteLater()

    def _wait(self) -> None:
        self.waiting = True
        self._tracker.changed.connect(self._maybe_done)
        if self._tracker.sending() and isinstance(self._parent, QMainWindow):
            self._parent.statusBar().showMessage(f"{self._leaving.noun} once the server has answered the stop…")
        self._maybe_done()

    def cancel(self) -> None:
        """A later question replaces this one's wait."""
        if self.waiting:
            self.waiting = False
            self._tracker.changed.disconnect(self._maybe_done)
        self.deleteLater()

    def _maybe_done(self, *_: object) -> None:
        if self.waiting and not self._tracker.sending():
            self.waiting = False
            self._tracker.changed.disconnect(self._maybe_done)
            self._finish()

    def _finish(self) -> None:
        self.deleteLater()
        self._proceed()


def stop_pending(tracker: StopTracker) -> bool:
    """A stop counts down or is on its way: leaving now would lose it or its answer."""
    return bool(tracker.countdowns() or tracker.sending())


def ask_before_leaving(parent: QWidget, tracker: StopTracker, proceed: Callable[[], None],
                       leaving: Leaving = QUIT) -> bool:
    """True: no stop is pending, go ahead now. False: asked; ``proceed`` is called if they go."""
    if not stop_pending(tracker):
        return True
    questions = parent.findChildren(_LeaveQuestion)
    if any(q.box is not None for q in questions):  # one question at a time
        return False
    for earlier in questions:  # asked again while waiting for an answer: this answer wins
        earlier.cancel()
    _LeaveQuestion(parent, tracker, proceed, leaving)
    return False


def ask_before_quit(parent: QWidget, tracker: StopTracker, proceed: Callable[[], None]) -> bool:
    return ask_before_leaving(parent, tracker, proceed, QUIT)


def quit_question(parent: QWidget) -> QMessageBox | None:
    """The open question, if any (tests press its buttons)."""
    for question in parent.findChildren(_LeaveQuestion):
        if question.box is not None:
            return question.box
    return None


class CloseGuard:
    """A window's quit and close, asking first about a stop counting down or on its way.

    Only the person's own close asks (the title bar's ×: a spontaneous event; the menu's
    Quit and the app's quit via :meth:`request`); the app closing a retired session's window
    does not.
    """

    def __init__(self, window: QWidget, tracker: StopTracker) -> None:
        self._window = window
        self._tracker = tracker
        self._confirmed = False

    def request(self) -> None:
        if ask_before_leaving(self._window, self._tracker, self._close_now):
            self._close_now()

    def _close_now(self) -> None:
        self._confirmed = True
        self._window.close()

    def allows(self, event: QCloseEvent) -> bool:
        if event.spontaneous() and not self._confirmed \
                and not ask_before_leaving(self._window, self._tracker, self._close_now):
            event.ignore()
            return False
        return True
