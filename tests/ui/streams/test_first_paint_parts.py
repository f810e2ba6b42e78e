"""What the list's first paint with rows does only once is done ahead, while the rows are awaited (issue 11)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.support.list_page import Page
from tests.support.qt import PaintCount
from tests.ui.streams.test_stream_table import make
from tpsdesk.domain.models import StatusKind
from tpsdesk.status.book import Source
from tpsdesk.ui.streams import Column, StatusBadgeDelegate

KNOWN = [kind for kind in StatusKind if kind is not StatusKind.UNKNOWN]


def _delegate(page: Page) -> StatusBadgeDelegate:
    delegate = page.table.itemDelegateForColumn(Column.STATUS)
    assert isinstance(delegate, StatusBadgeDelegate)
    return delegate


def test_the_first_step_does_nothing_it_starts_a_turn_later(page: Page) -> None:
    parts = page.table.firstPaintParts()
    next(parts)  # the turn it is asked in: the window's first paint comes first
    assert _delegate(page).pillCount() == 0


def test_the_first_paint_with_rows_finds_every_pill_it_shows_painted(page: Page, qtbot: QtBot) -> None:
    for _ in page.table.firstPaintParts():
        pass
    delegate = _delegate(page)
    assert delegate.pillCount() == 2 * len(KNOWN)  # each status, selected and not
    painted = PaintCount()
    page.table.viewport().installEventFilter(painted)

    page.store.apply_batch([make(f"s{i}", kind.value) for i, kind in enumerate(KNOWN)], Source.LIST)
    page.stack.showList()
    qtbot.waitUntil(lambda: painted.paints > 0)
    page.table.selectRow(0)  # and a selected row's pill
    qtbot.waitUntil(lambda: painted.paints > 1)

    assert delegate.pillCount() == 2 * len(KNOWN)  # none painted in the paints: they were all ready
