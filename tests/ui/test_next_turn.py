"""A call in a later turn, never in one that began with a repaint of the window (ui/next_turn.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.support.qt import Passes, Repaints, shares_a_pass_with_a_repaint, shown_and_painted
from tpsdesk.ui.next_turn import NextTurn


def shown(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    shown_and_painted(qtbot, widget)
    return widget


def test_the_call_comes_after_the_turn_of_the_repaint_asked_with_it(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    log: list[str] = []
    repaints = Repaints(log)
    widget.installEventFilter(repaints)
    turn = NextTurn(widget, lambda: log.append("call"))
    passes = Passes(log)
    try:
        for n in range(1, 4):
            widget.update()  # e.g. a selection's row repainted, the panel filled on the call
            turn.start()
            qtbot.waitUntil(lambda n=n: log.count("call") == n)  # type: ignore[misc]
    finally:
        del passes, repaints  # the pass marker posts itself again: not past the test
    assert log.count("repaint") >= 3
    assert not shares_a_pass_with_a_repaint(log, "call"), log


def test_a_window_that_repaints_in_every_turn_still_gets_its_calls(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    calls: list[int] = []
    turn = NextTurn(widget, lambda: calls.append(1))

    def repaint_again() -> None:
        widget.update()
        again.start()

    again = NextTurn(widget, repaint_again)  # keeps a repaint in every turn
    again.start()
    turn.start()
    qtbot.waitUntil(lambda: bool(calls))


def test_stopped_it_does_not_call(qtbot: QtBot) -> None:
    widget = shown(qtbot)
    calls: list[int] = []
    turn = NextTurn(widget, lambda: calls.append(1))
    turn.start()
    assert turn.isActive()
    turn.stop()
    marker = NextTurn(widget, lambda: calls.append(2))
    marker.start()
    qtbot.waitUntil(lambda: bool(calls))
    assert calls == [2] and not turn.isActive()
