"""Tab order for widgets built after their window: Qt chains widgets in the order they were made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_stops(root: QWidget) -> list[QWidget]:
    """``root``'s Tab stops (itself included), in focus-chain order."""
    stops = [root] if root.focusPolicy() & Qt.FocusPolicy.TabFocus else []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if root.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)  # setTabOrder ignores a widget Tab never stops at
        widget = widget.nextInFocusChain()
    return stops


def last_tab_stop(root: QWidget) -> QWidget:
    """The last of ``root``'s own Tab stops (``root`` if it has none)."""
    stops = tab_stops(root)
    return stops[-1] if stops else root


def tab_after(anchor: QWidget, widgets: list[QWidget]) -> QWidget:
    """Put ``widgets`` right after ``anchor`` on Tab, in this order; returns the last one."""
    for widget in widgets:
        QWidget.setTabOrder(anchor, widget)
        anchor = widget
    return anchor
