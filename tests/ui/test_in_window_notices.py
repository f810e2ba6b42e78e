"""Without a system tray (offscreen, stock GNOME) notifications appear in the window (issue 9, item 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, select_streaming
from tests.ui.test_plain_titles import MARKUP, shown
from tpsdesk.domain.models import StatusKind
from tpsdesk.ui.notice_area import NoticeArea
from tpsdesk.ui.notifier import Notice, NoticeKind, tray_text


def test_recording_ready_and_dropped_class_show_in_the_window_and_can_be_dismissed(demo: Demo) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: the case being fixed
    window = demo.session.window
    notices = window.notices
    assert not notices.isVisible()
    asset_id = select_streaming(demo, min_elapsed=0)
    demo.sim.world.get(asset_id).title = MARKUP
    window.refresh()
    demo.qtbot.waitUntil(lambda: (a := demo.session.store.asset(asset_id)) is not None and a.title == MARKUP)
    window.workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(
        lambda: (a := demo.session.store.asset(asset_id)) is not None and a.status.kind is StatusKind.COMPLETED,
        timeout=10_000)
    demo.qtbot.waitUntil(notices.isVisible)
    texts = notices.texts()
    assert any(t.startswith("Recording ready") and MARKUP in t for t in texts), texts
    for label in notices.findChildren(QLabel):  # the title is data here too
        assert "bold?" not in label.text() or MARKUP in shown(label.text(), label.textFormat())

    other = next(i for i in demo.sim.streaming_ids() if i != asset_id)
    demo.sim.set_status(other, "Disconnected")
    window.refresh()
    demo.qtbot.waitUntil(lambda: any(t.startswith("Stream disconnected") for t in notices.texts()))
    assert len(notices.texts()) == 2

    demo.qtbot.mouseClick(notices.dismissButtons()[0], Qt.MouseButton.LeftButton)
    assert len(notices.texts()) == 1
    demo.qtbot.mouseClick(notices.dismiss_all, Qt.MouseButton.LeftButton)
    assert notices.texts() == [] and not notices.isVisible()


def test_tray_bodies_are_escaped_where_the_desktop_reads_markup() -> None:
    assert tray_text("“<b>bold?</b>” is ready", platform="linux") == "“&lt;b&gt;bold?&lt;/b&gt;” is ready"
    assert tray_text("“<b>bold?</b>” & co", platform="win32") == "“<b>bold?</b>” & co"


def test_flaps_merge_and_never_push_out_a_recording_ready(qtbot: QtBot) -> None:
    """Three disconnect flaps used to push "Recording ready" out of the three rows without a word."""
    now = [datetime(2026, 11, 30, 8, 0, tzinfo=UTC)]
    area = NoticeArea(UTC, lambda: now[0])
    qtbot.addWidget(area)
    area.show()

    def add(asset_id: str, kind: NoticeKind) -> None:
        now[0] += timedelta(seconds=5)
        area.addNotice(Notice(asset_id, kind, kind.value, f"“{asset_id}” changed."))

    add("A", NoticeKind.COMPLETED)
    for _ in range(3):
        add("B", NoticeKind.DISCONNECTED)  # one stream flapping: one row, ×3
    assert area.texts() == ["Stream disconnected: “B” changed. (×3)", "Recording ready: “A” changed."]
    assert not area.more.isVisible()
    for stream in "CDE":
        add(stream, NoticeKind.DISCONNECTED)
    texts = area.texts()
    assert len(texts) == 3 and "Recording ready: “A” changed." in texts  # the outcome stays in view
    assert area.olderCount() == 2 and area.more.isVisible() and area.more.text() == "+2 older"
    assert area.more.accessibleName()
    qtbot.mouseClick(area.more, Qt.MouseButton.LeftButton)
    assert len(area.texts()) == 5 and area.more.text() == "Show fewer"
    qtbot.mouseClick(area.more, Qt.MouseButton.LeftButton)
    assert len(area.texts()) == 3
