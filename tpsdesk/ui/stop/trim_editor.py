"""The trim editor of the stop view: which part of the recording to keep.

The editor holds the state (elapsed, both handles, trim on/off); the slider
and the two time fields only show it and report user edits, so neither a
one-second ``setElapsed`` tick nor a half-typed field can fight the other.
The rules themselves live in :mod:`tpsdesk.domain.trim`: ``plan()`` and
``problem()`` are exactly what ``plan_stop_trim`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.timeline import Timeline, suggest_trim
from tpsdesk.domain.trim import LIVE_EDGE_SNAP_S, TrimError, TrimPlan, plan_stop_trim
from tpsdesk.ui.stop.timeline_slot import KEYBOARD_HELP as KEYBOARD_HELP  # the help dialog's
from tpsdesk.ui.stop.timeline_slot import Mark, TimelineSlot
from tpsdesk.ui.widgets.time_field import TimeField, tabular_font
from tpsdesk.ui.widgets.trim_style import ERROR, WARNING, Legend

if TYPE_CHECKING:  # built on first use (timeline_slot.py)
    from tpsdesk.ui.widgets.trim_axis import TimelineAxis
    from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider

_OFF_NOTE = (
    "Tick “Trim the recording” to keep only part of it; the trim is applied "
    "after the recording is transcoded."
)


class TrimEditor(QWidget):
    """Checkbox, activity timeline (built on first use: timeline_slot.py), two time fields, summary."""

    trimChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._elapsed = 0
        self._start = 0
        self._end = 0
        self._wanted = False  # the checkbox choice, kept while unavailable
        self._unavailable: str | None = None
        self._timeline: Timeline | None = None
        self._planner: Callable[[int, int, int], TrimPlan] | None = None
        self._syncing = False
        self._build()
        self._sync()

    # -- construction ----------------------------------------------------------
    def _build(self) -> None:
        self.checkbox = QCheckBox("Trim the recording", self)
        self.checkbox.setAccessibleName("Trim the recording")
        self.checkbox.setToolTip("Unticked: no trim, the whole recording is kept.")
        self.useActivityButton = QPushButton("Use activity", self)
        self.useActivityButton.setAccessibleName("Use activity times for the trim")
        self.useActivityButton.setAutoDefault(False)
        self.startField = TimeField(self)
        self.startField.setAccessibleName("Keep from")
        self.startField.setHint("Start of the kept part (hh:mm:ss from the stream start)")
        self.endField = TimeField(self)
        self.endField.setAccessibleName("Keep to")
        self.endField.setHint("End of the kept part (hh:mm:ss); at the live edge = to the end")
        self.summaryLabel = QLabel(self)
        self.summaryLabel.setFont(tabular_font(self.summaryLabel.font()))
        self.summaryLabel.setAccessibleName("Kept duration")
        self.summaryLabel.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.noteLabel = QLabel(self)
        self.noteLabel.setWordWrap(True)
        self.noteLabel.setAccessibleName("Trim note")
        self.noteLabel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        header = QHBoxLayout()
        header.addWidget(self.checkbox)
        header.addStretch(1)
        header.addWidget(self.useActivityButton)
        self.legend = Legend(self)
        self.legend.setVisible(False)  # shown once there is activity to explain

        band = QVBoxLayout()
        band.setSpacing(0)
        self._slot = TimelineSlot(self, band, self._on_timeline_built, self._timeline_wanted)

        fields = QHBoxLayout()
        fields.setSpacing(6)
        keep_from = QLabel("Keep from", self)
        keep_from.setBuddy(self.startField)
        keep_to = QLabel("to", self)
        keep_to.setBuddy(self.endField)
        self._field_labels = (keep_from, keep_to)
        fields.addWidget(keep_from)
        fields.addWidget(self.startField)
        fields.addWidget(keep_to)
        fields.addWidget(self.endField)
        fields.addStretch(1)
        # The legend has a row of its own so the panel stays narrow enough for a
        # 1280-pixel screen beside the stream list.
        fields.addWidget(self.summaryLabel)
        summary = QHBoxLayout()
        summary.addWidget(self.legend)
        summary.addStretch(1)

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.setSpacing(6)
        root.addLayout(header)
        root.addLayout(band)
        root.addLayout(fields)
        root.addLayout(summary)
        root.addWidget(self.noteLabel)
        root.addStretch(1)

        for first, second in (
            (self.checkbox, self.startField),
            (self.startField, self.endField),
            (self.endField, self.useActivityButton),
        ):
            QWidget.setTabOrder(first, second)

        self.checkbox.toggled.connect(self._on_checkbox)
        self.startField.valueEdited.connect(lambda v: self._apply(v, self._end))
        self.endField.valueEdited.connect(lambda v: self._apply(self._start, v))
        self.startField.errorChanged.connect(self._on_field_error)
        self.endField.errorChanged.connect(self._on_field_error)
        self.useActivityButton.clicked.connect(self.applySuggestion)

    def _on_timeline_built(self, slider: TrimRangeSlider) -> None:
        QWidget.setTabOrder(self.checkbox, slider)
        QWidget.setTabOrder(slider, self.startField)
        slider.valuesChanged.connect(self._on_slider)
        slider.currentHandleChanged.connect(lambda _index: self._describe_slider())
        self._sync()

    @property
    def slider(self) -> TrimRangeSlider:
        """The timeline with its two handles (built now if it was not yet)."""
        return self._slot.build()

    @property
    def axis(self) -> TimelineAxis:
        self._slot.build()
        assert self._slot.axis is not None
        return self._slot.axis

    def isTimelineBuilt(self) -> bool:
        return self._slot.slider is not None

    def _timeline_wanted(self) -> bool:  # can trim, and the place of the timeline is on screen
        return self._unavailable is None and self._slot.onScreen()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._timeline_wanted():
            self._slot.request()

    # -- public API ----------------------------------------------------------------
    def setMarks(self, marks: list[Mark]) -> None:
        """Live marks' flags on the timeline."""
        self._slot.setMarks(marks)

    def setTimelineAccessibleName(self, name: str) -> None:
        self._slot.setAccessibleName(name)

    def setElapsed(self, seconds: int) -> None:
        """Grow (or correct) the upper bound; an end at the live edge follows it."""
        seconds = max(0, int(seconds))
        if seconds == self._elapsed:
            return
        at_edge = self._end >= self._elapsed - LIVE_EDGE_SNAP_S
        self._elapsed = seconds
        self._end = seconds if at_edge else min(self._end, seconds)
        self._start = min(self._start, seconds)
        self._sync()
        self.trimChanged.emit()

    def focusTimeline(self) -> None:
        """Keyboard focus to the slider, or to the checkbox while trim is off."""
        slider = self._slot.slider
        target: QWidget = slider if slider is not None and slider.isEnabled() else self.checkbox
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def elapsed(self) -> int:
        return self._elapsed

    def setTimeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        self._slot.setTimeline(timeline)
        self.legend.setVisible(timeline is not None and not timeline.is_empty)
        self._sync()

    def setLive(self, live: bool) -> None:
        """Whether the right end is the live edge (marked) or a finished end."""
        self._slot.setLive(live)

    def setUnavailable(self, reason: str | None) -> None:
        """Disable trimming with ``reason`` shown in place; None makes it available."""
        reason = reason or None
        if reason == self._unavailable:
            return
        was_on = self.isTrimEnabled()
        self._unavailable = reason
        self._sync()
        if was_on != self.isTrimEnabled():
            self.trimChanged.emit()

    def unavailableReason(self) -> str | None:
        return self._unavailable

    def setTrimEnabled(self, on: bool) -> None:
        was_on = self.isTrimEnabled()
        self._wanted = bool(on)
        self._sync()
        if was_on != self.isTrimEnabled():
            self.trimChanged.emit()

    def isTrimEnabled(self) -> bool:
        return self._wanted and self._unavailable is None

    def handles(self) -> tuple[int, int]:
        return self._start, self._end

    def setHandles(self, start: int, end: int) -> None:
        """Place both handles (clamped to [0, elapsed]; start ≥ end is shown as a problem)."""
        self._apply(start, end, force_fields=True)

    def plan(self) -> TrimPlan:
        """What the stop will carry; raises :class:`TrimError` with the reason."""
        if self._unavailable is not None:
            return TrimPlan(None, f"No trim ({self._unavailable}): the whole recording is kept.")
        if self.isTrimEnabled():
            for name, field in (("start", self.startField), ("end", self.endField)):
                if field.error() is not None:
                    raise TrimError(f"The {name} time is not valid: {field.error()}")
            if self._planner is not None:
                return self._planner(self._start, self._end, self._elapsed)
        return plan_stop_trim(self._start, self._end, self._elapsed, enabled=self.isTrimEnabled())

    def setPlanner(self, planner: Callable[[int, int, int], TrimPlan] | None) -> None:
        """Another rule than the stop's live edge, e.g. a finished video's (start, end, bound)."""
        self._planner = planner
        self._sync()
        self.trimChanged.emit()

    def problem(self) -> str | None:
        try:
            self.plan()
        except TrimError as exc:
            return str(exc)
        return None

    def suggestion(self) -> tuple[int, int] | None:
        """``suggest_trim`` on the current timeline, with open segments to now."""
        if self._timeline is None:
            return None
        return suggest_trim(replace(self._timeline, elapsed=self._elapsed))

    def applySuggestion(self) -> bool:
        """Turn the trim on and keep what the activities say was the class."""
        suggested = self.suggestion()
        if suggested is None or self._unavailable is not None:
            return False
        self._wanted = True
        self._apply(*suggested, force_fields=True, force_signal=True)
        return True

    def reset(self, elapsed: int) -> None:
        """A new stream: handles on [0, elapsed], trim off, no timeline or reason."""
        self._elapsed = max(0, int(elapsed))
        self._start, self._end = 0, self._elapsed
        self._wanted = False
        self._unavailable = None
        self._timeline = None
        self._slot.setTimeline(None)
        self.legend.setVisible(False)
        self._slot.setLive(True)
        self._sync(force_fields=True)
        self.trimChanged.emit()

    # -- edits from the widgets ------------------------------------------------------
    def _on_checkbox(self, on: bool) -> None:
        if not self._syncing:
            self.setTrimEnabled(on)

    def _on_field_error(self) -> None:
        # A refused field blocks the stop (see plan()), so it changes the plan;
        # during _sync the caller decides whether to signal.
        if not self._syncing:
            self._sync_messages()
            self.trimChanged.emit()

    def _on_slider(self, values: tuple[int, ...]) -> None:
        if not self._syncing:
            self._apply(int(values[0]), int(values[-1]), force_fields=True)

    def _apply(
        self, start: int, end: int, *, force_fields: bool = False, force_signal: bool = False
    ) -> None:
        start = min(max(0, int(start)), self._elapsed)
        end = min(max(0, int(end)), self._elapsed)
        changed = (start, end) != (self._start, self._end)
        self._start, self._end = start, end
        errors_cleared = self._sync(force_fields=force_fields)
        if changed or force_signal or errors_cleared:
            self.trimChanged.emit()

    # -- showing the state -----------------------------------------------------------
    def _sync(self, *, force_fields: bool = False) -> bool:
        """Show the state; True when a field's refused text was replaced."""
        errors = (self.startField.error(), self.endField.error())
        self._syncing = True
        try:
            on, available = self.isTrimEnabled(), self._unavailable is None
            self.checkbox.setEnabled(available)
            self.checkbox.setChecked(on)
            for label in self._field_labels:
                label.setEnabled(on)
            if (slider := self._slot.slider) is not None:
                slider.setEnabled(on)
                slider.setKeptHighlight(on)
                if slider.maximum() != self._elapsed:
                    slider.setRange(0, self._elapsed)
                shown = (min(self._start, self._end), max(self._start, self._end))
                if tuple(slider.value()) != shown:
                    slider.setValue(shown)
            for field, value in ((self.startField, self._start), (self.endField, self._end)):
                field.setEnabled(on)
                field.setMaximum(self._elapsed)
                typing = field.hasFocus() and field.isModified()
                if force_fields or (field.value() != value and not typing):
                    field.setValue(value)
            self.useActivityButton.setEnabled(available and self.suggestion() is not None)
            self.useActivityButton.setToolTip(self._suggestion_tip())
        finally:
            self._syncing = False
        self._slot.updateAxis()
        self._describe_slider()
        if self._timeline_wanted():
            self._slot.request()  # a shown editor that became available
        self._sync_messages()
        return errors != (self.startField.error(), self.endField.error())

    def _suggestion_tip(self) -> str:
        suggested = self.suggestion()
        if suggested is None:
            return "No encoder activity to go by."
        return (
            f"Keep {format_hms(suggested[0])} – {format_hms(suggested[1])}: from the first "
            "encoder publish to the last, a minute wider since activity times are to the minute."
        )

    def _describe_slider(self) -> str:
        handle = ("start", "end")[self._slot.currentHandle()]
        text = (
            f"Keeps {format_hms(self._start)} to {format_hms(self._end)} of "
            f"{format_hms(self._elapsed)}; the {handle} handle is selected, Tab switches."
        )
        self._slot.setAccessibleDescription(text)
        return text

    def _sync_messages(self) -> None:
        total = format_hms(self._elapsed)
        note, color = _OFF_NOTE, None
        try:
            plan = self.plan()
        except TrimError as exc:
            plan, note, color = None, str(exc), ERROR
        if self._unavailable is not None:
            summary = "No trim"
            note, color = f"⚠ Trimming unavailable: {self._unavailable}", WARNING
        elif not self.isTrimEnabled():
            summary = f"No trim · keeps all {total}"
        elif plan is None:
            summary = f"Keeps — of {total}"
        elif plan.trim is None:
            summary, note = f"Keeps all {total}", plan.note
        else:
            kept = format_hms(plan.trim.end_time - plan.trim.start_time)
            summary, note = f"Keeps <b>{kept}</b> of {total}", plan.note
        self.summaryLabel.setText(summary)
        self.noteLabel.setText(note)
        pal = self.noteLabel.palette()
        role = QPalette.ColorRole.WindowText
        default = self.palette().color(QPalette.ColorRole.PlaceholderText)
        pal.setColor(role, color if color is not None else default)
        self.noteLabel.setPalette(pal)
