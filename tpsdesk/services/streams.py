"""Loading the stream list: on demand and on a timer, one load at a time."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from tpsdesk.domain.models import Asset, AssetPage, ItemProblem
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError
from tpsdesk.httpapi.retry import RetryNotice
from tpsdesk.httpapi.warmup import import_off_the_loop
from tpsdesk.services.collector import long_lived_objects
from tpsdesk.services.errors import internal_error, report_error
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

log = logging.getLogger(__name__)
LISTING_SLICE = 125  # streams applied per event-loop turn: a few ms each (250 in a refresh were ~10 ms)


class StreamListService(QObject):
    loadingChanged = Signal(bool)
    loaded = Signal(int)  # how many streams the server listed
    loadFailed = Signal(object)  # ErrorReport
    firstPageShown = Signal(int)  # the first listing's first page is in the store, the rest still coming
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
        self.expected_total: int | None = None  # the server's count, once a first page was shown early
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.set_refresh_interval(refresh_interval_s)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def incomplete(self) -> bool:
        """The first listing failed after its first page was shown: only part of the list is there."""
        return not self.has_loaded and not self._loading and len(self._store) > 0

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
        with long_lived_objects():  # no 30–160 ms collections over 10,000 fresh streams
            await self._load_listing()

    async def _load_listing(self) -> None:
        # The first listing shows its first page at once: a long list's first rows do not wait
        # for its last page (the rest follow as now, then what is gone goes).
        first = self._show_first_page if not self.has_loaded and len(self._store) == 0 else None
        try:
            await import_off_the_loop()  # the first request's imports: ~40 ms that would block the loop
            listing = await self._client.list_live_streams(on_retry=self._on_retry, on_first_page=first)
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
        keep = [p.asset_id for p in listing.problems if p.asset_id]
        count = len(listing.assets)
        if count <= LISTING_SLICE:
            self._store.apply_listing(listing.assets, keep=keep)
        else:
            assets = list(listing.assets)
            del listing  # the slices below hold the only references: what the store does not keep goes with them
            await self._apply_in_slices(assets, keep)
            await asyncio.sleep(0)  # what follows "loaded" (selecting a row, the panel) gets a turn of its own
        self.has_loaded = True
        self._set_loading(False)
        self.loaded.emit(count)

    async def _apply_in_slices(self, assets: list[Asset], keep: list[str]) -> None:
        """10,000 streams at once held the loop ~0.3 s: a slice per turn, removals at the end.

        ``assets`` is emptied as it goes: a refresh's readings the store does not keep are freed a
        slice at a time (10,000 freed together at the end were ~15 ms of one turn)."""
        self._store.begin_listing()
        listed: list[str] | None = None
        try:
            ids = [asset.id for asset in assets] + keep
            while assets:
                await asyncio.sleep(0)  # the first too: the pages were merged in the turn before
                self._store.apply_batch(assets[:LISTING_SLICE], Source.LIST)
                del assets[:LISTING_SLICE]
            listed = ids
            await asyncio.sleep(0)  # the end (removals, the list's first rows) in a turn of its own
        finally:
            self._store.end_listing(listed)  # cut short (closing): forget nothing

    def _show_first_page(self, page: AssetPage) -> None:
        if page.count is not None and page.count <= len(page.assets) + len(page.problems):
            return  # the whole list: applied as one listing below, keeping what could not be read
        self.expected_total = page.count
        self._store.apply_batch(page.assets, Source.LIST)
        self.firstPageShown.emit(len(page.assets))

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
