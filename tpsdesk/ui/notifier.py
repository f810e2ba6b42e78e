"""Desktop notifications: the decisions are pure; the tray popup is a detail.

Notified: a stream the user stopped reaches Completed or Error, and a live
stream drops from Streaming to Disconnected. The decisions are recorded in
``notices`` either way (the last ``NOTICES_KEPT``: a long session must not
keep every notice) and emitted as ``noticed``. Where there is no system tray
(stock GNOME, many Linux desktops, offscreen) ``usesTray`` is False and the
window lists them instead (``ui/notice_area.py``), so none goes unseen.
"""

from __future__ import annotations

import html
import sys
from collections import deque
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from tpsdesk.domain.models import StatusKind
from tpsdesk.services.stop import StopOutcome, StopService
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.plain import quoted

NOTICES_KEPT = 100


class NoticeKind(Enum):
    COMPLETED = "Recording ready"
    ERROR = "Recording failed"
    DISCONNECTED = "Stream disconnected"


@dataclass(frozen=True, slots=True)
class Notice:
    asset_id: str
    kind: NoticeKind
    title: str
    message: str


def decide(previous: StatusKind | None, current: StatusKind, *, stopped_by_user: bool) -> NoticeKind | None:
    if previous is None or previous is current:
        return None  # first sight of a stream, or a repeat: nothing happened
    if stopped_by_user and current is StatusKind.COMPLETED:
        return NoticeKind.COMPLETED
    if stopped_by_user and current is StatusKind.ERROR:
        return NoticeKind.ERROR
    if previous is StatusKind.STREAMING and current is StatusKind.DISCONNECTED:
        return NoticeKind.DISCONNECTED
    return None


def tray_text(text: str, *, platform: str = sys.platform) -> str:
    """Linux notification daemons read a little markup in the body: escape it, the title is data."""
    return html.escape(text, quote=False) if platform.startswith("linux") else text


class Notifier(QObject):
    noticed = Signal(object)  # Notice

    def __init__(self, store: StatusStore, stops: StopService, *, icon: QIcon | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._seen: dict[str, StatusKind] = {}
        self._stopped: set[str] = set()
        self.notices: deque[Notice] = deque(maxlen=NOTICES_KEPT)
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(icon or QIcon(), self)
            self._tray.setToolTip("tpsdesk")
            self._tray.show()
        store.streamsAdded.connect(self._remember)
        store.streamsChanged.connect(self._on_changed)
        store.streamsRemoved.connect(self._forget)
        stops.stopSucceeded.connect(lambda asset_id, _result: self.mark_stopped(asset_id))
        stops.stopReconciled.connect(self._on_reconciled)

    @property
    def usesTray(self) -> bool:
        return self._tray is not None

    def mark_stopped(self, asset_id: str) -> None:
        asset = self._store.asset(asset_id)
        if asset is None or not asset.status.is_final:  # a final one has nothing left to announce
            self._stopped.add(asset_id)

    def _on_reconciled(self, asset_id: str, outcome: StopOutcome) -> None:
        if outcome.stopped:
            self.mark_stopped(asset_id)

    def _forget(self, ids: list[str]) -> None:
        for asset_id in ids:
            self._seen.pop(asset_id, None)
            self._stopped.discard(asset_id)

    def _remember(self, ids: list[str]) -> None:
        for asset_id in ids:
            asset = self._store.asset(asset_id)
            if asset is not None:
                self._seen[asset_id] = asset.status.kind

    def _on_changed(self, ids: list[str]) -> None:
        for asset_id in ids:
            asset = self._store.asset(asset_id)
            if asset is None:
                continue
            previous, self._seen[asset_id] = self._seen.get(asset_id), asset.status.kind
            kind = decide(previous, asset.status.kind, stopped_by_user=asset_id in self._stopped)
            if asset.status.is_final:
                self._stopped.discard(asset_id)  # its journey is over: nothing more to tell about it
            if kind is None:
                continue
            if kind is NoticeKind.DISCONNECTED:
                text = f"{quoted(asset.title)} lost its encoder; the server waits a while for it to reconnect."
            elif kind is NoticeKind.COMPLETED:
                url = asset.video.playback_url if asset.video else None
                text = f"{quoted(asset.title)} is ready" + (f": {url}" if url else ".")
            else:
                text = f"{quoted(asset.title)}: the recording ended in Error."
            self._notify(Notice(asset_id, kind, kind.value, text))

    def _notify(self, notice: Notice) -> None:
        self.notices.append(notice)
        self.noticed.emit(notice)
        if self._tray is not None:
            icon = (QSystemTrayIcon.MessageIcon.Information if notice.kind is NoticeKind.COMPLETED
                    else QSystemTrayIcon.MessageIcon.Warning)
            self._tray.showMessage(notice.title, tray_text(notice.message), icon, 8000)
