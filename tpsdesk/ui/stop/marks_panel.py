"""Live marks of the selected stream: take, list, nudge, rename, delete, and use as the trim.

Shown while the selected stream is live. Marks are taken on the server's clock
(see :class:`~tpsdesk.services.marks.MarksService`), drawn as flags on the stop
view's trim timeline, and a chosen in/out pair is put on the trim's handles;
at the stop, :meth:`MarksPanel.stop_plan` sends that pair as epoch seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.domain.marks import Mark, MarkKind, MarkPair, pair_positions, plan_from_marks, timeline_position
from tpsdesk.domain.models import Asset
from tpsdesk.domain.timedisplay import on_this_computer, show_clock
from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.trim import TrimPlan, start_epoch
from tpsdesk.services.marks import MarksService
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.plain import quoted
from tpsdesk.ui.stop.trim_editor import TrimEditor
from tpsdesk.ui.widgets.trim_style import WARNING

MARK_IN_KEY = "Ctrl+I"
MARK_OUT_KEY = "Ctrl+O"
KEYBOARD_HELP: list[tuple[str, str]] = [
    (MARK_IN_KEY, "Mark in: flag this moment of the live stream as a start"),
    (MARK_OUT_KEY, "Mark out: flag this moment as an end"),
]
_NUDGES = ((-10, "−10 s"), (-1, "−1 s"), (1, "+1 s"), (10, "+10 s"))
_ID_ROLE = Qt.ItemDataRole.UserRole


class MarksPanel(QGroupBox):
    message = Signal(str)  # short notes for the status bar

    def __init__(self, service: MarksService, store: StatusStore, editor: TrimEditor, *, server_tz: tzinfo,
                 parent: QWidget | None = None) -> None:
        super().__init__("Live marks", parent)
        self._service = service
        self._store = store
        self._editor = editor
        self._tz = server_tz
        self._asset_id: str | None = None
        self._filling = False

        self.markInAction = QAction("Mark in", self)
        self.markInAction.setShortcut(QKeySequence(MARK_IN_KEY))
        self.markOutAction = QAction("Mark out", self)
        self.markOutAction.setShortcut(QKeySequence(MARK_OUT_KEY))
        # Short labels (the keys are in the tooltips and Help): the nudges share their row.
        self.markInButton = QPushButton("⚑ Mark in", self)
        self.markInButton.setAccessibleName("Mark in")
        self.markInButton.setToolTip(f"Flag this moment as the start of a part to keep ({MARK_IN_KEY})")
        self.markOutButton = QPushButton("⚑ Mark out", self)
        self.markOutButton.setAccessibleName("Mark out")
        self.markOutButton.setToolTip(f"Flag this moment as the end of a part to keep ({MARK_OUT_KEY})")
        self.skewLabel = QLabel(self)
        self.skewLabel.setAccessibleName("Clock skew")
        self.skewLabel.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Marks")
        self.list.setHeaderLabels(["Name", "Kind", "On the timeline", "Server time"])
        self.list.setRootIsDecorated(False)
        # The columns share the list's width (texts elide): no sideways scroll bar eating a row.
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nudgeButtons: dict[int, QPushButton] = {}
        edit_row = QHBoxLayout()
        edit_row.addSpacing(12)
        for seconds, text in _NUDGES:
            button = QPushButton(text, self)
            button.setAccessibleName(f"Nudge the mark {'back' if seconds < 0 else 'forward'} {abs(seconds)} s")
            button.setMaximumWidth(button.fontMetrics().horizontalAdvance(text) + 24)  # fits a 1280 px screen
            button.clicked.connect(lambda _c=False, s=seconds: self.nudgeSelected(s))
            self.nudgeButtons[seconds] = button
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        self.renameButton = QPushButton("Rename", self)
        self.renameButton.setAccessibleName("Rename the mark")
        self.deleteButton = QPushButton("Delete", self)
        self.deleteButton.setAccessibleName("Delete the mark")
        self.undoDeleteButton = QPushButton("Undo delete", self)
        self.undoDeleteButton.setAccessibleName("Undo deleting the mark")
        self.undoDeleteButton.setVisible(False)  # offered right after a delete
        self._deleted: tuple[str, Mark] | None = None  # the last deleted mark, for the undo
        self.pairCombo = QComboBox(self)
        self.pairCombo.setAccessibleName("Marked pair for the trim")
        # Long mark names must not widen the panel past the window: the combo elides instead.
        self.pairCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pairCombo.setMinimumContentsLength(16)
        self.useButton = QPushButton("Use for the trim", self)
        self.useButton.setAccessibleName("Use the marked pair for the trim")
        self.useButton.setToolTip("Put the trim's handles on this pair; the stop sends it as epoch seconds")
        for button in (self.markInButton, self.markOutButton, self.renameButton, self.deleteButton,
                       self.undoDeleteButton, self.useButton, *self.nudgeButtons.values()):
            button.setAutoDefault(False)
        # One line high until used; what marks are is said on hover rather than in a line of its own.
        self.setToolTip("Marks stay on this computer until the stop; they are taken on the server's clock.")

        take_row = QHBoxLayout()
        take_row.addWidget(self.markInButton)
        take_row.addWidget(self.markOutButton)
        pair_row = QHBoxLayout()
        pair_row.addWidget(QLabel("Trim with", self))
        pair_row.addWidget(self.pairCombo, 1)
        pair_row.addWidget(self.useButton)
        # The list and its tools appear with the first mark: an empty box stays one line high.
        self._nudges = QWidget(self)  # beside the take buttons, once there is a mark to nudge
        self._nudges.setLayout(edit_row)
        edit_row.setContentsMargins(0, 0, 0, 0)
        take_row.addWidget(self._nudges, 1)
        self._editing = QWidget(self)
        editing = QVBoxLayout(self._editing)
        editing.setContentsMargins(0, 0, 0, 0)
        list_row = QHBoxLayout()
        list_row.addWidget(self.list, 1)
        list_tools = QVBoxLayout()
        list_tools.addWidget(self.renameButton)
        list_tools.addWidget(self.deleteButton)
        list_tools.addStretch(1)
        list_row.addLayout(list_tools)
        editing.addLayout(list_row)
        editing.addLayout(pair_row)
        self._empty_note = QLabel("No marks yet", self)
        self._empty_note.setObjectName("muted")
        self._empty_note.setToolTip(f"Press {MARK_IN_KEY} when the part to keep starts, {MARK_OUT_KEY} when it "
                                    "ends; marks stay on this computer until the stop.")
        take_row.addWidget(self._empty_note, 1)
        take_row.addWidget(self.undoDeleteButton)  # here, not by Delete: it stays when the last mark goes
        layout = QVBoxLayout(self)
        layout.addLayout(take_row)
        layout.addWidget(self.skewLabel)
        layout.addWidget(self._editing)

        self.markInAction.triggered.connect(lambda: self.mark(MarkKind.IN))
        self.markOutAction.triggered.connect(lambda: self.mark(MarkKind.OUT))
        self.markInButton.clicked.connect(self.markInAction.trigger)
        self.markOutButton.clicked.connect(self.markOutAction.trigger)
        self.renameButton.clicked.connect(self._rename_selected)
        self.deleteButton.clicked.connect(self._delete_selected)
        self.undoDeleteButton.clicked.connect(self.undoDelete)
        self.useButton.clicked.connect(self.useChosenPair)
        self.list.itemChanged.connect(self._on_item_edited)
        self.list.itemSelectionChanged.connect(self._refresh_buttons)
        service.marksChanged.connect(self._on_marks_changed)
        store.streamsChanged.connect(self._on_streams_changed)
        self._skew_timer = QTimer(self)
        self._skew_timer.timeout.connect(self._show_skew)
        self._skew_timer.start(2000)
        self.show_stream(None)

    # -- the selected stream ----------------------------------------------------------
    def _asset(self) -> Asset | None:
        return self._store.asset(self._asset_id) if self._asset_id else None

    def _start_epoch(self) -> int | None:
        asset = self._asset()
        if asset is None or asset.live_stream is None or asset.live_stream.start is None:
            return None
        return start_epoch(asset.live_stream.start, self._tz)

    def show_stream(self, asset_id: str | None) -> None:
        changed = asset_id != self._asset_id
        self._asset_id = asset_id
        asset = self._asset()
        live = asset is not None and asset.status.is_live
        self.setVisible(live)
        for action in (self.markInAction, self.markOutAction):
            action.setEnabled(live)
        if changed:
            self._forget_deleted()
            self._fill()
        self._show_skew()

    def _on_streams_changed(self, ids: list[str]) -> None:
        if self._asset_id in ids:
            self.show_stream(self._asset_id)

    def _on_marks_changed(self, asset_id: str) -> None:
        if asset_id == self._asset_id:
            self._fill()
            applied = self._service.applied(asset_id)
            if applied is not None:
                self._put_on_trim(applied)  # a nudged mark of the pair moves its handle too

    # -- taking and editing marks --------------------------------------------------------
    def mark(self, kind: MarkKind) -> Mark | None:
        asset = self._asset()
        if asset is None or not asset.status.is_live:
            self.message.emit("Marks are taken while a stream is live: select a live stream first.")
            return None
        mark = self._service.add(asset.id, kind)
        if mark is not None:
            start = self._start_epoch()
            where = f" at {format_hms(max(0, mark.at - start))}" if start is not None else ""
            self.message.emit(f"{mark.name} marked{where} on {quoted(asset.title)}.")
            self.selectMark(mark.id)
        return mark

    def selectedMarkId(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(0, _ID_ROLE)) if item is not None and item.isSelected() else None

    def selectMark(self, mark_id: str) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.data(0, _ID_ROLE) == mark_id:
                self.list.setCurrentItem(item)
                return

    def nudgeSelected(self, seconds: int) -> None:
        mark_id = self.selectedMarkId()
        if self._asset_id and mark_id:
            self._service.nudge(self._asset_id, mark_id, seconds)

    def renameSelected(self, name: str) -> None:
        mark_id = self.selectedMarkId()
        if self._asset_id and mark_id:
            self._service.rename(self._asset_id, mark_id, name)

    def _rename_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item, 0)

    def _delete_selected(self) -> None:
        mark_id = self.selectedMarkId()
        if not self._asset_id or not mark_id:
            return
        gone = self._service.delete(self._asset_id, mark_id)
        if gone is not None:
            self._deleted = (self._asset_id, gone)
            self.undoDeleteButton.setVisible(True)
            self.undoDeleteButton.setToolTip(f"Bring back “{gone.name}”")
            self.message.emit(f"“{gone.name}” deleted. Undo delete brings it back.")

    def undoDelete(self) -> bool:
        """Bring back the last deleted mark of this stream."""
        deleted, self._deleted = self._deleted, None
        self.undoDeleteButton.setVisible(False)
        if deleted is None or deleted[0] != self._asset_id:
            return False
        asset_id, mark = deleted
        if self._service.restore(asset_id, mark):
            self.selectMark(mark.id)
            return True
        return False

    def _forget_deleted(self) -> None:
        self._deleted = None
        self.undoDeleteButton.setVisible(False)

    def tabOrder(self) -> list[QWidget]:
        """The controls in the order Tab visits them: take, list, edit, then the trim."""
        return [self.markInButton, self.markOutButton, self.undoDeleteButton, self.list,
                *self.nudgeButtons.values(), self.renameButton, self.deleteButton, self.pairCombo, self.useButton]

    def _on_item_edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0 or not self._asset_id:
            return
        self._service.rename(self._asset_id, str(item.data(0, _ID_ROLE)), item.text(0))

    # -- showing ---------------------------------------------------------------------------
    def _fill(self) -> None:
        asset_id = self._asset_id
        marks = self._service.marks(asset_id) if asset_id else []
        start = self._start_epoch()
        selected = self.selectedMarkId()
        self._filling = True
        try:
            self.list.clear()
            for mark in marks:
                on_timeline = format_hms(max(0, mark.at - start)) if start is not None else "—"
                moment = datetime.fromtimestamp(mark.at, UTC)
                item = QTreeWidgetItem([mark.name, mark.kind.label, on_timeline, show_clock(moment, self._tz)])
                item.setToolTip(3, on_this_computer(moment))
                item.setData(0, _ID_ROLE, mark.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addTopLevelItem(item)
            if selected:
                self.selectMark(selected)
        finally:
            self._filling = False
        self._editing.setVisible(bool(marks))
        self._nudges.setVisible(bool(marks))
        self._empty_note.setVisible(not marks)
        self._fit_list(len(marks))
        self._fill_pairs()
        self._editor.setMarks([(timeline_position(m, start), m.name, m.kind is MarkKind.IN)
                                      for m in marks] if start is not None else [])
        self._refresh_buttons()

    def _fit_list(self, rows: int) -> None:
        """As high as its marks (two to five rows, then it scrolls): no empty rows pushing Stop down."""
        row = self.list.sizeHintForRow(0) if rows else self.list.fontMetrics().height() + 4
        header = self.list.header().sizeHint().height()
        frame = 2 * self.list.frameWidth()
        self.list.setFixedHeight(header + frame + max(2, min(5, rows)) * max(row, 1) + 2)

    def _fill_pairs(self) -> None:
        chosen = self.pairCombo.currentData()
        start = self._start_epoch()
        self.pairCombo.clear()
        found = self._service.pairs(self._asset_id) if self._asset_id else []
        for pair in found:
            self.pairCombo.addItem(pair.describe(start), pair.key)
        if not found:
            self.pairCombo.addItem("(mark an in, then an out)", None)
        index = self.pairCombo.findData(chosen) if chosen else -1
        self.pairCombo.setCurrentIndex(index if index >= 0 else self.pairCombo.count() - 1)

    def _refresh_buttons(self) -> None:
        has_mark = self.selectedMarkId() is not None
        for button in (*self.nudgeButtons.values(), self.renameButton, self.deleteButton):
            button.setEnabled(has_mark)
        self.useButton.setEnabled(self.pairCombo.currentData() is not None and self._start_epoch() is not None)

    def _show_skew(self) -> None:
        clock = self._service.server_clock
        self.skewLabel.setVisible(clock.notable)
        if clock.notable:
            self.skewLabel.setText(f"<span style='color:{WARNING.name()}'>⚠ {clock.describe()}</span>")

    # -- the trim ------------------------------------------------------------------------------
    def chosenPair(self) -> MarkPair | None:
        key = self.pairCombo.currentData()
        return next((p for p in self._service.pairs(self._asset_id) if p.key == key), None) \
            if key and self._asset_id else None

    def useChosenPair(self) -> bool:
        pair = self.chosenPair()
        if pair is None or self._asset_id is None:
            return False
        self._service.set_applied(self._asset_id, pair)
        return self._put_on_trim(pair)

    def _put_on_trim(self, pair: MarkPair) -> bool:
        start = self._start_epoch()
        if start is None:
            return False
        begin, end = pair_positions(pair, start)
        self._editor.setTrimEnabled(True)
        self._editor.setHandles(begin, end)
        if self._editor.handles() != (begin, end):
            self.message.emit(f"The pair {pair.describe(start)} does not fit the recording so far; "
                              "the handles were moved inside it.")
        return True

    def stop_plan(self, asset: Asset, plan: TrimPlan) -> TrimPlan:
        """The stop's plan, with the applied pair as epoch seconds while the handles sit on it."""
        start = self._start_epoch() if asset.id == self._asset_id else None
        pair = self._service.applied(asset.id)
        if start is None or pair is None:
            return plan
        positions = pair_positions(pair, start)
        return plan_from_marks(plan, pair, positions, start)


PlanHook = Callable[[Asset, TrimPlan], TrimPlan]
