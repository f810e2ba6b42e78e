"""Every interactive widget in the window can be named by a screen reader and reached by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.qt import Demo, unnamed_widgets


def test_interactive_widgets_have_accessible_names(demo: Demo) -> None:
    window = demo.session.window
    demo.qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    assert not unnamed_widgets(window), f"widgets without an accessible name: {unnamed_widgets(window)}"


def test_stop_and_refresh_have_shortcuts(demo: Demo) -> None:
    window = demo.session.window
    assert window.stop_action.shortcut().toString() == "Ctrl+Shift+S"
    assert not window.refresh_action.shortcut().isEmpty()
    assert window.table.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_every_documented_shortcut_is_bound(demo: Demo) -> None:
    """The Help dialog and the README promise these keys: each must reach an action."""
    from PySide6.QtGui import QAction, QKeySequence

    from tpsdesk.ui.dialogs.help_dialog import WINDOW_SHORTCUTS

    bound = {key.toString() for action in demo.session.window.findChildren(QAction) for key in action.shortcuts()}
    for keys, _what in WINDOW_SHORTCUTS:
        assert QKeySequence(keys).toString() in bound, keys
