"""The shared pytest-qt + qasync harness: drive coroutines while qtbot waits, and a real session
(client, store, services, window) against a real simulator on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tpsdesk.domain.clock import utc_now
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer

T = TypeVar("T")
ORG = "ui-test-org"
TOKEN = "ui-test-token"


def run(qtbot: QtBot, coro: Coroutine[Any, Any, T], timeout_ms: int = 10_000) -> T:
    """Drive a coroutine on the qasync loop while qtbot spins Qt's loop."""
    future = asyncio.ensure_future(coro)
    qtbot.waitUntil(future.done, timeout=timeout_ms)
    return future.result()


class PaintCount(QObject):
    """Counts the paint events of a widget (``widget.installEventFilter(counter)``)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class Passes(QObject):
    """Marks each pass of the event loop: an event that posts itself again (the queue reads what was
    posted while it is read in the next pass), logged before that pass's repaint and timers."""

    KIND = QEvent.Type(QEvent.registerEventType())

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log
        QCoreApplication.postEvent(self, QEvent(self.KIND))

    def event(self, event: QEvent) -> bool:
        if event.type() == self.KIND:
            self.log.append("pass")
            QCoreApplication.postEvent(self, QEvent(self.KIND))
            return True
        return super().event(event)


class Repaints(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self.log.append("repaint")
        return False


def shares_a_pass_with_a_repaint(log: list[str], entry: str) -> bool:
    """Whether an ``entry`` of a log of :class:`Passes` and :class:`Repaints` came after a repaint
    in the same pass of the event loop."""
    for i, logged in enumerate(log):
        if logged == entry:
            back = log[:i][::-1]
            if "repaint" in (back[:back.index("pass")] if "pass" in back else back):
                return True
    return False


def shown_and_painted(qtbot: QtBot, widget: QWidget) -> PaintCount:
    """Show ``widget`` and wait past its first repaints (they come through the platform's own
    timer, not the event loop's turns); returns a count of its paints from then on."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    counter = PaintCount()
    widget.installEventFilter(counter)
    widget.update()
    qtbot.waitUntil(lambda: counter.paints > 0)
    counter.paints = 0
    return counter


@dataclass
class Demo:
    session: Session
    sim: SimServer
    qtbot: QtBot

    def run(self, coro: Coroutine[Any, Any, T], timeout_ms: int = 10_000) -> T:
        return run(self.qtbot, coro, timeout_ms)


def make_demo(qtbot: QtBot, arm: Callable[[SimServer], None] | None = None,
              clock: Callable[[], datetime] = utc_now, undo_s: int = 0, request_timeout_s: float = 3.0,
              rest_after_ms: int | None = None, **sim_options: Any) -> Iterator[Demo]:
    """``rest_after_ms``: list first, the rest after the first rows or that long (shell/first_rows.py)."""
    options: dict[str, Any] = dict(stream_count=30, org_id=ORG, token=TOKEN, seed=3, lifecycle=True,
                                   stop_to_recording_s=0.3, recording_to_completed_s=0.6,
                                   not_started_to_streaming_s=3600.0, random_disconnects=False,
                                   quirks=False)
    options.update(sim_options)
    sim = SimServer(SimConfig(**options))
    run(qtbot, sim.start(host="127.0.0.1", port=0))
    config = AppConfig(demo=True, base_url=sim.base_url, org_id=ORG, token=TOKEN,
                       refresh_interval_s=0, poll_interval_s=0.2)
    session = Session(config, base_url=sim.base_url, request_timeout_s=request_timeout_s, clock=clock,
                      list_first=rest_after_ms is not None)
    qtbot.addWidget(session.window)
    # No undo window unless a test is about it: a stop is sent when confirmed.
    session.window.tracker.setUndoSeconds(undo_s)
    session.window.show()
    if arm is not None:
        arm(sim)
    session.start()
    if rest_after_ms is not None:  # as the app does (shell/controller.py)
        session.buildRestAfterFirstRows(limit_ms=rest_after_ms)
    try:
        yield Demo(session, sim, qtbot)
    finally:
        run(qtbot, session.aclose())
        run(qtbot, sim.stop())


def hang_the_listing(sim: SimServer) -> None:
    """``arm`` for :func:`make_demo`: the first listing answers only after 5 s (and then empty)."""
    sim.fault_next("GET", "live_streams", status=200, body={"count": 0, "results": []}, delay_s=5.0)


def wait_for_list(demo: Demo) -> None:
    """The 30 streams listed and the list on screen (it comes a turn after its rows: list_stack.py)."""
    window = demo.session.window
    demo.qtbot.waitUntil(lambda: window.model.rowCount() == 30 and window.list_stack.isListShown(), timeout=10_000)


def select_streaming(demo: Demo, min_elapsed: int = 200) -> str:
    """A stream that has been live long enough for a 00:00:30–00:02:00 trim."""
    wait_for_list(demo)
    window = demo.session.window
    for asset_id in demo.sim.streaming_ids():
        window.table.selectAssetId(asset_id)
        demo.qtbot.waitUntil(lambda i=asset_id: window.workspace.asset_id == i)
        if window.workspace.trim.handles()[1] >= min_elapsed:
            return asset_id
    raise AssertionError("the simulator has no stream live long enough")


def confirm(demo: Demo) -> None:
    workspace = demo.session.window.workspace
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is not None and workspace.confirm_dialog.isVisible())
    dialog = workspace.confirm_dialog
    assert dialog is not None
    demo.qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` that a screen reader could not name."""
    unnamed: list[str] = []
    for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractSlider, QAbstractSpinBox):
        for widget in root.findChildren(kind):
            assert isinstance(widget, QWidget)
            if (widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar)
                    or isinstance(widget.parent(), QLineEdit)):
                continue  # Qt's own helpers (corner, overflow and clear buttons, scroll bars)
            label = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            if not label.strip():
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return unnamed
