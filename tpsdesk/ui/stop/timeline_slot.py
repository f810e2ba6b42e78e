"""The trim editor's timeline, built on first use.

Most starts select a stream before anyone trims, and the stop panel often has
the trim scrolled out of view: until the timeline's place is on screen with a
stream that can be trimmed, a greyed placeholder of the same size stands in,
and this slot keeps what the timeline will show (activity, live edge, marks,
accessible name) so that it starts out right. When it is wanted, its modules
(our own, ~5–10 ms to import) are imported off the GUI thread and the widgets
(a few ms) built on the GUI thread once they are in, so neither lands in the
same frame as the stream's first paint.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QBoxLayout, QWidget

from tpsdesk.domain.timeline import Timeline
from tpsdesk.ui.widgets.trim_placeholder import TimelinePlaceholder

if TYPE_CHECKING:
    from tpsdesk.ui.widgets.trim_axis import TimelineAxis
    from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider

KEYBOARD_HELP: list[tuple[str, str]] = [
    ("Tab / Shift+Tab", "Move between the start handle, the end handle and the time fields"),
    ("[ / ]", "Select the start / end handle of the timeline"),
    ("Left / Right (or Down / Up)", "Move the selected handle by 1 second"),
    ("Shift+Left / Shift+Right", "Move the selected handle by 10 seconds"),
    ("Page Down / Page Up", "Move the selected handle by 1 minute"),
    ("Home / End", "Move the selected handle to the start / to the live edge"),
    ("Up / Down in a time field", "Add / remove 1 second (Shift: 10 s, Page Up / Down: 1 min)"),
    ("Enter in a time field", "Apply the typed time (hh:mm:ss, mm:ss or seconds)"),
    ("Esc in a time field", "Undo the typing and go back to the handle's time"),
]

Mark = tuple[int, str, bool]  # seconds on the timeline, label, is an in-mark
_MODULE = "tpsdesk.ui.widgets.trim_axis"  # imports trim_timeline and range_slider


def _modules_ready() -> bool:
    """Imported, not still being imported (by the worker thread: building now would wait for it)."""
    module = sys.modules.get(_MODULE)
    return module is not None and not getattr(module.__spec__, "_initializing", False)


class _Importer(QObject):
    """Imports the timeline's modules on a worker thread; ``then`` runs on the GUI thread."""

    imported = Signal()

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then = then
        self.imported.connect(self._on_imported)  # queued: emitted from the worker thread

    def start(self) -> None:
        threading.Thread(target=self._load, name="import trim timeline", daemon=True).start()

    def _load(self) -> None:
        with contextlib.suppress(Exception):  # a failure shows when the GUI thread builds it
            importlib.import_module(_MODULE)
        with contextlib.suppress(RuntimeError):  # the editor was closed meanwhile
            self.imported.emit()

    @Slot()
    def _on_imported(self) -> None:
        self._then()


class TimelineSlot:
    """Placeholder first, then :class:`TrimRangeSlider` + :class:`TimelineAxis` in ``band``."""

    def __init__(self, owner: QWidget, band: QBoxLayout, built: Callable[[TrimRangeSlider], None],
                 wanted: Callable[[], bool]) -> None:
        self._owner = owner
        self._band = band
        self._built = built  # the owner connects and shows its state
        self._wanted = wanted  # still wanted once the modules are in (shown, trimming available)
        self._importer: _Importer | None = None
        self.placeholder = TimelinePlaceholder(owner, self._on_placeholder_painted)
        band.addWidget(self.placeholder)
        self.slider: TrimRangeSlider | None = None
        self.axis: TimelineAxis | None = None
        self._timeline: Timeline | None = None
        self._live = True
        self._marks: list[Mark] = []
        self._name = "Kept part of the recording"

    def request(self) -> None:
        """Build it in the next turn if its modules are loaded, else once they are (loaded off the
        GUI thread): never in the turn that asked, which is already showing a stream (~4 ms)."""
        if self.slider is not None:
            return
        if _modules_ready():
            QTimer.singleShot(0, self._owner, self._build_later)
        elif self._importer is None:
            self._importer = _Importer(self._owner, self._on_imported)
            self._importer.start()

    def onScreen(self) -> bool:
        """Whether the timeline's place is (partly) on screen, not scrolled away or hidden."""
        shown: QWidget = self.slider if self.slider is not None else self.placeholder
        return shown.isVisible() and not shown.visibleRegion().isEmpty()

    def _on_placeholder_painted(self) -> None:
        if self.slider is None and self._wanted():
            self.request()

    def _build_later(self) -> None:
        if self.slider is None:  # asked for while wanted: built even if the editor changed meanwhile
            self.build()

    def _on_imported(self) -> None:
        if self.slider is None and self._wanted():
            self.build()

    def build(self) -> TrimRangeSlider:
        if self.slider is not None:
            return self.slider
        from tpsdesk.ui.widgets.trim_axis import TimelineAxis
        from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider

        slider = self.slider = TrimRangeSlider(self._owner)
        slider.setAccessibleName(self._name)
        slider.setTimeline(self._timeline)
        slider.setLive(self._live)
        slider.setMarks(self._marks)
        self.axis = TimelineAxis(slider, self._owner)
        self._band.replaceWidget(self.placeholder, slider)
        self._band.addWidget(self.axis)
        self.placeholder.hide()
        self.placeholder.deleteLater()
        self._built(slider)
        return slider

    def setTimeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        if self.slider is not None:
            self.slider.setTimeline(timeline)

    def setLive(self, live: bool) -> None:
        self._live = live
        if self.slider is not None and self.axis is not None:
            self.slider.setLive(live)
            self.axis.update()

    def setMarks(self, marks: list[Mark]) -> None:
        self._marks = list(marks)
        if self.slider is not None:
            self.slider.setMarks(self._marks)

    def setAccessibleName(self, name: str) -> None:
        self._name = name
        (self.slider or self.placeholder).setAccessibleName(name)

    def setAccessibleDescription(self, text: str) -> None:
        (self.slider or self.placeholder).setAccessibleDescription(text)

    def currentHandle(self) -> int:
        return self.slider.currentHandle() if self.slider is not None else 0

    def updateAxis(self) -> None:
        if self.axis is not None:
            self.axis.update()
