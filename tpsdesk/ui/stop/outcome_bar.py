"""The strip above the stream panel: the undo countdown, else the last stop's outcome.

Always on screen (the window places it outside the scrolling panel), so the
outcome of the last action and the recording's playback link never hide below
the fold. A countdown shows whichever stream it is for: it is about to send.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.ui.stop.outcome_text import OutcomeText
from tpsdesk.ui.widgets.copy_field import CopyField


class OutcomeBar(QFrame):
    undoRequested = Signal(str)  # asset id
    sendNowRequested = Signal(str)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Last stop")
        self._countdown_id: str | None = None

        self.headline = QLabel(self)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Stop outcome")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAccessibleName("Stop outcome details")
        self.undo_button = QPushButton("Undo (Esc)", self)
        self.undo_button.setAccessibleName("Undo stop")
        self.undo_button.setToolTip("Keep the stream live: nothing has been sent yet (Esc)")
        self.undo_button.clicked.connect(lambda: self._emit(self.undoRequested))
        self.send_now_button = QPushButton("Stop now", self)
        self.send_now_button.setObjectName("dangerButton")
        self.send_now_button.setAccessibleName("Stop now")
        self.send_now_button.setToolTip("Send the stop at once, without waiting for the countdown")
        self.send_now_button.clicked.connect(lambda: self._emit(self.sendNowRequested))
        self.time_left = QProgressBar(self)
        self.time_left.setTextVisible(False)
        self.time_left.setMaximumHeight(6)
        self.time_left.setAccessibleName("Time left to undo")
        self.playback = CopyField("playback URL", openable=True, parent=self)
        self.playback.copied.connect(self.copied)

        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.send_now_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.time_left)
        layout.addWidget(self.detail)
        self._playback_row = QWidget(self)
        playback_row = QHBoxLayout(self._playback_row)
        playback_row.setContentsMargins(0, 0, 0, 0)
        playback_row.addWidget(QLabel("Playback", self._playback_row))
        playback_row.addWidget(self.playback, 1)
        layout.addWidget(self._playback_row)
        self.showNothing()

    def _emit(self, signal: SignalInstance) -> None:
        if self._countdown_id is not None:
            signal.emit(self._countdown_id)

    def countdownAssetId(self) -> str | None:
        return self._countdown_id

    def showNothing(self) -> None:
        self._countdown_id = None
        self.setVisible(False)

    def showCountdown(self, asset_id: str, text: OutcomeText, remaining_s: float, total_s: float) -> None:
        self._countdown_id = asset_id
        self._set_text(text)
        self.undo_button.setVisible(True)
        self.send_now_button.setVisible(True)
        self.time_left.setVisible(True)
        self.time_left.setRange(0, max(1, int(total_s * 10)))
        self.time_left.setValue(int(remaining_s * 10))
        self._playback_row.setVisible(False)
        self.setVisible(True)

    def showOutcome(self, text: OutcomeText, playback_url: str | None) -> None:
        self._countdown_id = None
        self._set_text(text)
        self.undo_button.setVisible(False)
        self.send_now_button.setVisible(False)
        self.time_left.setVisible(False)
        self._playback_row.setVisible(bool(playback_url))
        if playback_url and self.playback.value() != playback_url:
            self.playback.set_value(playback_url)
        self.setVisible(True)

    def _set_text(self, text: OutcomeText) -> None:
        # A tint of the tone's colour: reads on light and dark palettes alike.
        colour = QColor(text.tone.colour)
        tint = f"rgba({colour.red()}, {colour.green()}, {colour.blue()}"
        self.setStyleSheet(f"QFrame#outcomeBar {{ background: {tint}, 0.10); border: 1px solid {tint}, 0.55); "
                           "border-radius: 6px; }")
        self.headline.setText(f"<b style='color:{text.tone.colour}'>{text.tone.icon} "
                              f"{html.escape(text.headline)}</b>")
        self.detail.setText(text.lines[0] if text.lines else "")

    def takeKeyboard(self) -> None:
        """Right after the stop's confirmation closes: the window gets the keys back (some window
        managers leave them nowhere until a click), and Undo has the focus while a countdown runs,
        so Esc, Space or Enter undo at once and Ctrl+F still searches."""
        window = self.window()
        window.activateWindow()
        if self._countdown_id is not None and self.undo_button.isVisible():
            self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def headlineText(self) -> str:
        return self.headline.text()
