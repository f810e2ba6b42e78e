"""The main window: the stream list on the left, the selected stream on the right."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tpsdesk.services.connectivity import Connectivity
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.stop import StopService
from tpsdesk.services.stop_tracker import StopTracker
from tpsdesk.services.streams import StreamListService
from tpsdesk.services.zone_watch import ZoneWatch
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.plain import one_line, plain_tooltip
from tpsdesk.ui.staged_build import Parts, StagedBuild, imports
from tpsdesk.ui.stop.quit_guard import CloseGuard
from tpsdesk.ui.streams import (
    AssetIdRole,
    ListStack,
    StatusFilter,
    StreamFilterProxy,
    StreamRowsModel,
    StreamTableView,
    count_by_filter,
)
from tpsdesk.ui.tab_order import tab_after, tab_stops
from tpsdesk.ui.window_actions import add_workspace_actions, build_menus, build_toolbar

if TYPE_CHECKING:  # the right-hand side and its alerts load when built (issue 11: the list paints first)
    from tpsdesk.ui.alerts import WindowAlerts
    from tpsdesk.ui.notice_area import NoticeArea
    from tpsdesk.ui.server_banner import ServerBanner
    from tpsdesk.ui.stop.stop_panel import StopPanel
    from tpsdesk.ui.zone_warning import ZoneWarning

# What the right-hand side imports (~13 ms in all): a module per event-loop turn, each after those it imports.
WORKSPACE_MODULES = ("tpsdesk.ui.notifier", "tpsdesk.ui.notice_area", "tpsdesk.ui.widgets.copy_field",
                     "tpsdesk.ui.stop.journey_view", "tpsdesk.ui.stop.outcome_bar", "tpsdesk.domain.timeline",
                     "tpsdesk.ui.widgets.range_slider", "tpsdesk.ui.widgets.trim_placeholder",
                     "tpsdesk.ui.stop.timeline_slot", "tpsdesk.ui.widgets.time_field", "tpsdesk.ui.stop.trim_editor",
                     "tpsdesk.ui.streams.panel", "tpsdesk.ui.stop.stop_panel", "tpsdesk.ui.stop.panel_frame",
                     "tpsdesk.ui.alerts")
CLICK_GUARD_MS = 400


class MainWindow(QMainWindow):
    closed = Signal()  # the window accepted a close (after asking about a pending stop, if any)
    serverZoneChosen = Signal(str)  # the user switched the server's zone (the shell saves it to the profile)

    workspaceBuilt = Signal()  # the right-hand side exists now (see buildWorkspace)

    # Made by window_actions (toolbar and menus).
    refresh_action: QAction
    stop_action: QAction
    search: QLineEdit
    filter_combo: QComboBox
    server_label: QLabel
    _toolbar: QToolBar
    _stream_menu: QMenu
    _help_menu: QMenu
    _next_filter_action: QAction
    # Made by buildWorkspace.
    workspace: StopPanel
    alerts: WindowAlerts
    banner: ServerBanner
    zone_warning: ZoneWarning
    notices: NoticeArea

    def __init__(self, store: StatusStore, streams: StreamListService, stops: StopService, *,
                 org: str, server_tz: tzinfo, clock: Callable[[], datetime], demo: bool,
                 base_url: str, build_workspace: bool = True, parent: QWidget | None = None) -> None:
        """``build_workspace=False``: the list only; the shell calls :meth:`buildWorkspace` once the
        first rows are painted (issue 11: what the first screen needs comes first)."""
        super().__init__(parent)
        self._store = store
        self._streams = streams
        self._stops = stops
        self._clock = clock
        self._org, self._tz = org, server_tz
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
        # The stop's states outlive any widget: quitting and signing out ask it, built or not.
        self.tracker = StopTracker(stops, store, parent=self)
        self._quit = CloseGuard(self, self.tracker)

        self.list_stack = ListStack(self.table, self)
        self.list_stack.retryClicked.connect(self.refresh)

        self._splitter = QSplitter(self)
        self._splitter.addWidget(self.list_stack)
        self._right = QWidget(self)  # the right-hand side, built in it later (buildWorkspace)
        self._splitter.addWidget(self._right)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)
        self._splitter.setSizes([760, 600])
        central = QWidget(self)
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(0, 0, 0, 0)
        self._central_layout.addWidget(self._splitter, 1)
        self.setCentralWidget(central)
        self._demo, self._base_url = demo, base_url

        self._profile_switcher: QWidget | None = None
        build_toolbar(self, zone, demo, base_url)
        build_menus(self)
        self._counts = QLabel(self)
        self._counts.setAccessibleName("Stream counts")
        self._freshness = QLabel(self)
        self._freshness.setAccessibleName("List freshness")
        # The session's indicators (webhooks) are tool buttons, taller than these labels: their room
        # from the start, or the whole window is laid out and repainted again when they come (~6 ms).
        self._indicators = QWidget(self)
        self._indicators_layout = QHBoxLayout(self._indicators)
        self._indicators_layout.setContentsMargins(0, 0, 0, 0)
        sample = QToolButton()
        sample.setText("Webhooks")
        self._indicators.setMinimumHeight(sample.sizeHint().height())
        self.statusBar().addPermanentWidget(self._indicators)
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
        self.workspaceBuild = StagedBuild(self._workspace_parts)
        if build_workspace:
            self.buildWorkspace()

    # -- building ------------------------------------------------------------
    def hasWorkspace(self) -> bool:
        return hasattr(self, "workspace")

    def buildWorkspace(self) -> None:
        """The right-hand side (stream, trim, stop, result) and the alerts: now, or what is left of it."""
        self.workspaceBuild.finish()

    def _workspace_parts(self) -> Parts:
        """:meth:`buildWorkspace` in parts of a few ms each (~45 ms at once)."""
        yield from imports(WORKSPACE_MODULES)
        from tpsdesk.ui.alerts import WindowAlerts
        from tpsdesk.ui.stop.panel_frame import frame_panel, scroll_area
        from tpsdesk.ui.stop.stop_panel import StopPanel

        # Made where it stays: moving ~100 widgets into the window took ~9 ms (their style again).
        scroll = scroll_area(self._right)
        workspace = yield from StopPanel.madeInParts(self._store, self._stops, org=self._org, server_tz=self._tz,
                                                     clock=self._clock, tracker=self.tracker, parent=scroll.viewport())
        workspace.journey.setServerTimeZone(self._tz)
        workspace.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        # Clicks that land right after the confirmation closes (a double click) must not select.
        workspace.confirmationClosed.connect(lambda: self.table.suppressClicks(CLICK_GUARD_MS))
        # It follows the selection from now on, on screen or not yet (a method: let go with the panel).
        self.table.currentAssetChanged.connect(workspace.show_stream)
        yield
        workspace.show_stream(self.table.selectedAssetId())  # before it is on screen: never empty for a turn
        yield
        right = frame_panel(workspace, scroll)  # the outcome bar above the rest; on screen from the next turn
        yield  # the turn it is shown in (a queued show: ~3 ms)
        yield  # and that of its first paint (~8 ms), which comes at the start of the next: nothing more in them
        yield
        # Above everything (each hidden until needed): the server gone, a wrong zone, notices.
        server = "the demo server" if self._demo else (urlsplit(self._base_url).hostname or self._base_url)
        self.alerts = WindowAlerts(server, self._tz, self._clock, self.model, workspace, self.centralWidget())
        self.alerts.retryRequested.connect(self.refresh)
        self.alerts.zoneChosen.connect(self._use_zone)
        self.banner, self.zone_warning, self.notices = self.alerts.banner, self.alerts.zone_warning, self.alerts.notices
        self._central_layout.insertWidget(0, self.alerts)  # hidden while it has nothing to say
        yield
        # Tab goes from the list to the stream, then the alerts: as if they had been made first.
        tab_after(tab_after(self.table, tab_stops(right)), tab_stops(self.alerts))
        self.workspace = workspace
        add_workspace_actions(self, workspace)
        self.workspaceBuilt.emit()

    def addStatusIndicator(self, indicator: QWidget) -> None:
        """A session's indicator at the start of the status bar's right-hand side."""
        self._indicators_layout.addWidget(indicator)

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
        self.model.finishFiltering()  # typed just now, on a long list: the rows it shows, not the ones before
        if self.proxy.rowCount() > 0:
            first_id = self.proxy.index(0, 0).data(AssetIdRole)
            if first_id:
                self.table.selectAssetId(first_id)
        self.list_stack.focusList()

    def show_help(self) -> None:
        from tpsdesk.ui.dialogs.help_dialog import HelpDialog

        HelpDialog(self).open()

    def request_quit(self) -> None:
        """Quit, as the person asked (menu, Ctrl+Q, the app's quit): a pending stop is asked about first."""
        self._quit.request()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quit.allows(event):  # the person's own close asks first about a stop counting down
            super().closeEvent(event)
            self.closed.emit()

    def show_preferences(self) -> None:
        from tpsdesk.ui.dialogs.preferences_dialog import PreferencesDialog

        PreferencesDialog(self.tracker, self).open()

    def attach_connectivity(self, reach: Connectivity) -> None:
        """Show when the server stops answering: a banner, last-known clocks, a note by Stop (once built)."""
        self.alerts.attach_connectivity(reach)

    def attach_zone_watch(self, watch: ZoneWatch) -> None:
        """Say when the server's times do not fit the configured zone; trimming waits until they do."""
        self.alerts.attach_zone_watch(watch)

    def _use_zone(self, name: str) -> None:
        self.setServerTimeZone(ZoneInfo(name))
        self.serverZoneChosen.emit(name)

    def setServerTimeZone(self, tz: tzinfo) -> None:
        """Read and show the server's times in ``tz`` from now on (everywhere in the window)."""
        self._tz = tz
        self.model.setServerTimeZone(tz)
        if self.hasWorkspace():
            self.workspace.setServerTimeZone(tz)
            self.alerts.setServerTimeZone(tz)
        self._show_server_label(tz)

    def _show_server_label(self, tz: tzinfo) -> None:
        where = "demo server (simulated)" if self._demo else self._base_url
        self.server_label.setText(f"  {where} · server time: {getattr(tz, 'key', str(tz))}  ")

    def _tick(self) -> None:
        self.model.tick()
        if self.hasWorkspace():
            self.alerts.tick()
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
            self.list_stack.showState(f"<h3>{html.escape(text)}</h3>")

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
        if not self._selected_once and self.proxy.rowCount() > 0:
            # First load: select the top row (live ones sort first) so the panel is useful at once,
            # in a turn of its own: the panel's fill and repaint are not added to the list's.
            self._selected_once = True
            QTimer.singleShot(0, self, self._select_top_row)  # not after the window is gone

    def _select_top_row(self) -> None:
        self.model.finishFiltering()  # a search typed meanwhile: its top row, not the list's before it
        if self.table.selectedAssetId() is None and self.proxy.rowCount() > 0:  # nobody chose meanwhile
            first_id = self.proxy.index(0, 0).data(AssetIdRole)
            if first_id:  # the panel fills in the next turn: the list's repaint and the panel's each have one
                self.table.selectAssetId(first_id, announce_next_turn=True)
            self.list_stack.focusList()  # keyboard users start in the list, not in a read-only field

    def _on_load_failed(self, report: ErrorReport) -> None:
        self._last_error = report
        self.statusBar().showMessage(f"{report.title}: {report.message}", 15000)
        self._update_counts()
        self._update_state()

    def _update_counts(self, *_: object) -> None:
        counts = count_by_filter(self._store)
        text = (f"{counts[StatusFilter.LIVE]} live · {counts[StatusFilter.UPCOMING]} upcoming · "
                f"{counts[StatusFilter.PROCESSING]} processing · {counts[StatusFilter.ALL]} total")
        if self._streams.incomplete:  # a first listing that failed after its first page: say so, lastingly
            expected = self._streams.expected_total
            text = (f"⚠ list incomplete: {counts[StatusFilter.ALL]}"
                    f"{f' of {expected}' if expected else ''} streams shown · Refresh (F5) to load the rest")
        self._counts.setText(text)

    def _update_state(self, *_: object) -> None:
        """Loading, error, empty and no-match states are pages of their own."""
        if self.proxy.rowCount() > 0:
            self.list_stack.showList()
        elif self._last_error is not None and len(self._store) == 0:
            # The server's own words are data: escaped, never rendered (issue 9, item 11).
            self.list_stack.showState(f"<h3>{html.escape(self._last_error.title)}</h3>"
                                      f"<p>{html.escape(self._last_error.message)}</p>", retry=True)
        elif not self._streams.has_loaded:
            self.list_stack.showState("<h3>Loading streams…</h3>")
        elif len(self._store) == 0:
            self.list_stack.showState("<h3>No live streams yet</h3><p>This organization has no live streams.</p>")
        else:
            self.list_stack.showState("<h3>No stream matches</h3><p>Clear the search or pick another "
                                      "status filter.</p>")

    def state_text(self) -> str:
        return self.list_stack.stateText()
