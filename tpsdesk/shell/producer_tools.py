"""Issue 12's wiring: live marks and trim jobs, hooked into a session's window and problem channel.

Kept apart from :mod:`tpsdesk.shell.session` so the composition root stays a list of
services; the session wires them once (:func:`wire_producer_tools`) and closes what it gets.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tpsdesk.services.marks import MarksService, default_marks_path
from tpsdesk.services.marks_file import MarkFile
from tpsdesk.services.problems import ProblemSource
from tpsdesk.services.trim_jobs import TrimJobService
from tpsdesk.ui.stop.marks_panel import MarksPanel
from tpsdesk.ui.stop.trim_job_panel import TrimJobPanel
from tpsdesk.ui.tab_order import last_tab_stop, tab_after

if TYPE_CHECKING:
    from tpsdesk.shell.session import Session


@dataclass
class ProducerTools:
    trim_jobs: TrimJobService
    trim_job_panel: TrimJobPanel
    marks: MarksService
    marks_panel: MarksPanel


def wire_producer_tools(session: Session, marks_path: Path | None, *,
                        close_with_session: Callable[[TrimJobService | MarksService], None],
                        ) -> Generator[None, None, ProducerTools]:
    """In two parts (~6 ms at once, a panel each): ``tools = yield from wire_producer_tools(...)``.
    Each service goes to ``close_with_session`` as it is made: the session may close in between.
    (The marks service's close writes the last changes to the file.)"""
    window, workspace, config = session.window, session.window.workspace, session.config

    def say(text: str) -> None:
        window.statusBar().showMessage(text, 8000)

    # Trim a completed recording now, follow its job, revert it.
    trim_jobs = TrimJobService(session.client, session.store, session.stops)
    close_with_session(trim_jobs)
    trim_job_panel = TrimJobPanel(trim_jobs, session.store, parent=workspace)
    workspace.add_section(trim_job_panel, after_stream=True)
    window.table.currentAssetChanged.connect(trim_job_panel.show_stream)
    trim_job_panel.message.connect(say)
    session.problems.collect(trim_jobs.problem, ProblemSource.TRIM)
    yield
    # Live marks, kept on this computer (the demo keeps them in memory unless given a file).
    marks_file = MarkFile(marks_path or default_marks_path()) if marks_path or not config.demo else None
    # Marks are taken on the session's clock, which is the server's (shell/session.py).
    marks = MarksService(config.org_id, marks_file, session.server_clock, session.clock)
    close_with_session(marks)
    marks_panel = MarksPanel(marks, session.store, workspace.trim, server_tz=config.server_tz, parent=workspace)
    workspace.add_section(marks_panel, after_stream=True)
    workspace.plan_hook = marks_panel.stop_plan
    window.table.currentAssetChanged.connect(marks_panel.show_stream)
    window.addStreamActions([marks_panel.markInAction, marks_panel.markOutAction])
    # Made after the window, the marks would come last on Tab (after the status bar): put them
    # where they are seen, right after the stream's own controls.
    tab_after(last_tab_stop(workspace.details), marks_panel.tabOrder())
    marks_panel.message.connect(say)
    marks.problem.connect(say)
    selected = window.table.selectedAssetId()  # built after the first rows: one may be selected already
    trim_job_panel.show_stream(selected)
    marks_panel.show_stream(selected)
    return ProducerTools(trim_jobs, trim_job_panel, marks, marks_panel)
