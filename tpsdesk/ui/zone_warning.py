"""The wrong-zone warning: which offset the server seems to use, and a switch (issue 9, item 6)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from tpsdesk.domain.zone_evidence import ZoneVerdict, show_offset, zone_for_offset

_STYLE = ("#zoneWarning { background: #fff4d6; border: 1px solid #d9b24c; border-radius: 4px; }"
          "#zoneWarning QLabel { color: #5c4400; }")


class ZoneWarning(QFrame):
    """Hidden while the evidence fits the configured zone."""

    zoneChosen = Signal(str)  # an IANA zone name with the suggested offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zoneWarning")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Time zone warning")
        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setAccessibleName("Time zone problem")
        self.switch = QPushButton(self)
        self.switch.setAccessibleName("Use the server's time zone")
        self.switch.clicked.connect(self._choose)
        self._zone: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def showVerdict(self, verdict: ZoneVerdict) -> None:
        if verdict.agrees:
            self._zone = None
            self.setVisible(False)
            return
        self._zone = zone_for_offset(verdict.suggested) if verdict.suggested is not None else None
        self._label.setText(f"⚠ {verdict.message}")
        if self._zone is not None and verdict.suggested is not None:
            self.switch.setText(f"Use {show_offset(verdict.suggested)}")
            self.switch.setToolTip(f"Read the server's times as {show_offset(verdict.suggested)} ({self._zone}) "
                                   "from now on, and keep it in this profile")
        self.switch.setVisible(self._zone is not None)
        self.setVisible(True)

    def text(self) -> str:
        return self._label.text() if not self.isHidden() else ""

    def _choose(self) -> None:
        if self._zone is not None:
            self.zoneChosen.emit(self._zone)
