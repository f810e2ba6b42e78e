"""The right-hand side: the selected stream, its trim, the stop and its result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.domain.models import Activity, Asset, StopResult
from tpsdesk.domain.timeline import build_timeline
from tpsdesk.domain.trim import ElapsedReading, TrimError, TrimPlan, read_elapsed
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.stop import StopOutcome, StopService
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.stop.confirm_dialog import StopConfirmDialog
from tpsdesk.ui.stop.journey_view import JourneyView
from tpsdesk.ui.stop.result_panel import StopPhase, StopRecord, StopResultPanel
from tpsdesk.ui.stop.trim_editor import TrimEditor
from tpsdesk.ui.streams.panel import StreamDetailsPanel


class StopPanel(QWidget):
    message = Signal(str)  # short notes for the status bar

    def __init__(self, store: StatusStore, stops: StopService, *, org: str, server_tz: tzinfo,
                 clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._stops = stops
        self._org = org
        self._tz = server_tz
        self._clock = clock
        self._asset_id: str | None = None
        self._records: dict[str, StopRecord] = {}
        self._dialog: StopConfirmDialog | None = None
        self._timeline_source: tuple[Activity, ...] | None = None

        self.details = StreamDetailsPanel(self)
        self.details.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        self.trim = TrimEditor(self)
        self.stop_button = QPushButton("Stop stream…", self)
        self.stop_button.setObjectName("dangerButton")
        self.stop_button.setAccessibleName("Stop stream")
        self.stop_button.setToolTip("Stop the selected stream (Ctrl+Shift+S); asks before sending")
        self.stop_button.setMinimumHeight(34)
        self.stop_button.clicked.connect(self.request_stop)
        self._stop_hint = QLabel(self)
        self._stop_hint.setWordWrap(True)
        self._stop_hint.setObjectName("muted")
        self.result = StopResultPanel(self)
        self.result.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        self.journey = JourneyView(self)
        self.journey.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        # Which source the shown status came from, and how fresh it is (issue 3).
        self.source_label = QLabel(self)
        self.source_label.setObjectName("muted")
        self.source_label.setAccessibleName("Status source")

        trim_box = QGroupBox("Trim and stop", self)
        trim_layout = QVBoxLayout(trim_box)
        trim_layout.addWidget(self.trim)
        stop_row = QHBoxLayout()
        stop_row.addWidget(self._stop_hint, 1)
        stop_row.addWidget(self.stop_button)
        trim_layout.addLayout(stop_row)
        result_box = QGroupBox("Server response", self)
        QVBoxLayout(result_box).addWidget(self.result)
        self.journey_box = QGroupBox("Recording journey", self)
        QVBoxLayout(self.journey_box).addWidget(self.journey)
        details_box = QGroupBox("Stream", self)
        details_layout = QVBoxLayout(details_box)
        details_layout.addWidget(self.source_label)
        details_layout.addWidget(self.details)

        layout = QVBoxLayout(self)
        layout.addWidget(details_box)
        layout.addWidget(trim_box)
        layout.addWidget(result_box)
        layout.addWidget(self.journey_box)
        layout.addStretch(1)

        store.streamsChanged.connect(self._on_streams_changed)
        store.streamsRemoved.connect(self._on_streams_removed)
        stops.stopStarted.connect(self._on_stop_started)
        stops.stopSucceeded.connect(self._on_stop_succeeded)
        stops.stopFailed.connect(self._on_stop_failed)
        stops.stopUncertain.connect(self._on_stop_uncertain)
        stops.stopReconciled.connect(self._on_stop_reconciled)
        stops.inFlightChanged.connect(lambda *_: self._refresh_stop_button())
        self.trim.trimChanged.connect(self._refresh_stop_button)
        self.show_stream(None)

    # -- selection -----------------------------------------------------------
    @property
    def asset_id(self) -> str | None:
        return self._asset_id

    def _elapsed(self, asset: Asset | None) -> ElapsedReading | None:
        if asset is None or asset.live_stream is None:
            return None
        return read_elapsed(asset.live_stream.start, self._tz, self._clock())

    def show_stream(self, asset_id: str | None) -> None:
        changed = asset_id != self._asset_id
        self._asset_id = asset_id
        asset = self._store.asset(asset_id) if asset_id else None
        reading = self._elapsed(asset)
        self.details.show_asset(asset, reading, self._tz)
        if changed:
            self._timeline_source = None
            self.trim.reset(reading.seconds if reading and reading.usable and reading.seconds else 0)
        self._update_trim_availability(asset, reading)
        self.result.show_record(self._records.get(asset_id) if asset_id else None)
        self._show_recording(asset_id)
        self._show_source()
        self._refresh_stop_button()

    def _update_trim_availability(self, asset: Asset | None, reading: ElapsedReading | None) -> None:
        self.trim.setLive(asset is not None and asset.status.is_live)
        # A stream that can no longer be stopped has nothing to trim: keep the panel short.
        self.trim.setVisible(asset is None or asset.status.can_stop)
        if asset is None:
            self.trim.setUnavailable("Select a stream to set a trim.")
        elif not asset.status.is_live:
            self.trim.setUnavailable(f"Nothing to trim: the stream is {asset.status.label}.")
        elif reading is None or not reading.usable:
            self.trim.setUnavailable(reading.problem if reading else "The start time is unknown.")
        else:
            self.trim.setUnavailable(None)
            self.trim.setElapsed(reading.seconds or 0)
            live = asset.live_stream
            if live is not None and live.activities is not None and live.activities != self._timeline_source:
                self._timeline_source = live.activities
                self.trim.setTimeline(build_timeline(live.activities, live.start, reading.seconds or 0))

    def _show_recording(self, asset_id: str | None) -> None:
        entry = self._store.entry(asset_id) if asset_id else None
        # The journey starts at a stop: shown for streams past Streaming (or stopped here).
        show = entry is not None and (asset_id in self._records or not entry.asset.status.can_stop)
        self.journey_box.setVisible(show)
        if entry is None or not show:
            return
        record = self._records.get(entry.asset.id)
        if record is not None and entry.asset.status.is_final and record.message.startswith("Following"):
            record.message = f"The recording is {entry.asset.status.label}."  # the follow is over
            self.result.show_record(record)
        self.journey.show_journey(entry.asset, entry.history,
                                  trim_scheduled=record.trim_scheduled if record else None,
                                  trim_text=record.trim_text if record else "")

    def _show_source(self) -> None:
        entry = self._store.entry(self._asset_id) if self._asset_id else None
        if entry is None:
            self.source_label.setText("")
            return
        ago = max(0, int((self._clock() - entry.updated_at).total_seconds()))
        icon = "⚡" if entry.source is Source.WEBHOOK else "↻"
        self.source_label.setText(f"{icon} status via {entry.source.value} · updated {ago} s ago")

    def tick(self) -> None:
        """Once a second: the elapsed time and the slider's upper bound grow."""
        self._show_source()
        asset = self._store.asset(self._asset_id) if self._asset_id else None
        if asset is None or not asset.status.is_live:
            return
        reading = self._elapsed(asset)
        self.details.set_elapsed(reading)
        self._update_trim_availability(asset, reading)

    def _on_streams_changed(self, ids: list[str]) -> None:
        if self._asset_id in ids:
            self.show_stream(self._asset_id)

    def _on_streams_removed(self, ids: list[str]) -> None:
        if self._asset_id in ids:
            self.show_stream(None)

    # -- stopping ------------------------------------------------------------
    def _refresh_stop_button(self) -> None:
        asset = self._store.asset(self._asset_id) if self._asset_id else None
        hint = ""
        enabled = False
        if asset is None:
            hint = "Select a stream."
        elif self._stops.in_flight(asset.id):
            hint = "Stopping… waiting for the server."
        elif not asset.status.can_stop:
            hint = f"This stream is {asset.status.label}; it cannot be stopped."
        else:
            enabled = True
            problem = self.trim.problem() if self.trim.isTrimEnabled() else None
            hint = f"Fix the trim first: {problem}" if problem else ""
            enabled = problem is None
        self.stop_button.setEnabled(enabled)
        self._stop_hint.setText(hint)

    def request_stop(self) -> None:
        """Validate, then ask; the request goes out only from the dialog's Stop button."""
        asset = self._store.asset(self._asset_id) if self._asset_id else None
        if asset is None or self._dialog is not None or self._stops.in_flight(asset.id):
            return
        if not asset.status.can_stop:
            self.message.emit(f"“{asset.title}” is {asset.status.label}; nothing to stop.")
            return
        try:
            plan = self.trim.plan() if asset.status.is_live else TrimPlan(None, "No trim: not live.")
        except TrimError as exc:
            self.message.emit(f"Not sent: {exc}")
            self._refresh_stop_button()
            return
        dialog = StopConfirmDialog(title=asset.title, asset_id=asset.id, org=self._org, plan=plan, parent=self)
        dialog.accepted.connect(lambda: self._confirmed(asset.id, asset.title, plan))
        dialog.finished.connect(self._dialog_closed)
        self._dialog = dialog
        dialog.open()

    @property
    def confirm_dialog(self) -> StopConfirmDialog | None:
        return self._dialog

    def _dialog_closed(self) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None

    def _confirmed(self, asset_id: str, title: str, plan: TrimPlan) -> None:
        trim_text = plan.trim.describe() if plan.trim else "no trim"
        self._records[asset_id] = StopRecord(StopPhase.SENDING, title, trim_text,
                                             headline=f"Stopping “{title}”…",
                                             message="Request sent; waiting for the server.")
        if not self._stops.stop(asset_id, plan.trim):
            self.message.emit("A stop for this stream is already on its way.")
        self._show_record(asset_id)

    def _record(self, asset_id: str) -> StopRecord:
        asset = self._store.asset(asset_id)
        return self._records.setdefault(
            asset_id, StopRecord(StopPhase.SENDING, asset.title if asset else asset_id, "no trim"))

    def _show_record(self, asset_id: str) -> None:
        if asset_id == self._asset_id:
            self.show_stream(asset_id)

    def _on_stop_started(self, asset_id: str) -> None:
        self._record(asset_id).phase = StopPhase.SENDING
        self._show_record(asset_id)

    def _on_stop_succeeded(self, asset_id: str, result: StopResult) -> None:
        record = self._record(asset_id)
        record.phase = StopPhase.SUCCEEDED
        record.headline = result.message or "Stopped (the server sent no message)"
        record.message = "Following the recording until it is ready…"
        record.trim_scheduled = result.trim_scheduled
        record.raw_json = result.raw_json
        record.details, record.still_live = [], False
        self.message.emit(f"Stopped “{record.title}”.")
        self._show_record(asset_id)

    def _on_stop_failed(self, asset_id: str, report: ErrorReport) -> None:
        record = self._record(asset_id)
        record.phase = StopPhase.FAILED
        record.headline = report.title
        record.message = report.message
        record.details = [f"{name.replace('_', ' ')}: {' '.join(msgs)}"
                          for name, msgs in report.field_errors.items()]
        asset = self._store.asset(asset_id)
        record.still_live = bool(asset and asset.status.can_stop)
        self.message.emit(f"Stop not done: {report.title}.")
        self._show_record(asset_id)

    def _on_stop_uncertain(self, asset_id: str, report: ErrorReport) -> None:
        record = self._record(asset_id)
        record.phase = StopPhase.UNCERTAIN
        record.headline = report.title
        record.message = f"{report.message}\nReading the stream back to see what happened (not resending)…"
        self._show_record(asset_id)

    def _on_stop_reconciled(self, asset_id: str, outcome: StopOutcome) -> None:
        record = self._record(asset_id)
        record.phase = StopPhase.RECONCILED
        record.headline = "Stopped (confirmed by reading back)" if outcome.stopped else "Not stopped"
        record.message = outcome.message
        record.still_live = not outcome.stopped and outcome.asset is not None
        self._show_record(asset_id)
