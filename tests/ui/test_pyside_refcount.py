"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 on Python 3.11).

Such a build aborts a long-running session with "none_dealloc" once None's
count runs out; the app updates labels every second, so it would crash.
"""

import sys

from PySide6.QtWidgets import QLabel, QToolButton
from pytestqt.qtbot import QtBot


def test_setters_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label, button = QLabel(), QToolButton()
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("tick")
        button.setEnabled(True)
    assert abs(sys.getrefcount(None) - before) < 100
