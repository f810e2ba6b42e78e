"""Look and feel: the compiled Qt resources (icon, style sheet) and the palette."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QApplication

from tpsdesk.ui import _resources_rc  # noqa: F401  (registers :/tpsdesk/... with Qt)

APP_ICON = ":/tpsdesk/icons/tpsdesk.svg"
STYLE_SHEET = ":/tpsdesk/style.qss"


def read_resource(path: str) -> str:
    file = QFile(path)
    if not file.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Text):
        raise FileNotFoundError(path)
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


def apply(app: QApplication) -> None:
    # Fusion looks the same on every platform, so screenshots and docs match what users see.
    app.setStyle("Fusion")
    app.setStyleSheet(read_resource(STYLE_SHEET))
