"""The right-hand side: the selected stream, its trim, the stop and its result.

It renders; the stop's states live in :class:`StopTracker` (services/stop_tracker.py),
the words in ``outcome_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.domain.models import Activity, Asset, StatusKind
from tpsdesk.domain.timeline import build_timeline
from tpsdesk.domain.trim import ElapsedReading, TrimError, TrimPlan, read_elapsed
from tpsdesk.services.stop import StopService
from tpsdesk.services.stop_tracker import StopGuard, StopState, StopTracker
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.plain import quoted
from tpsdesk.ui.staged_build import Parts
from tpsdesk.ui.stop.confirm_dialog import StopConfirmDialog
from tpsdesk.ui.stop.journey_view import JourneyView
from tpsdesk.ui.stop.outcome_bar import OutcomeBar
from tpsdesk.ui.stop.outcome_text import describe
from tpsdesk.ui.stop.result_panel import StopResultPanel
from tpsdesk.ui.stop.trim_editor import TrimEditor
from tpsdesk.ui.streams.panel import StreamDetailsPanel

_AGAIN_NOTE = "The first stop's outcome is unknown: stopping again asks you to confirm."


class StopPanel(QWidget):
    message = Signal(str)  # short notes for the status bar
    confirmationClosed = Signal()  # the stop's confirmation just closed (clicks may fall through it)

    def __init__(self, store: StatusStore, stops: StopService, *, org: str, server_tz: tzinfo,
                 clock: Callable[[], datetime], tracker: StopTracker | None = None,
                 parent: QWidget | None = None) -> None:
        for _ in self._init_parts(store, stops, org, server_tz, clock, tracker, parent):
            pass

    @classmethod
    def madeInParts(cls, store: StatusStore, stops: StopService, *, org: str, server_tz: tzinfo,
                    clock: Callable[[], datetime], tracker: StopTracker | None = None,
                    parent: QWidget | None = None) -> Generator[None, None, StopPanel]:
        """The panel made in parts (~10 ms at once): ``panel = yield from StopPanel.madeInParts(...)``.
        Between them it is half made: a hidden child of ``parent`` that nothing else refers to yet."""
        panel = cls.__new__(cls)
        yield from panel._init_parts(store, stops, org, server_tz, clock, tracker, parent)
        return panel

    def _init_parts(self, store: StatusStore, stops: StopService, org: str, server_tz: tzinfo,
                    clock: Callable[[], datetime], tracker: StopTracker | None, parent: QWidget | None) -> Parts:
        super().__init__(parent)
        self._store = store
        self._stops = stops
        self.tracker = tracker or StopTracker(stops, store, parent=self)
        self._org = org
        self._tz = server_tz
        self._clock = clock
        self._asset_id: str | None = None
        self._dialog: StopConfirmDialog | None = None
        self._timeline_source: tuple[Activity, ...] | None = None
        self._announced: tuple[str, object] | None = None
        self._server_note = ""  # e.g. the server is not answering (set by the window)
        self._last_known: datetime | None = None  # then the clocks stop at its last answer
        self._trim_block: str | None = None  # e.g. the server's zone is not the configured one
        # Issue 12: turns the stop's plan into one from live marks (epoch seconds) when they made the trim.
        self.plan_hook: Callable[[Asset, TrimPlan], TrimPlan] | None = None

        # The boxes first and each part made in its own: a made widget moved into a box had its
        # style worked out again (~3 ms for the panel).
        details_box = self._details_box = QGroupBox(self)  # untitled: the stream's own title heads it
        details_box.setObjectName("streamBox")
        details_box.setStyleSheet("QGroupBox#streamBox { margin-top: 2px; padding-top: 4px; }")  # no title's room
        trim_box = self._trim_box = QGroupBox("Trim and stop", self)
        result_box = QGroupBox("Server response", self)
        self.journey_box = QGroupBox("Recording journey", self)
        self.details = yield from StreamDetailsPanel.madeInParts(details_box)
        self.details.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        yield
        self.trim = TrimEditor(trim_box)
        yield
        self.stop_button = QPushButton("Stop stream…", trim_box)
        self.stop_button.setObjectName("dangerButton")
        self.stop_button.setAccessibleName("Stop stream")
        self.stop_button.setToolTip("Stop the selected stream (Ctrl+Shift+S); asks before sending")
        self.stop_button.setMinimumHeight(34)
        self.stop_button.clicked.connect(self.request_stop)
        self._stop_hint = QLabel(trim_box)
        self._stop_hint.setWordWrap(True)
        self._stop_hint.setTextFormat(Qt.TextFormat.PlainText)  # may quote a status the server wrote
        self._stop_hint.setObjectName("muted")
        self.result = StopResultPanel(result_box)
        self.result.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        yield
        self.journey = JourneyView(self.journey_box)
        self.journey.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        # The undo countdown and the last outcome; the window keeps it above the scrolling part.
        self.outcome_bar = OutcomeBar(self)
        self.outcome_bar.copied.connect(lambda name: self.message.emit(f"Copied the {name}."))
        self.outcome_bar.undoRequested.connect(self.tracker.undo)
        self.outcome_bar.sendNowRequested.connect(self.tracker.sendNow)
        # Esc undoes only while a countdown runs; otherwise Esc stays the widgets' own.
        self.undo_action = QAction("Undo pending stop", self)
        self.undo_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action.setToolTip("Undo the stop that is counting down: nothing has been sent yet (Esc)")
        self.undo_action.triggered.connect(self.undo_countdown)
        self.undo_action.setEnabled(False)
        self.addAction(self.undo_action)
        # Which source the shown status came from, and how fresh it is (issue 3).
        self.source_label = QLabel(self.details)
        self.source_label.setObjectName("muted")
        self.source_label.setAccessibleName("Status source")
        yield
        trim_layout = QVBoxLayout(trim_box)
        trim_layout.addWidget(self.trim)
        stop_row = QHBoxLayout()
        stop_row.addWidget(self._stop_hint, 1)
        stop_row.addWidget(self.stop_button)
        trim_layout.addLayout(stop_row)
        QVBoxLayout(result_box).addWidget(self.result)
        QVBoxLayout(self.journey_box).addWidget(self.journey)
        self.details.addStatusWidget(self.source_label)  # beside the links toggle: one line less
        QVBoxLayout(details_box).addWidget(self.details)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome_bar)
        layout.addWidget(details_box)
        layout.addWidget(trim_box)
        layout.addWidget(result_box)
        layout.addWidget(self.journey_box)
        layout.addStretch(1)
        self._layout = layout
        yield
        store.streamsChanged.connect(self._on_streams_changed)
        store.streamsRemoved.connect(self._on_streams_removed)
        self.tracker.changed.connect(self._on_stop_changed)
        stops.inFlightChanged.connect(self._on_in_flight_changed)  # a method: let go when this panel goes
        self.trim.trimChanged.connect(self._refresh_stop_button)
        self.show_stream(None)

    def _on_in_flight_changed(self, _asset_id: str, _in_flight: bool) -> None:
        self._refresh_stop_button()

    def add_section(self, widget: QWidget, *, after_stream: bool = False) -> None:
        """A panel of another feature (marks, trim jobs): below the rest, or right under the stream."""
        at = self._layout.indexOf(self._details_box) + 1 if after_stream else self._layout.count() - 1
        self._layout.insertWidget(at, widget)

    # -- selection -----------------------------------------------------------
    @property
    def asset_id(self) -> str | None:
        return self._asset_id

    def _elapsed(self, asset: Asset | None) -> ElapsedReading | None:
        if asset is None or asset.live_stream is None:
            return None
        return read_elapsed(asset.live_stream.start, self._tz, self._last_known or self._clock())

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
        self._show_stop(asset_id, asset)
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
        elif self._trim_block:
            self.trim.setUnavailable(self._trim_block)  # never a wrong bound fed to a trim
        elif reading is None or not reading.usable:
            self.trim.setUnavailable(reading.problem if reading else "The start time is unknown.")
        else:
            self.trim.setUnavailable(None)
            self.trim.setElapsed(reading.seconds or 0)
            live = asset.live_stream
            if live is not None and live.activities is not None and live.activities != self._timeline_source:
                self._timeline_source = live.activities
                self.trim.setTimeline(build_timeline(live.activities, live.start, reading.seconds or 0))

    def _show_stop(self, asset_id: str | None, asset: Asset | None) -> None:
        record = self.tracker.record(asset_id)
        text = describe(record, asset, remaining_s=self.tracker.remaining(record.asset_id)) if record else None
        raw = record.answer.raw_json if record is not None and record.answer is not None else ""
        self.result.show_outcome(asset_id, text, raw)
        self._show_outcome_bar()

    def _show_outcome_bar(self) -> None:
        countdowns = self.tracker.countdowns()
        self.undo_action.setEnabled(bool(countdowns))
        if countdowns:
            # A countdown anywhere is about to send: it is shown whichever stream is selected.
            shown = self._asset_id if self._asset_id in countdowns else countdowns[0]
            record = self.tracker.record(shown)
            assert record is not None
            remaining = self.tracker.remaining(shown)
            self.outcome_bar.showCountdown(shown, describe(record, self._store.asset(shown), remaining_s=remaining),
                                           remaining, max(1, self.tracker.undoSeconds()))
            return
        record = self.tracker.record(self._asset_id)
        if record is None:
            self.outcome_bar.showNothing()
            return
        asset = self._store.asset(record.asset_id)
        completed = asset is not None and asset.status.kind is StatusKind.COMPLETED and asset.video is not None
        url = asset.video.playback_url if completed and asset is not None and asset.video is not None else None
        self.outcome_bar.showOutcome(describe(record, asset), url)

    def undo_countdown(self) -> None:
        """Esc: undo the countdown on show (the selected stream's, else the first one)."""
        shown = self.outcome_bar.countdownAssetId()
        if shown is not None and self.tracker.undo(shown):
            self.message.emit("Stop undone: nothing was sent.")

    def _show_recording(self, asset_id: str | None) -> None:
        entry = self._store.entry(asset_id) if asset_id else None
        # The journey starts at a stop: shown once the stream is past live, never for a refused stop.
        show = entry is not None and not entry.asset.status.can_stop
        self.journey_box.setVisible(show)
        if entry is None or not show:
            return
        record = self.tracker.record(entry.asset.id)
        answer = record.answer if record is not None else None
        self.journey.show_journey(entry.asset, entry.history,
                                  trim_scheduled=answer.trim_scheduled if answer is not None else None,
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
        again = False
        guard = self.tracker.guard(asset.id) if asset is not None else StopGuard.FREE
        if asset is None:
            hint = "Select a stream."
        elif guard is StopGuard.BUSY:
            if self.tracker.state(asset.id) is StopState.COUNTDOWN:
                hint = "Stop pending: Undo (Esc) keeps the stream live; nothing has been sent yet."
            else:
                hint = "Stopping… waiting for the server."
        elif not asset.status.can_stop:
            hint = f"This stream is {asset.status.label}; it cannot be stopped."
        else:
            again = guard is StopGuard.CONFIRM_AGAIN
            problem = self.trim.problem() if self.trim.isTrimEnabled() else None
            hint = f"Fix the trim first: {problem}" if problem else " ".join(
                note for note in (_AGAIN_NOTE if again else "", self._server_note) if note)
            enabled = problem is None
        # A stream that can no longer be stopped shows no Stop box (the outcome strip says what happened).
        self._trim_box.setVisible(asset is None or asset.status.can_stop or guard is not StopGuard.FREE)
        self.stop_button.setText("Stop again…" if again else "Stop stream…")
        self.stop_button.setEnabled(enabled)
        self._stop_hint.setText(hint)

    def setServerNote(self, note: str, last_known: datetime | None = None) -> None:
        """What a stop would meet now (the server not answering), shown next to the Stop button;
        ``last_known``: the server's last answer, where elapsed times and the live edge stop."""
        self._server_note, self._last_known = note, last_known
        self.details.setLastKnown(last_known is not None)
        self.show_stream(self._asset_id)

    def setTrimBlock(self, reason: str | None) -> None:
        """Trimming off, with the reason, while the elapsed time cannot be trusted (a wrong zone)."""
        self._trim_block = reason
        self.show_stream(self._asset_id)

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self._tz = tz
        self.journey.setServerTimeZone(tz)
        self.show_stream(self._asset_id)

    def request_stop(self) -> None:
        """Validate, then ask; the stop goes out only after the dialog's Stop and the undo window."""
        asset = self._store.asset(self._asset_id) if self._asset_id else None
        if asset is None or self._dialog is not None or self.tracker.guard(asset.id) is StopGuard.BUSY:
            return
        if not asset.status.can_stop:
            self.message.emit(f"{quoted(asset.title)} is {asset.status.label}; nothing to stop.")
            return
        try:
            plan = self.trim.plan() if asset.status.is_live else TrimPlan(None, "No trim: not live.")
            if self.plan_hook is not None:
                plan = self.plan_hook(asset, plan)
        except TrimError as exc:
            self.message.emit(f"Not sent: {exc}")
            self._refresh_stop_button()
            return
        again = self.tracker.guard(asset.id) is StopGuard.CONFIRM_AGAIN
        dialog = StopConfirmDialog(title=asset.title, asset_id=asset.id, org=self._org, plan=plan, again=again,
                                   undo_s=self.tracker.undoSeconds(), parent=self)
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
        self.confirmationClosed.emit()
        # Once the dialog's accepted/finished have both run (the countdown is on the strip by then).
        QTimer.singleShot(0, self.outcome_bar.takeKeyboard)

    def _confirmed(self, asset_id: str, title: str, plan: TrimPlan) -> None:
        trim_text = plan.describe()
        if not self.tracker.request(asset_id, plan.trim, title=title, trim_text=trim_text):
            self.message.emit("A stop for this stream is already on its way.")

    def _on_stop_changed(self, asset_id: str) -> None:
        if asset_id == self._asset_id:
            self.show_stream(asset_id)
        else:
            self._show_outcome_bar()
        record = self.tracker.record(asset_id)
        if record is not None and record.state is StopState.STOPPED and record.answer is not None \
                and self._announced != (asset_id, record.answer):
            self._announced = (asset_id, record.answer)
            self.message.emit(f"Stopped {quoted(record.title)}.")
