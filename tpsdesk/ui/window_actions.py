"""The main window's toolbar and menus.

The list's commands exist from the first paint; the selected stream's (stop, undo,
trim, raw JSON) join the Stream menu when the right-hand side is built
(:meth:`MainWindow.buildWorkspace`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from tpsdesk.ui.owned import add_menu
from tpsdesk.ui.streams import StatusFilter

if TYPE_CHECKING:
    from tpsdesk.ui.main_window import MainWindow
    from tpsdesk.ui.stop.stop_panel import StopPanel

FILTER_CHOICES = [
    ("All streams", StatusFilter.ALL),
    ("Live", StatusFilter.LIVE),
    ("Upcoming", StatusFilter.UPCOMING),
    ("Processing", StatusFilter.PROCESSING),
    ("Done", StatusFilter.DONE),
    ("Errors", StatusFilter.ERRORS),
]


def make_action(text: str, parent: QWidget, key: str, standard: QKeySequence.StandardKey | None = None) -> QAction:
    """The documented key everywhere, plus the platform's own binding for the same job
    (Cmd+R, Cmd+? on macOS), so the README and Help hold on every system."""
    action = QAction(text, parent)
    keys = [QKeySequence(key)]
    if standard is not None:
        keys += [k for k in QKeySequence.keyBindings(standard) if k not in keys]
    action.setShortcuts(keys)
    return action


def build_toolbar(window: MainWindow, zone: str, demo: bool, base_url: str) -> None:
    bar = window._toolbar = window.addToolBar("Main")
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    window.refresh_action = make_action("Refresh", window, "F5", QKeySequence.StandardKey.Refresh)
    window.refresh_action.setToolTip("Reload the stream list (F5)")
    window.refresh_action.triggered.connect(window.refresh)
    bar.addAction(window.refresh_action)
    bar.addSeparator()
    window.search = QLineEdit(window, placeholderText="Search title or id  (Ctrl+F)")
    window.search.setAccessibleName("Search streams")
    window.search.setClearButtonEnabled(True)
    window.search.setMaximumWidth(340)
    window.search.textChanged.connect(window.proxy.setSearchText)
    window.search.returnPressed.connect(window.go_to_first_match)
    bar.addWidget(window.search)
    combo = window.filter_combo = QComboBox(window)
    combo.setAccessibleName("Status filter")
    for label, value in FILTER_CHOICES:
        combo.addItem(label, value)
    combo.currentIndexChanged.connect(lambda _i: window.proxy.setStatusFilter(combo.currentData()))
    bar.addWidget(combo)
    spacer = QWidget(window)
    spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                         spacer.sizePolicy().verticalPolicy().Preferred)
    bar.addWidget(spacer)
    where = "demo server (simulated)" if demo else base_url
    window.server_label = QLabel(f"  {where} · server time: {zone}  ", window)
    window.server_label.setObjectName("muted")
    window.server_label.setAccessibleName("Server and time zone")
    window.server_label.setToolTip("Times from the server are read in this zone (--server-tz)")
    bar.addWidget(window.server_label)


def build_menus(window: MainWindow) -> None:
    file_menu = add_menu(window.menuBar(), "&File")
    file_menu.addAction(window.refresh_action)
    preferences = make_action("Preferences…", window, "Ctrl+,", QKeySequence.StandardKey.Preferences)
    preferences.triggered.connect(window.show_preferences)
    file_menu.addAction(preferences)
    quit_action = make_action("Quit", window, "Ctrl+Q", QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.request_quit)
    file_menu.addAction(quit_action)

    stream_menu = window._stream_menu = add_menu(window.menuBar(), "&Stream")
    focus_search = make_action("Find", window, "Ctrl+F", QKeySequence.StandardKey.Find)
    focus_search.triggered.connect(window._focus_search)
    focus_list = make_action("Go to list", window, "Ctrl+1")
    focus_list.triggered.connect(window.list_stack.focusList)
    next_filter = make_action("Next status filter", window, "Ctrl+L")
    combo = window.filter_combo
    next_filter.triggered.connect(lambda: combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count()))
    stream_menu.addActions([focus_search, focus_list, next_filter])
    window._next_filter_action = next_filter

    help_menu = window._help_menu = add_menu(window.menuBar(), "&Help")
    shortcuts = make_action("Keyboard shortcuts", window, "F1", QKeySequence.StandardKey.HelpContents)
    shortcuts.triggered.connect(window.show_help)
    help_menu.addAction(shortcuts)


def add_workspace_actions(window: MainWindow, workspace: StopPanel) -> None:
    """The selected stream's commands, at the top of the Stream menu (in the order Help lists them)."""
    window.stop_action = make_action("Stop selected stream…", window, "Ctrl+Shift+S")
    window.stop_action.triggered.connect(workspace.request_stop)
    toggle_trim = make_action("Trim on/off", window, "Ctrl+T")
    toggle_trim.triggered.connect(lambda: workspace.trim.setTrimEnabled(not workspace.trim.isTrimEnabled()))
    focus_trim = make_action("Go to trim", window, "Ctrl+2")
    focus_trim.triggered.connect(workspace.trim.focusTimeline)
    raw_json = make_action("Show/hide raw JSON", window, "Ctrl+J")
    raw_json.triggered.connect(workspace.result.toggleRawJson)
    menu = window._stream_menu
    menu.insertActions(menu.actions()[0], [window.stop_action, workspace.undo_action, toggle_trim])  # before Find
    menu.insertActions(window._next_filter_action, [focus_trim, raw_json])  # after Find, Go to list
