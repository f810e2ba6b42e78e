"""The main window: the stream list on the left, the selected stream on the right."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.services.connectivity import Connectivity
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.stop import StopService
from tpsdesk.services.streams import StreamListService
from tpsdesk.services.zone_watch import ZoneWatch
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.alerts import WindowAlerts
from tpsdesk.ui.dialogs.help_dialog import HelpDialog
from tpsdesk.ui.dialogs.preferences_dialog import PreferencesDialog
from tpsdesk.ui.plain import one_line, plain_tooltip
from tpsdesk.ui.stop.quit_guard import CloseGuard
from tpsdesk.ui.stop.stop_panel import StopPanel
from tpsdesk.ui.streams import (
    AssetIdRole,
    StatusFilter,
    StreamFilterProxy,
    StreamRowsModel,
    StreamTableView,
    count_by_filter,
)

CLICK_GUARD_MS = 400

FILTER_CHOICES = [
    ("All streams", StatusFilter.ALL),
    ("Live", StatusFilter.LIVE),
    ("Upcoming", StatusFilter.UPCOMING),
    ("Processing", StatusFilter.PROCESSING),
    ("Done", StatusFilter.DONE),
    ("Errors", StatusFilter.ERRORS),
]


def _action(text: str, parent: QWidget, key: str, standard: QKeySequence.StandardKey | None = None) -> QAction:
    """The documented key everywhere, plus the platform's own binding for the same job
    (Cmd+R, Cmd+? on macOS), so the README and Help hold on every system."""
    action = QAction(text, parent)
    keys = [QKeySequence(key)]
    if standard is not None:
        keys += [k for k in QKeySequence.keyBindings(standard) if k not in keys]
    action.setShortcuts(keys)
    return action


class MainWindow(QMainWindow):
    closed = Signal()  # the window accepted a close (after asking about a pending stop, if any)
    serverZoneChosen = Signal(str)  # the user switched the server's zone (the shell saves it to the profile)

    def __init__(self, store: StatusStore, streams: StreamListService, stops: StopService, *,
                 org: str, server_tz: tzinfo, clock: Callable[[], datetime], demo: bool,
                 base_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._streams = streams
        self._clock = clock
        self._last_error: ErrorReport | None = None
        zone = getattr(server_tz, "key", str(server_tz))
        # The organization only: Qt adds the application's display name ("… — tpsdesk") itself.
        self.setWindowTitle(f"{one_line(org)}{' (demo)' if demo else ''}")  # server text: no controls
        self.resize(1360, 860)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and (screen.width() < 1400 or screen.height() < 900):
            self.resize(min(1360, int(screen.width() * 0.95)), min(860, int(screen.height() * 0.92)))

        self.model = StreamRowsModel(store, self)
        self.model.setServerTimeZone(server_tz)
        self.model.setClock(clock)
        self.proxy = StreamFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = StreamTableView(self)
        self.table.setModel(self.proxy)
        self.table.currentAssetChanged.connect(self._on_current_changed)

        self.workspace = StopPanel(store, stops, org=org, server_tz=server_tz, clock=clock, parent=self)
        self.workspace.journey.setServerTimeZone(server_tz)
        self.workspace.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        right = self.workspace.scrolledWithOutcome(self)  # the outcome bar stays above the scrolling part
        # Clicks that land right after the confirmation closes (a double click) must not select.
        self.workspace.confirmationClosed.connect(lambda: self.table.suppressClicks(CLICK_GUARD_MS))
        self._quit = CloseGuard(self, self.workspace.tracker)

        self._stack = QStackedWidget(self)
        self._state_label = QLabel(self)
        self._state_label.setObjectName("stateLabel")
        self._state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._state_label.setWordWrap(True)
        self._retry = QPushButton("Try again", self)
        self._retry.setAccessibleName("Try loading again")
        self._retry.clicked.connect(self.refresh)
        state_page = QWidget(self)
        state_layout = QVBoxLayout(state_page)
        state_layout.addStretch(1)
        state_layout.addWidget(self._state_label)
        state_layout.addWidget(self._retry, 0, Qt.AlignmentFlag.AlignHCenter)
        state_layout.addStretch(1)
        self._stack.addWidget(state_page)
        self._stack.addWidget(self.table)

        splitter = QSplitter(self)
        splitter.addWidget(self._stack)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 600])
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        # Above everything (each hidden until needed): the server gone, a wrong zone, notices.
        self.alerts = WindowAlerts("the demo server" if demo else (urlsplit(base_url).hostname or base_url),
                                   server_tz, clock, self.model, self.workspace, central)
        self.alerts.retryRequested.connect(self.refresh)
        self.alerts.zoneChosen.connect(self._use_zone)
        self.banner, self.zone_warning, self.notices = self.alerts.banner, self.alerts.zone_warning, self.alerts.notices
        self._demo, self._base_url = demo, base_url
        central_layout.addWidget(self.alerts)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self._profile_switcher: QWidget | None = None
        self._build_toolbar(zone, demo, base_url)
        self._build_menus()
        self._counts = QLabel(self)
        self._counts.setAccessibleName("Stream counts")
        self._freshness = QLabel(self)
        self._freshness.setAccessibleName("List freshness")
        self.statusBar().addPermanentWidget(self._freshness)
        self.statusBar().addPermanentWidget(self._counts)

        streams.loadingChanged.connect(self._on_loading)
        streams.loaded.connect(self._on_loaded)
        streams.loadFailed.connect(self._on_load_failed)
        streams.retrying.connect(self._on_retrying)
        for signal in (store.streamsAdded, store.streamsRemoved, store.streamsChanged):
            signal.connect(self._update_counts)
        self.proxy.rowsInserted.connect(self._update_state)
        self.proxy.rowsRemoved.connect(self._update_state)
        self.proxy.modelReset.connect(self._update_state)
        self.proxy.layoutChanged.connect(self._update_state)

        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start(1000)
        self._last_loaded: datetime | None = None
        self._selected_once = False
        self._update_state()

    # -- building ------------------------------------------------------------
    def _build_toolbar(self, zone: str, demo: bool, base_url: str) -> None:
        bar = self._toolbar = self.addToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.refresh_action = _action("Refresh", self, "F5", QKeySequence.StandardKey.Refresh)
        self.refresh_action.setToolTip("Reload the stream list (F5)")
        self.refresh_action.triggered.connect(self.refresh)
        bar.addAction(self.refresh_action)
        bar.addSeparator()
        self.search = QLineEdit(self, placeholderText="Search title or id  (Ctrl+F)")
        self.search.setAccessibleName("Search streams")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(340)
        self.search.textChanged.connect(self.proxy.setSearchText)
        self.search.returnPressed.connect(self.go_to_first_match)
        bar.addWidget(self.search)
        self.filter_combo = QComboBox(self)
        self.filter_combo.setAccessibleName("Status filter")
        for label, value in FILTER_CHOICES:
            self.filter_combo.addItem(label, value)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.setStatusFilter(self.filter_combo.currentData()))
        bar.addWidget(self.filter_combo)
        spacer = QWidget(self)
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy().Preferred)
        bar.addWidget(spacer)
        where = "demo server (simulated)" if demo else base_url
        self.server_label = QLabel(f"  {where} · server time: {zone}  ", self)
        self.server_label.setObjectName("muted")
        self.server_label.setAccessibleName("Server and time zone")
        self.server_label.setToolTip("Times from the server are read in this zone (--server-tz)")
        bar.addWidget(self.server_label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.refresh_action)
        preferences = _action("Preferences…", self, "Ctrl+,", QKeySequence.StandardKey.Preferences)
        preferences.triggered.connect(lambda: PreferencesDialog(self.workspace.tracker, self).open())
        file_menu.addAction(preferences)
        quit_action = _action("Quit", self, "Ctrl+Q", QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_quit)
        file_menu.addAction(quit_action)

        stream_menu = self.menuBar().addMenu("&Stream")
        self._stream_menu = stream_menu
        self.stop_action = _action("Stop selected stream…", self, "Ctrl+Shift+S")
        self.stop_action.triggered.connect(self.workspace.request_stop)
        stream_menu.addAction(self.stop_action)
        stream_menu.addAction(self.workspace.undo_action)
        toggle_trim = _action("Trim on/off", self, "Ctrl+T")
        toggle_trim.triggered.connect(
            lambda: self.workspace.trim.setTrimEnabled(not self.workspace.trim.isTrimEnabled()))
        stream_menu.addAction(toggle_trim)
        focus_search = _action("Find", self, "Ctrl+F", QKeySequence.StandardKey.Find)
        focus_search.triggered.connect(self._focus_search)
        stream_menu.addAction(focus_search)
        focus_list = _action("Go to list", self, "Ctrl+1")
        focus_list.triggered.connect(self.table.setFocus)
        stream_menu.addAction(focus_list)
        focus_trim = _action("Go to trim", self, "Ctrl+2")
        focus_trim.triggered.connect(self.workspace.trim.focusTimeline)
        stream_menu.addAction(focus_trim)
        raw_json = _action("Show/hide raw JSON", self, "Ctrl+J")
        raw_json.triggered.connect(self.workspace.result.toggleRawJson)
        stream_menu.addAction(raw_json)
        next_filter = _action("Next status filter", self, "Ctrl+L")
        next_filter.triggered.connect(
            lambda: self.filter_combo.setCurrentIndex((self.filter_combo.currentIndex() + 1)
                                                      % self.filter_combo.count()))
        stream_menu.addAction(next_filter)

        help_menu = self._help_menu = self.menuBar().addMenu("&Help")
        shortcuts = _action("Keyboard shortcuts", self, "F1", QKeySequence.StandardKey.HelpContents)
        shortcuts.triggered.connect(self.show_help)
        help_menu.addAction(shortcuts)

    def addStreamActions(self, actions: Sequence[QAction]) -> None:
        """Other features' commands in the Stream menu; their shortcuts work anywhere in the window."""
        self._stream_menu.addSeparator()
        self._stream_menu.addActions(list(actions))

    # -- what the shell adds (accounts) ------------------------------------------
    def setProfileSwitcher(self, switcher: QWidget) -> None:
        """Put the account's profile switcher at the end of the toolbar (once)."""
        if self._profile_switcher is not None:
            raise RuntimeError("the window already has a profile switcher")
        self._profile_switcher = switcher
        self._toolbar.addSeparator()
        self._toolbar.addWidget(switcher)

    def profileSwitcher(self) -> QWidget | None:
        return self._profile_switcher

    def addAccountMenu(self, actions: Sequence[QAction]) -> QMenu:
        """An "Account" menu holding ``actions``, before Help (which stays last)."""
        menu = QMenu("&Account", self)
        menu.addActions(list(actions))
        self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
        return menu

    # -- behaviour -----------------------------------------------------------
    def refresh(self) -> None:
        self._streams.refresh()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def go_to_first_match(self) -> None:
        """Enter in the search: select the first stream shown and continue in the list."""
        if self.proxy.rowCount() > 0:
            first_id = self.proxy.index(0, 0).data(AssetIdRole)
            if first_id:
                self.table.selectAssetId(first_id)
        self.table.setFocus()

    def show_help(self) -> None:
        HelpDialog(self).open()

    def request_quit(self) -> None:
        """Quit, as the person asked (menu, Ctrl+Q, the app's quit): a pending stop is asked about first."""
        self._quit.request()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quit.allows(event):  # the person's own close asks first about a stop counting down
            super().closeEvent(event)
            self.closed.emit()

    def _on_current_changed(self, asset_id: str | None) -> None:
        self.workspace.show_stream(asset_id)

    def attach_connectivity(self, reach: Connectivity) -> None:
        """Show when the server stops answering: a banner, last-known clocks, a note by Stop."""
        self.alerts.attach_connectivity(reach)

    def attach_zone_watch(self, watch: ZoneWatch) -> None:
        """Say when the server's times do not fit the configured zone; trimming waits until they do."""
        self.alerts.attach_zone_watch(watch)

    def _use_zone(self, name: str) -> None:
        self.setServerTimeZone(ZoneInfo(name))
        self.serverZoneChosen.emit(name)

    def setServerTimeZone(self, tz: tzinfo) -> None:
        """Read and show the server's times in ``tz`` from now on (everywhere in the window)."""
        self.model.setServerTimeZone(tz)
        self.workspace.setServerTimeZone(tz)
        self.alerts.setServerTimeZone(tz)
        self._show_server_label(tz)

    def _show_server_label(self, tz: tzinfo) -> None:
        where = "demo server (simulated)" if self._demo else self._base_url
        self.server_label.setText(f"  {where} · server time: {getattr(tz, 'key', str(tz))}  ")

    def _tick(self) -> None:
        self.alerts.tick()
        self.model.tick()
        self.workspace.tick()
        if self._last_loaded is not None:
            ago = int((self._clock() - self._last_loaded).total_seconds())
            self._freshness.setText(f"list updated {ago} s ago · ")

    def _on_loading(self, loading: bool) -> None:
        self.refresh_action.setEnabled(not loading)
        if loading:
            self.statusBar().showMessage("Loading streams…")
        self._update_state()

    def _on_retrying(self, text: str) -> None:
        self.statusBar().showMessage(text)
        if not self._streams.has_loaded and self.proxy.rowCount() == 0:
            self._state_label.setText(f"<h3>{text}</h3>")

    def _on_loaded(self, count: int) -> None:
        self._last_error = None
        self._last_loaded = self._clock()
        problems = self._streams.problems
        note = f"Loaded {count} streams."
        if problems:
            note += f" {len(problems)} could not be read and are not shown."
            self._counts.setToolTip(plain_tooltip("\n".join(f"item {p.index} ({p.asset_id or 'no id'}): {p.reason}"
                                                           for p in problems)))
        self.statusBar().showMessage(note, 8000)
        self._update_counts()
        self._update_state()
        if self.table.selectedAssetId() is None and self.proxy.rowCount() > 0 and not self._selected_once:
            # First load: select the top row (live ones sort first) so the panel is useful at once.
            self._selected_once = True
            first_id = self.proxy.index(0, 0).data(AssetIdRole)
            if first_id:
                self.table.selectAssetId(first_id)
            self.table.setFocus()  # keyboard users start in the list, not in a read-only field

    def _on_load_failed(self, report: ErrorReport) -> None:
        self._last_error = report
        self.statusBar().showMessage(f"{report.title}: {report.message}", 15000)
        self._update_state()

    def _update_counts(self, *_: object) -> None:
        counts = count_by_filter(self._store)
        self._counts.setText(
            f"{counts[StatusFilter.LIVE]} live · {counts[StatusFilter.UPCOMING]} upcoming · "
            f"{counts[StatusFilter.PROCESSING]} processing · {counts[StatusFilter.ALL]} total")

    def _update_state(self, *_: object) -> None:
        """Loading, error, empty and no-match states are pages of their own."""
        if self.proxy.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        self._retry.setVisible(False)
        if self._last_error is not None and len(self._store) == 0:
            # The server's own words are data: escaped, never rendered (issue 9, item 11).
            self._state_label.setText(f"<h3>{html.escape(self._last_error.title)}</h3>"
                                      f"<p>{html.escape(self._last_error.message)}</p>")
            self._retry.setVisible(True)
        elif not self._streams.has_loaded:
            self._state_label.setText("<h3>Loading streams…</h3>")
        elif len(self._store) == 0:
            self._state_label.setText("<h3>No live streams yet</h3>"
                                      "<p>This organization has no live streams.</p>")
        else:
            self._state_label.setText("<h3>No stream matches</h3><p>Clear the search or pick another "
                                      "status filter.</p>")
        self._stack.setCurrentIndex(0)

    def state_text(self) -> str:
        return self._state_label.text() if self._stack.currentIndex() == 0 else ""
