"""Loading the stream list: on demand and on a timer, one load at a time."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from tpsdesk.domain.models import ItemProblem
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError
from tpsdesk.httpapi.retry import RetryNotice
from tpsdesk.services.errors import internal_error, report_error
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)


class StreamListService(QObject):
    loadingChanged = Signal(bool)
    loaded = Signal(int)  # how many streams the server listed
    loadFailed = Signal(object)  # ErrorReport
    retrying = Signal(str)  # "Loading… retrying page 3 (attempt 2 of 3)": a page failed transiently

    def __init__(self, client: TPStreamsClient, store: StatusStore, *, refresh_interval_s: float = 20.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._tasks = TaskOwner("stream list")
        self._loading = False
        self.problems: tuple[ItemProblem, ...] = ()
        self.has_loaded = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.set_refresh_interval(refresh_interval_s)

    @property
    def loading(self) -> bool:
        return self._loading

    def set_refresh_interval(self, seconds: float) -> None:
        """0 turns auto-refresh off."""
        if seconds > 0:
            self._timer.start(int(seconds * 1000))
        else:
            self._timer.stop()

    def refresh(self) -> None:
        if self._loading:
            return  # one load at a time; the running one brings the news
        self._set_loading(True)
        self._tasks.spawn(self._load(), name="list live streams")

    async def _load(self) -> None:
        try:
            listing = await self._client.list_live_streams(on_retry=self._on_retry)
        except ApiError as exc:  # the network or the server: a message, and the next refresh tries again
            log.warning("listing failed: %s", type(exc).__name__)
            self._set_loading(False)
            self.loadFailed.emit(report_error(exc, headline="Could not load the streams"))
            return
        except Exception as exc:  # a bug: logged once with its traceback, shown as one
            log.exception("listing failed inside tpsdesk")
            self._set_loading(False)
            self.loadFailed.emit(internal_error(exc))
            return
        self.problems = listing.problems
        # A stream listed in an unreadable shape stays as last seen instead of vanishing.
        self._store.apply_listing(listing.assets, keep=[p.asset_id for p in listing.problems if p.asset_id])
        self.has_loaded = True
        self._set_loading(False)
        self.loaded.emit(len(listing.assets))

    def _on_retry(self, notice: RetryNotice) -> None:
        log.info("list page %d failed (%s); attempt %d of %d in %.1f s", notice.page, notice.reason,
                 notice.attempt, notice.attempts, notice.wait_s)
        self.retrying.emit(notice.text)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loadingChanged.emit(loading)

    async def aclose(self) -> None:
        self._timer.stop()
        await self._tasks.aclose()
