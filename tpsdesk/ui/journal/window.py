"""The Journal window: entries newest first, filters, search, request and response, export.

Bodies are shown as plain text (never rich text: they came from the network).
Reads and the export run on the journal's worker thread; the export's file is
written off the event loop too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.journal import export
from tpsdesk.journal.entries import Action, JournalEntry, JournalFilter, Outcome
from tpsdesk.services.journal import JournalService
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.ui.journal.model import JournalTableModel, answer_text

SEARCH_DELAY_MS = 250
EXPORTERS: dict[str, tuple[str, Callable[[list[JournalEntry]], str]]] = {
    "csv": ("CSV files (*.csv)", export.to_csv),
    "json": ("JSON files (*.json)", export.to_json),
}


def request_text(entry: JournalEntry) -> str:
    if not entry.method:
        return "No request: this action is recorded by the app itself."
    body = entry.request_body or "(no body)"
    return f"{entry.method} {entry.path}\n\n{body}"


def response_text(entry: JournalEntry) -> str:
    if not entry.method:
        return entry.response_body or "—"
    took = f" · {entry.elapsed_ms} ms" if entry.elapsed_ms is not None else ""
    head = f"{answer_text(entry)}{took}"
    return f"{head}\n\n{entry.response_body or '(no body)'}"


class JournalWindow(QWidget):
    def __init__(self, journal: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("journalWindow")
        self.setWindowTitle("Journal — tpsdesk")
        self.resize(1100, 680)
        self._journal = journal
        self._tasks = TaskOwner("journal window")
        self.model = JournalTableModel(journal, parent=self)

        self.stream_filter = QComboBox(self)
        self.stream_filter.setAccessibleName("Journal stream filter")
        self.stream_filter.setMinimumContentsLength(18)
        self.stream_filter.addItem("All streams", "")
        self.action_filter = QComboBox(self)
        self.action_filter.setAccessibleName("Journal action filter")
        self.action_filter.addItem("All actions", None)
        for action in Action:
            self.action_filter.addItem(action.value.capitalize(), action.value)  # Qt keeps plain str
        self.outcome_filter = QComboBox(self)
        self.outcome_filter.setAccessibleName("Journal outcome filter")
        self.outcome_filter.addItem("All outcomes", None)
        for outcome in Outcome:
            self.outcome_filter.addItem(outcome.value.capitalize(), outcome.value)
        self.search = QLineEdit(self, placeholderText="Search stream, path, note, bodies…")
        self.search.setAccessibleName("Search the journal")
        self.search.setClearButtonEnabled(True)
        self.export_csv = QPushButton("Export CSV…", self)
        self.export_csv.setAccessibleName("Export the shown entries as CSV")
        self.export_json = QPushButton("Export JSON…", self)
        self.export_json.setAccessibleName("Export the shown entries as JSON")
        filters = QHBoxLayout()
        for label, widget in (("Stream", self.stream_filter), ("Action", self.action_filter),
                              ("Outcome", self.outcome_filter)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.export_csv)
        filters.addWidget(self.export_json)

        self.banner = QLabel(self)
        self.banner.setObjectName("journalPaused")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4ce; color:#5c4400; padding:6px; border-radius:4px;")
        self.banner.setAccessibleName("Journal paused")
        self.banner.setVisible(False)

        self.table = QTableView(self)
        self.table.setAccessibleName("Journal entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((150, 150, 80, 230, 150, 80, 70)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Selected entry")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # A wrapped label in a splitter gets one line's height: room for the summary, the time and a note.
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing() * 4 + 4)
        self.request_view = QPlainTextEdit(self)
        self.response_view = QPlainTextEdit(self)
        for view, name in ((self.request_view, "Request"), (self.response_view, "Response")):
            view.setReadOnly(True)
            view.setFont(mono)
            view.setAccessibleName(f"{name} of the selected entry")
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            view.setPlaceholderText("Select an entry")
        bodies = QSplitter(Qt.Orientation.Horizontal, self)
        for view, heading in ((self.request_view, "Request"), (self.response_view, "Response")):
            box = QWidget(self)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            title = QLabel(heading, box)
            title.setObjectName("muted")
            title.setBuddy(view)
            box_layout.addWidget(title)
            box_layout.addWidget(view)
            bodies.addWidget(box)
        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.note)
        details_layout.addWidget(bodies, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Journal status")

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.applyFilter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.stream_filter, self.action_filter, self.outcome_filter):
            combo.currentIndexChanged.connect(lambda _i: self.applyFilter())
        self.export_csv.clicked.connect(lambda: self.chooseExportFile("csv"))
        self.export_json.clicked.connect(lambda: self.chooseExportFile("json"))
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Esc"), self, self.close)
        self.model.pageLoaded.connect(lambda _n: self._show_count())
        self.model.rowsInserted.connect(lambda *_: self._show_count())
        journal.entryAdded.connect(self._on_entry_added)
        journal.writeFailed.connect(self._show_paused)
        if journal.failure:
            self._show_paused(journal.failure)
        self._export_dialog: QFileDialog | None = None
        self.last_export: Path | None = None
        self.refreshStreams()
        self.applyFilter()

    # -- filters ---------------------------------------------------------------
    def currentFilter(self) -> JournalFilter:
        action, outcome = self.action_filter.currentData(), self.outcome_filter.currentData()
        return JournalFilter(stream_id=self.stream_filter.currentData() or "",
                             action=Action(action) if action else None,
                             outcome=Outcome(outcome) if outcome else None, text=self.search.text())

    def applyFilter(self) -> None:
        self._search_timer.stop()
        self.model.setFilter(self.currentFilter())
        self._show_entry(None)

    def refreshStreams(self) -> None:
        self._tasks.spawn(self._load_streams(), name="journal streams")

    async def _load_streams(self) -> None:
        streams = await self._journal.streams()
        chosen = self.stream_filter.currentData() or ""
        self.stream_filter.blockSignals(True)
        try:
            self.stream_filter.clear()
            self.stream_filter.addItem("All streams", "")
            for stream_id, title in streams:
                self.stream_filter.addItem(f"{title} ({stream_id})" if title else stream_id, stream_id)
            index = self.stream_filter.findData(chosen)
            self.stream_filter.setCurrentIndex(max(0, index))
        finally:
            self.stream_filter.blockSignals(False)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- entries ---------------------------------------------------------------
    def _on_entry_added(self, entry: JournalEntry) -> None:
        self.model.addEntry(entry)
        if entry.stream_id and self.stream_filter.findData(entry.stream_id) < 0:
            label = f"{entry.stream_title} ({entry.stream_id})" if entry.stream_title else entry.stream_id
            self.stream_filter.addItem(label, entry.stream_id)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show_entry(self.model.entryAt(rows[0].row()) if rows else None)

    def _show_entry(self, entry: JournalEntry | None) -> None:
        if entry is None:
            self.note.setText("Select an entry to see its request and the server's answer.")
            self.request_view.setPlainText("")
            self.response_view.setPlainText("")
            return
        where = f" · {entry.stream_title or 'stream'} ({entry.stream_id})" if entry.stream_id else ""
        who = " · ".join(p for p in (entry.organization, entry.profile and f"profile “{entry.profile}”") if p)
        lines = [f"{entry.action.value.capitalize()}: {entry.outcome.value}{where}",
                 f"{entry.time.astimezone().strftime('%Y-%m-%d %H:%M:%S %Z')}{' · ' + who if who else ''}"]
        if entry.note:
            lines.append(entry.note)
        self.note.setText("\n".join(lines))
        self.request_view.setPlainText(request_text(entry))
        self.response_view.setPlainText(response_text(entry))

    def selectRow(self, row: int) -> None:
        self.table.selectRow(row)

    def _show_count(self) -> None:
        if self.status.property("exporting"):
            return
        shown = self.model.rowCount()
        more = " (scroll for older ones)" if self.model.canFetchMore() else ""
        self.status.setText(f"{shown} entries shown{more}" if shown else "No entries match.")

    def _show_paused(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(True)

    # -- export ----------------------------------------------------------------
    def chooseExportFile(self, fmt: str) -> None:
        """Ask where to save (a non-modal dialog: no nested event loop under asyncio)."""
        name_filter, _ = EXPORTERS[fmt]
        dialog = QFileDialog(self, f"Export the journal as {fmt.upper()}", str(Path.home() / f"journal.{fmt}"),
                             name_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(fmt)
        dialog.fileSelected.connect(lambda path: self.exportTo(Path(path), fmt))
        self._export_dialog = dialog
        dialog.open()

    def exportTo(self, path: Path, fmt: str) -> asyncio.Task[None]:
        return self._tasks.spawn(self._export(path, fmt, self.currentFilter()), name="journal export")

    async def _export(self, path: Path, fmt: str, flt: JournalFilter) -> None:
        _, render = EXPORTERS[fmt]
        self.status.setProperty("exporting", True)
        self.status.setText("Exporting…")
        try:
            entries = await self._journal.everything(flt)

            def write() -> None:  # rendering 100k entries is no job for the event loop either
                path.write_text(render(entries), encoding="utf-8", newline="")

            await asyncio.to_thread(write)
        except OSError as exc:
            self.status.setProperty("exporting", False)
            self.status.setText(f"The export could not be written: {exc.strerror or exc} ({path})")
            return
        self.status.setProperty("exporting", False)
        self.last_export = path
        self.status.setText(f"Exported {len(entries)} entries to {path}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        super().closeEvent(event)

    async def aclose(self) -> None:
        await self._tasks.aclose()
        await self.model.aclose()
