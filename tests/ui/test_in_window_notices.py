"""Without a system tray (offscreen, stock GNOME) notifications appear in the window (issue 9, item 5)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSystemTrayIcon

from tests.support.qt import Demo, confirm, select_streaming
from tests.ui.test_plain_titles import MARKUP, shown
from tpsdesk.domain.models import StatusKind
from tpsdesk.ui.notifier import tray_text


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
