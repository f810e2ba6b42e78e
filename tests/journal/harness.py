"""A real session with a journal, against the simulator over loopback (like tests/support/qt.make_demo)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import ORG, TOKEN, Demo, confirm, run, select_streaming
from tpsdesk.journal.entries import JournalEntry, JournalFilter
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.journal import JournalService
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.session import Session
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.ui.journal.window import JournalWindow


@dataclass
class JournalDemo(Demo):
    journal: JournalService
    path: Path

    def entries(self) -> list[JournalEntry]:
        self.run(self.journal.writer.flush())
        return self.run(self.journal.page(JournalFilter()))

    def open_window(self) -> JournalWindow:
        self.session.journal_ui.action.trigger()
        journal_window = self.session.journal_ui.window
        assert isinstance(journal_window, JournalWindow)
        self.qtbot.waitUntil(lambda: not journal_window.model.isLoading())
        return journal_window


def journal_demo(qtbot: QtBot, path: Path, **sim_options: Any) -> Iterator[JournalDemo]:
    options: dict[str, Any] = dict(stream_count=30, org_id=ORG, token=TOKEN, seed=3, lifecycle=True,
                                   stop_to_recording_s=0.3, recording_to_completed_s=0.6,
                                   not_started_to_streaming_s=3600.0, random_disconnects=False, quirks=False)
    options.update(sim_options)
    sim = SimServer(SimConfig(**options))
    run(qtbot, sim.start(host="127.0.0.1", port=0))
    journal = JournalService(JournalWriter(path))
    config = AppConfig(demo=True, base_url=sim.base_url, org_id=ORG, token=TOKEN, refresh_interval_s=0,
                       poll_interval_s=0.2)
    session = Session(config, base_url=sim.base_url, request_timeout_s=3.0, journal=journal,
                      org_label="UI Test Org", profile_name="Work")
    qtbot.addWidget(session.window)
    session.window.workspace.tracker.setUndoSeconds(0)  # as make_demo: a stop is sent when confirmed
    session.window.show()
    session.start()
    try:
        yield JournalDemo(session, sim, qtbot, journal, path)
    finally:
        run(qtbot, session.aclose())
        run(qtbot, journal.aclose())
        run(qtbot, sim.stop())


def stop_with_trim(demo: Demo) -> str:
    asset_id = select_streaming(demo)
    workspace = demo.session.window.workspace
    workspace.trim.setTrimEnabled(True)
    workspace.trim.setHandles(30, 120)
    demo.qtbot.mouseClick(workspace.stop_button, Qt.MouseButton.LeftButton)
    confirm(demo)
    demo.qtbot.waitUntil(lambda: len(demo.sim.stop_requests(asset_id)) == 1)
    return asset_id
