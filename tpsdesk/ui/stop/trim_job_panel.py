"""Trim a completed recording now, follow the trim job, revert it (issue 12).

Shown in the right-hand panel for a Completed stream with a video. The state
lives in :class:`~tpsdesk.services.trim_jobs.TrimJobService`; this view shows
it, bounds the same timeline component by the video's duration, and asks
before anything is sent (``open()``, never ``exec()``: qasync#59).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.domain.models import Asset, StatusKind
from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.trim import Trim, TrimError
from tpsdesk.domain.trim_job import TrimJob, TrimJobStatus, plan_video_trim
from tpsdesk.services.trim_jobs import TrimJobService, TrimPhase, TrimTrack
from tpsdesk.services.trim_track import LostKind
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.owned import add_message_button
from tpsdesk.ui.plain import quoted
from tpsdesk.ui.stop.trim_editor import TrimEditor
from tpsdesk.ui.widgets.trim_style import ERROR

# The job's own status is coloured by what it says, whatever happened to a later request: a
# Completed job stays green next to a revert that was not applied.
_JOB_COLOURS = {TrimJobStatus.COMPLETED: "#15803d", TrimJobStatus.FAILED: ERROR.name(),
                TrimJobStatus.PENDING: "#b45309", TrimJobStatus.PROCESSING: "#b45309"}


def _when(moment: datetime | None) -> str:
    """``2025-10-09 14:23:20 +05:30``: the server's own offset, as it wrote it."""
    if moment is None:
        return "—"
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}" if offset else f"{moment:%Y-%m-%d %H:%M:%S}"


def describe_job(job: TrimJob | None, phase: TrimPhase) -> str:
    """One line of rich text: the job's status in the server's words, its range and times."""
    if job is None:
        head = "No trim" if phase in (TrimPhase.NONE, TrimPhase.REVERTED) else phase.value.capitalize()
        return f"<b>{html.escape(head)}</b>"
    colour = _JOB_COLOURS.get(job.status, "")
    status = html.escape(job.label)
    status = f"<b style='color:{colour}'>{status}</b>" if colour else f"<b>{status}</b>"
    span = ""
    if job.start_time is not None and job.end_time is not None and job.end_time < 1_000_000_000:
        span = f" · keeps {format_hms(job.start_time)} – {format_hms(job.end_time)}"
    elif job.start_time is not None and job.end_time is not None:
        span = f" · epoch {job.start_time} – {job.end_time}"
    ident = f"job {html.escape(job.id)} · " if job.id else ""
    return (f"Trim {ident}{status}{span}<br><span style='color:#6b7280'>requested {_when(job.created)}"
            f" · updated {_when(job.modified)}</span>")


class TrimJobPanel(QGroupBox):
    message = Signal(str)  # short notes for the status bar

    def __init__(self, service: TrimJobService, store: StatusStore, parent: QWidget | None = None) -> None:
        super().__init__("Trim the recording now", parent)
        self._service = service
        self._store = store
        self._asset_id: str | None = None
        self._duration: int | None = None
        self._dialog: QMessageBox | None = None
        self.accept_button: QPushButton | None = None  # the open dialog's "yes" (tests, automation)

        self.statusLabel = QLabel(self)
        self.statusLabel.setAccessibleName("Trim job status")
        self.statusLabel.setWordWrap(True)
        self.noteLabel = QLabel(self)
        self.noteLabel.setAccessibleName("Trim job note")
        self.noteLabel.setWordWrap(True)
        self.editor = TrimEditor(self)
        self.editor.checkbox.setVisible(False)  # trimming is the point of this panel: always on
        self.editor.useActivityButton.setVisible(False)
        self.editor.setTimelineAccessibleName("Part of the video to keep")
        self.editor.startField.setAccessibleName("Keep video from")
        self.editor.endField.setAccessibleName("Keep video to")
        self.editor.setPlanner(plan_video_trim)
        self.trimButton = QPushButton("Trim video…", self)
        self.trimButton.setAccessibleName("Trim the video")
        self.trimButton.setToolTip("Asks before sending; the trim runs as a job on the server")
        self.revertButton = QPushButton("Revert trim…", self)
        self.revertButton.setAccessibleName("Revert the trim")
        self.revertButton.setToolTip("Bring back the original recording (asks first)")
        self.checkButton = QPushButton("Check status", self)
        self.checkButton.setAccessibleName("Check the trim status")
        for button in (self.trimButton, self.revertButton, self.checkButton):
            button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.checkButton)
        buttons.addStretch(1)
        buttons.addWidget(self.revertButton)
        buttons.addWidget(self.trimButton)
        layout = QVBoxLayout(self)
        layout.addWidget(self.statusLabel)
        layout.addWidget(self.noteLabel)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)

        self.trimButton.clicked.connect(self.request_trim)
        self.revertButton.clicked.connect(self.request_revert)
        self.checkButton.clicked.connect(lambda: self._asset_id and self._service.refresh(self._asset_id))
        self.editor.trimChanged.connect(self._refresh_buttons)
        service.changed.connect(self._on_changed)
        store.streamsChanged.connect(self._on_streams_changed)
        self.show_stream(None)

    # -- selection ---------------------------------------------------------------
    @staticmethod
    def _video_duration(asset: Asset | None) -> int | None:
        if asset is None or asset.status.kind is not StatusKind.COMPLETED or asset.video is None:
            return None
        duration = asset.video.duration
        return round(duration) if duration is not None and duration > 0 else None

    def show_stream(self, asset_id: str | None) -> None:
        changed = asset_id != self._asset_id
        self._asset_id = asset_id
        asset = self._store.asset(asset_id) if asset_id else None
        shown = asset is not None and asset.status.kind is StatusKind.COMPLETED and asset.video is not None
        self.setVisible(shown)
        if not shown or asset_id is None:
            self._duration = None
            return
        duration = self._video_duration(asset)
        if changed or duration != self._duration:
            self._duration = duration
            self.editor.reset(duration or 0)
            self.editor.setLive(False)
            self.editor.setTrimEnabled(True)
            self.editor.setUnavailable(None if duration else "The server has not told the video's duration yet.")
        self._service.watch(asset_id)
        self._show_track(self._service.track_of(asset_id))

    def _on_streams_changed(self, ids: list[str]) -> None:
        if self._asset_id in ids:
            self.show_stream(self._asset_id)

    def _on_changed(self, asset_id: str, track: TrimTrack) -> None:
        if asset_id == self._asset_id:
            self._show_track(track)

    # -- showing -----------------------------------------------------------------
    def track(self) -> TrimTrack | None:
        return self._service.track_of(self._asset_id) if self._asset_id else None

    def _show_track(self, track: TrimTrack) -> None:
        self.statusLabel.setText(describe_job(track.job, track.phase))
        lines = [html.escape(track.note)] if track.note else []
        if track.error is not None:
            lines.append(f"<span style='color:{ERROR.name()}'><b>{html.escape(track.error.title)}:</b> "
                         f"{html.escape(track.error.message)}</span>")
            lines += [f"<span style='color:{ERROR.name()}'>{html.escape(name.replace('_', ' '))}: "
                      f"{html.escape(' '.join(msgs))}</span>" for name, msgs in track.error.field_errors.items()]
        self.noteLabel.setText("<br>".join(lines))
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        track = self.track()
        self.checkButton.setEnabled(track is not None and not track.phase.busy)
        self.revertButton.setEnabled(track is not None and track.can_revert)
        self.trimButton.setEnabled(track is not None and track.can_trim and self._plan() is not None)

    def _plan(self) -> Trim | None:
        try:
            plan = self.editor.plan()
        except TrimError:
            return None
        return plan.trim

    # -- asking, then sending ----------------------------------------------------------
    @property
    def confirm_dialog(self) -> QMessageBox | None:
        return self._dialog

    def _ask(self, title: str, text: str, yes: str, on_yes: Callable[[], None]) -> None:
        dialog = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        dialog.setAccessibleName(title)
        accept = add_message_button(dialog, yes, QMessageBox.ButtonRole.AcceptRole)
        accept.setAccessibleName(f"Confirm: {yes}")
        cancel = add_message_button(dialog, "Cancel", QMessageBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("Cancel")
        dialog.setDefaultButton(cancel)  # Enter on an unread dialog changes nothing
        dialog.setEscapeButton(cancel)
        self.accept_button = accept

        def finished() -> None:
            if dialog.clickedButton() is accept:
                on_yes()
            dialog.deleteLater()
            self._dialog = None

        dialog.finished.connect(lambda _r: finished())
        self._dialog = dialog
        dialog.open()

    def request_trim(self) -> None:
        asset = self._store.asset(self._asset_id) if self._asset_id else None
        trim = self._plan()
        if asset is None or trim is None or self._dialog is not None or self._duration is None:
            return
        kept = format_hms(trim.end_time - trim.start_time)
        text = (f"<p><b>Trim {html.escape(quoted(asset.title))}?</b></p>"
                f"<p>Keep <b>{trim.describe()}</b> ({kept} of {format_hms(self._duration)}); the rest is cut. "
                "The server runs the trim as a job; <i>Revert trim</i> brings the original back.</p>")
        asset_id = asset.id

        unknown = self._unknown_warning()
        text += unknown

        def send() -> None:
            if not self._service.trim(asset_id, trim, despite_unknown=bool(unknown)):
                self.message.emit("A trim or a revert is already on its way for this video.")

        self._ask("Trim the video?", text, "Trim anyway" if unknown else "Trim video", send)

    def request_revert(self) -> None:
        asset = self._store.asset(self._asset_id) if self._asset_id else None
        if asset is None or self._dialog is not None:
            return
        text = (f"<p><b>Revert the trim of {html.escape(quoted(asset.title))}?</b></p>"
                "<p>The original recording comes back in full; the trimmed version is replaced.</p>")
        asset_id = asset.id

        unknown = self._unknown_warning()
        text += unknown

        def send() -> None:
            if not self._service.revert(asset_id, despite_unknown=bool(unknown)):
                self.message.emit("Nothing to revert now.")

        self._ask("Revert the trim?", text, "Revert anyway" if unknown else "Revert trim", send)

    def _unknown_warning(self) -> str:
        """Said in the confirmation while an earlier request's outcome is unknown ("" otherwise)."""
        track = self.track()
        if track is None or not track.outcome_unknown or track.lost is None:
            return ""
        what = "trim" if track.lost.kind is LostKind.TRIM else "revert"
        return (f"<p style='color:{ERROR.name()}'><b>The earlier {what}'s answer was lost: it may have gone "
                f"through.</b> The server is still being asked; sending now may {what} twice. "
                "Check the status first if you can.</p>")
