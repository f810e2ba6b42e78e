"""Where the stop panel sits: a scroll area, with the panel's outcome bar kept above it.

The panel is made inside the scroll area and the area inside the window's right-hand side,
so nothing is moved after it is made: moving its ~100 widgets took ~6–9 ms (their style is
worked out again under a new parent).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from tpsdesk.ui.stop.stop_panel import StopPanel


def scroll_area(container: QWidget) -> QScrollArea:
    """Where the panel scrolls, a child of ``container``; make the panel in its viewport."""
    scroll = QScrollArea(container)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    # Never sideways: long texts wrap or elide (tests/ui/stop/test_panel_fits_1280.py keeps it so).
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(520)
    return scroll


def frame_panel(panel: StopPanel, scroll: QScrollArea) -> QWidget:
    """``panel`` in ``scroll`` (from :func:`scroll_area`) and its outcome bar above it, always on
    screen, laid out in the scroll area's container; returns the container."""
    container = scroll.parentWidget()
    if container is None:
        raise ValueError("the scroll area has no container: make it with scroll_area()")
    scroll.setWidget(panel)
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(panel.outcome_bar)
    layout.addWidget(scroll, 1)
    return container
