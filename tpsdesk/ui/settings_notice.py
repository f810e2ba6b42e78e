"""A banner under the toolbar: saved settings that were invalid, and how to fix them.

The app still opens (with the default for each bad field); the banner says
which value was replaced by what, and offers to save the defaults or to edit
the profile (the account dialog), or to dismiss it for this run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QToolBar, QWidget


class SettingsNotice(QWidget):
    def __init__(self, messages: Sequence[str], *, on_reset: Callable[[], None],
                 on_edit: Callable[[], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsNotice")
        self.setAccessibleName("Invalid saved settings")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel("⚠ " + " ".join(messages), self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reset_button = QPushButton("Save the defaults", self)
        self.reset_button.setAccessibleName("Save the default values for the invalid settings")
        self._on_reset = on_reset
        self.reset_button.clicked.connect(self._reset)
        self.edit_button = QPushButton("Edit profile…", self)
        self.edit_button.setAccessibleName("Edit this profile")
        self.edit_button.setVisible(on_edit is not None)
        if on_edit is not None:
            self.edit_button.clicked.connect(on_edit)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAccessibleName("Dismiss the settings notice")
        self.dismiss_button.clicked.connect(self.hide_notice)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        for button in (self.reset_button, self.edit_button, self.dismiss_button):
            row.addWidget(button)
        self.setStyleSheet("#settingsNotice { background: #fff4ce; } QLabel { color: #4a3b00; }")

    def _reset(self) -> None:
        self._on_reset()
        self.label.setText("Saved: the defaults are kept from now on.")
        self.reset_button.setEnabled(False)
        self.edit_button.setVisible(False)

    def hide_notice(self) -> None:
        bar = self.parent()
        (bar if isinstance(bar, QToolBar) else self).setVisible(False)


def add_settings_notice(window: QMainWindow, messages: Sequence[str], *, on_reset: Callable[[], None],
                        on_edit: Callable[[], None] | None = None) -> SettingsNotice:
    """Put the notice on its own row under the window's toolbars."""
    bar = QToolBar("Settings notice", window)
    bar.setObjectName("settingsNoticeBar")
    bar.setMovable(False)
    notice = SettingsNotice(messages, on_reset=on_reset, on_edit=on_edit, parent=bar)
    bar.addWidget(notice)
    window.addToolBarBreak()
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return notice
