"""The list or its state page; the list comes a turn after its rows (issue 11, P3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.list_page import Page
from tests.ui.streams.test_stream_table import make
from tpsdesk.status.book import Source


class Turns(QObject):
    """Counts event-loop turns (a zero-time timer)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)
        self._timer.start()

    def _turn(self) -> None:
        self.count += 1


class Repaints(QObject):
    """Numbers the window's repaints; notes the first one that painted the list, and the first of the page."""

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.count = 0
        self.of_list: int | None = None
        self.of_page: int | None = None
        self._page = page
        page.stack.installEventFilter(self)
        page.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest and watched is self._page.stack:
            self.count += 1
        elif event.type() == QEvent.Type.Paint and watched is self._page.stack and self.of_page is None:
            self.of_page = self.count
        elif event.type() == QEvent.Type.Paint and watched is self._page.table.viewport() and self.of_list is None:
            self.of_list = self.count
        return False


@pytest.mark.parametrize("queued", [True, False], ids=["from a queued call", "from a timer"])
def test_the_list_is_painted_after_the_repaint_of_the_turn_that_applied_its_rows(page: Page, qtbot: QtBot,
                                                                                 queued: bool) -> None:
    repaints = Repaints(page)

    def apply_the_first_page() -> None:  # as the window does: the rows, then "show the list"
        page.store.apply_batch([make(f"s{i:03}", "Completed") for i in range(100)], Source.LIST)
        page.stack.update()  # what else changed on screen in this turn (the window: its counts)
        page.stack.showList()
        assert not page.stack.isListShown() and "Loading" in page.stack.stateText()

    # Work comes from queued calls (signals across threads) or timers (qasync's callbacks).
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(apply_the_first_page)
    QTimer.singleShot(0, apply_the_first_page) if queued else timer.start(0)
    qtbot.waitUntil(lambda: repaints.of_list is not None)
    assert page.stack.isListShown() and page.stack.stateText() == ""
    assert repaints.of_page is not None and repaints.of_list is not None
    assert repaints.of_list > repaints.of_page


def test_a_state_shown_meanwhile_wins_over_a_list_about_to_be_shown(page: Page, qtbot: QtBot) -> None:
    page.stack.showList()
    page.stack.showState("<h3>No stream matches</h3>")  # the search hid every row in the same turn
    turns = Turns()
    qtbot.waitUntil(lambda: turns.count >= 3)
    assert not page.stack.isListShown() and "No stream matches" in page.stack.stateText()


def test_focus_to_a_list_about_to_be_shown_lands_when_it_is_shown(page: Page, qtbot: QtBot) -> None:
    page.stack.window().activateWindow()
    page.store.apply_batch([make("a")], Source.LIST)
    page.stack.showList()
    page.stack.focusList()  # Ctrl+1, Enter in the search, the first load's top row: a hidden list takes no focus
    assert not page.stack.isListShown()  # its first paint keeps a turn of its own
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    assert page.stack.isListShown()


def test_try_again_shows_only_after_an_error_and_says_so(page: Page, qtbot: QtBot) -> None:
    assert not page.stack.retryButton.isVisibleTo(page.stack)
    page.stack.showState("<h3>Could not load the streams</h3>", retry=True)
    assert page.stack.retryButton.isVisibleTo(page.stack)
    with qtbot.waitSignal(page.stack.retryClicked):
        qtbot.mouseClick(page.stack.retryButton, Qt.MouseButton.LeftButton)
    page.stack.showState("<h3>Loading streams…</h3>")
    assert not page.stack.retryButton.isVisibleTo(page.stack)
