"""The strip above the list (issue 9): the server gone, a wrong zone, notices without a tray.

It reacts for the whole window: a server that stops answering freezes the
list's and the panel's clocks as last known and puts a note by Stop; a zone
the evidence contradicts makes elapsed times unknown and turns trimming off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from tpsdesk.domain.zone_evidence import ZoneVerdict
from tpsdesk.services.connectivity import Connectivity, Reach
from tpsdesk.services.zone_watch import ZoneWatch
from tpsdesk.ui.notice_area import NoticeArea
from tpsdesk.ui.server_banner import ServerBanner
from tpsdesk.ui.stop.stop_panel import StopPanel
from tpsdesk.ui.streams import StreamRowsModel
from tpsdesk.ui.zone_warning import ZoneWarning

UNREACHABLE_STOP_NOTE = ("The server is not answering: a stop will be tried once and its outcome checked "
                         "when the server answers again; it is never resent.")


class WindowAlerts(QWidget):
    retryRequested = Signal()
    zoneChosen = Signal(str)  # an IANA zone name

    def __init__(self, server_name: str, server_tz: tzinfo, clock: Callable[[], datetime],
                 model: StreamRowsModel, workspace: StopPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._model = model
        self._workspace = workspace
        self._reach: Connectivity | None = None
        self._zone_watch: ZoneWatch | None = None
        self.banner = ServerBanner(server_name, server_tz, clock, self)
        self.banner.retryRequested.connect(self.retryRequested)
        self.zone_warning = ZoneWarning(self)
        self.zone_warning.zoneChosen.connect(self.zoneChosen)
        self.notices = NoticeArea(server_tz, clock, self)  # fed by the session where there is no tray
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._parts = (self.banner, self.zone_warning, self.notices)
        for widget in self._parts:
            layout.addWidget(widget)
            widget.installEventFilter(self)
        self._follow_parts()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent) and watched in self._parts:
            self._follow_parts()
        return False

    def _follow_parts(self) -> None:
        """Shown only while one of its parts is: empty, it would still take the layout's spacing
        above the list (and the list would move when the window's right-hand side is built)."""
        self.setVisible(any(not part.isHidden() for part in self._parts))

    def attach_connectivity(self, reach: Connectivity) -> None:
        self._reach = reach
        reach.changed.connect(self._on_reach_changed)
        self._on_reach_changed(reach.state)

    def attach_zone_watch(self, watch: ZoneWatch) -> None:
        self._zone_watch = watch
        watch.verdictChanged.connect(self._on_zone_verdict)
        self._on_zone_verdict(watch.verdict)

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self.banner.setServerTimeZone(tz)
        self.notices.setServerTimeZone(tz)
        if self._zone_watch is not None:
            self._zone_watch.set_zone(tz)

    def tick(self) -> None:
        self.banner.tick()

    def _on_reach_changed(self, state: Reach) -> None:
        since = self._reach.since if self._reach is not None and state is Reach.UNREACHABLE else None
        self._model.setLastKnownAt(since)
        if since is None:
            self.banner.showOnline()
        else:
            self.banner.showUnreachable(since)
        self._workspace.setServerNote("" if since is None else UNREACHABLE_STOP_NOTE, since)

    def _on_zone_verdict(self, verdict: ZoneVerdict) -> None:
        self.zone_warning.showVerdict(verdict)
        doubt = None if verdict.agrees else verdict.message
        self._model.setElapsedDoubt(doubt)
        self._workspace.details.setElapsedDoubt(doubt)
        self._workspace.setTrimBlock(doubt)
