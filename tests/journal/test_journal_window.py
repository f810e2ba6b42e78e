"""The Journal window: newest first, filters and search, the selected entry, export, paging."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from tests.journal.harness import JournalDemo, journal_demo, stop_with_trim
from tests.journal.support import entry
from tests.support.paths import ROOT
from tests.support.qt import run, unnamed_widgets
from tpsdesk.journal import export
from tpsdesk.journal.entries import Action, JournalFilter, Outcome
from tpsdesk.journal.store import JournalStore
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.journal import JournalService
from tpsdesk.ui.journal.model import PAGE_SIZE
from tpsdesk.ui.journal.window import JournalWindow


@pytest.fixture
def jdemo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[JournalDemo]:
    yield from journal_demo(qtbot, tmp_path / "journal.sqlite3")


def test_the_journal_action_opens_the_window_and_new_entries_arrive_on_top(jdemo: JournalDemo) -> None:
    action = jdemo.session.journal_ui.action
    file_menu = jdemo.session.window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and action in file_menu.actions()  # File ▸ Journal…
    assert action.shortcut().toString() == "Ctrl+Shift+J"
    window = jdemo.open_window()
    assert window.isVisible() and window.model.rowCount() == 0
    assert not unnamed_widgets(window), unnamed_widgets(window)
    asset_id = stop_with_trim(jdemo)
    jdemo.qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    top = window.model.entryAt(0)
    assert top is not None and top.action is Action.STOP and top.stream_id == asset_id
    jdemo.qtbot.waitUntil(lambda: window.stream_filter.findData(asset_id) >= 0)


def documented_journal_names() -> set[str]:
    """The accessible names README's Journal section promises."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Journal\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[2] for line in section.splitlines() if line.startswith("| ") and "`" in line]
    return {name for row in rows for name in re.findall(r"`([^`]+)`", row)}


def test_the_documented_accessible_names_exist(jdemo: JournalDemo) -> None:
    names = documented_journal_names()
    assert len(names) == 11
    window = jdemo.open_window()
    found = {w.accessibleName() for w in [window, *window.findChildren(QWidget)]}
    found |= {w.accessibleName() for w in jdemo.session.window.findChildren(QWidget)}
    assert names <= found, names - found


def test_the_selected_entry_shows_request_and_response_as_plain_text(jdemo: JournalDemo) -> None:
    stop_with_trim(jdemo)
    jdemo.qtbot.waitUntil(lambda: len(jdemo.entries()) == 1)
    window = jdemo.open_window()
    jdemo.qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.selectRow(0)
    request = window.request_view.toPlainText()
    assert request.startswith("POST /api/v1/") and '"start_time": 30' in request
    response = window.response_view.toPlainText()
    assert response.startswith("200 · ") and "trim_scheduled" in response
    assert "Stop: ok" in window.note.text() and "trim 00:00:30–00:02:00" in window.note.text()


def fill(path: Path, count: int) -> None:
    store = JournalStore(path)
    for i in range(count):
        action = (Action.STOP, Action.SIGN_IN, Action.WEBHOOK_REGISTER)[i % 3]
        outcome = Outcome.REFUSED if i % 5 == 0 else Outcome.OK
        store.append(entry(i, action=action, outcome=outcome, stream=f"s{i % 4}", title=f"Class {i % 4}",
                           note="<b>not bold</b>" if i == count - 1 else f"n{i}"))
    store.close()


@pytest.fixture
def filled(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[JournalWindow]:
    # The export writes through asyncio.to_thread: qasync's QThreadExecutor, as in the app; the
    # test loop is never closed, so it is shut down here (no QThread outlives the test).
    executor = qasync.QThreadExecutor(1)
    qloop.set_default_executor(executor)
    path = tmp_path / "journal.sqlite3"
    fill(path, 1000)
    journal = JournalService(JournalWriter(path))
    window = JournalWindow(journal)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0 and not window.model.isLoading())
    try:
        yield window
    finally:
        run(qtbot, window.aclose())
        run(qtbot, journal.aclose())
        executor.shutdown()


def test_a_large_journal_is_read_a_page_at_a_time_newest_first(filled: JournalWindow, qtbot: QtBot) -> None:
    window = filled
    assert window.model.rowCount() == PAGE_SIZE
    ids = [e.id for r in range(PAGE_SIZE) if (e := window.model.entryAt(r)) is not None and e.id is not None]
    assert len(ids) == PAGE_SIZE and ids == sorted(ids, reverse=True) and ids[0] == 1000
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2 * PAGE_SIZE)
    while window.model.canFetchMore():
        window.model.fetchMore()
        qtbot.waitUntil(lambda: not window.model.isLoading())
    assert window.model.rowCount() == 1000


def test_filters_and_search_narrow_the_list(filled: JournalWindow, qtbot: QtBot) -> None:
    window = filled
    window.action_filter.setCurrentIndex(window.action_filter.findData(Action.SIGN_IN.value))
    window.outcome_filter.setCurrentIndex(window.outcome_filter.findData(Outcome.REFUSED.value))
    qtbot.waitUntil(lambda: not window.model.isLoading() and window.model.currentFilter().outcome is Outcome.REFUSED)
    expected = [i for i in range(1000) if i % 3 == 1 and i % 5 == 0]
    qtbot.waitUntil(lambda: window.model.rowCount() == len(expected))
    qtbot.waitUntil(lambda: window.stream_filter.count() == 5)
    window.stream_filter.setCurrentIndex(window.stream_filter.findData("s2"))
    qtbot.waitUntil(lambda: window.model.rowCount() == len([i for i in expected if i % 4 == 2]))
    window.action_filter.setCurrentIndex(0)
    window.outcome_filter.setCurrentIndex(0)
    window.stream_filter.setCurrentIndex(0)
    window.search.setText("N99")  # case-insensitive: n99, n990…n998 (n999 is the bold one)
    qtbot.waitUntil(lambda: window.model.currentFilter().text == "N99" and not window.model.isLoading())
    qtbot.waitUntil(lambda: window.model.rowCount() == 10)


def test_notes_and_bodies_are_shown_as_text_never_markup(filled: JournalWindow) -> None:
    window = filled
    window.selectRow(0)
    assert "<b>not bold</b>" in window.note.text()
    from PySide6.QtCore import Qt

    assert window.note.textFormat() == Qt.TextFormat.PlainText


def test_export_writes_the_filtered_entries_and_they_round_trip(filled: JournalWindow, qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    window = filled
    window.action_filter.setCurrentIndex(window.action_filter.findData(Action.WEBHOOK_REGISTER.value))
    qtbot.waitUntil(lambda: window.model.currentFilter().action is Action.WEBHOOK_REGISTER
                    and not window.model.isLoading())
    store = JournalStore(tmp_path / "journal.sqlite3")
    expected = store.page(JournalFilter(action=Action.WEBHOOK_REGISTER), limit=10_000)
    store.close()
    for fmt, parse in (("csv", export.from_csv), ("json", export.from_json)):
        target = tmp_path / f"out.{fmt}"
        task = window.exportTo(target, fmt)
        qtbot.waitUntil(task.done)
        back = parse(target.read_text(encoding="utf-8"))
        assert back == expected and [e.id for e in back] == [e.id for e in expected]
        assert window.status.text() == f"Exported {len(expected)} entries to {target}"


def test_an_export_to_an_impossible_place_says_so(filled: JournalWindow, qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    task = filled.exportTo(blocker / "out.csv", "csv")
    qtbot.waitUntil(task.done)
    assert filled.status.text().startswith("The export could not be written:")
