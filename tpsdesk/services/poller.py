"""Adaptive polling: the fallback for webhooks, and the follower of stopped streams.

Tiers (``poll_delay``):
- fast (``interval_s``): a stream the user just stopped, or the one selected;
- relaxed (``relaxed_s``): the same, while webhooks are arriving for it
  (polling is only a safety net then);
- list: every other stream, refreshed by the stream list's timer alone;
- paused: a final status (Completed, Error); nothing more will change.

Each poll feeds the shared status store, so webhooks can feed the same
stream without this class knowing; precedence sorts out the order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, Signal

from ..api.client import TPStreamsClient
from ..api.errors import AuthError, NotFoundError, RateLimitedError
from ..status.book import Source
from ..status.store import StatusStore
from .errors import report_error
from .tasks import TaskOwner

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 60.0


def _current() -> asyncio.Task[object] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop (a sync caller)
        return None


class PollTier(Enum):
    FAST = "fast"
    RELAXED = "relaxed (webhooks arriving)"
    LIST = "list refresh"
    PAUSED = "paused (final)"
    OFF = "off"


def poll_tier(*, enabled: bool, final: bool, followed: bool, watched: bool,
              webhook_age_s: float | None, webhook_fresh_s: float) -> PollTier:
    if not enabled:
        return PollTier.OFF
    if final:
        return PollTier.PAUSED
    if not (followed or watched):
        return PollTier.LIST
    if webhook_age_s is not None and webhook_age_s < webhook_fresh_s:
        return PollTier.RELAXED
    return PollTier.FAST


class AdaptivePoller(QObject):
    followStarted = Signal(str)
    followFinished = Signal(str)  # the stream reached a final status
    followProblem = Signal(str, object)  # asset id, ErrorReport (a poll failed; it keeps trying)
    followStopped = Signal(str, object)  # gave up: asset id, ErrorReport
    polled = Signal(str)

    def __init__(self, client: TPStreamsClient, store: StatusStore, *, interval_s: float = 3.0,
                 relaxed_s: float = 30.0, webhook_fresh_s: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._fast = interval_s
        self._relaxed = relaxed_s
        self._fresh = webhook_fresh_s
        self._now = monotonic
        self._tasks = TaskOwner("poller")
        self._running: dict[str, asyncio.Task[None]] = {}
        self._followed: set[str] = set()
        self._watched: str | None = None
        self._webhook_at: dict[str, float] = {}
        self._enabled = True
        self.polls = 0
        store.streamsChanged.connect(self._on_changed)

    # -- what to poll ---------------------------------------------------------------
    def tier(self, asset_id: str) -> PollTier:
        asset = self._store.asset(asset_id)
        seen = self._webhook_at.get(asset_id)
        return poll_tier(enabled=self._enabled, final=asset is not None and asset.status.is_final,
                         followed=asset_id in self._followed, watched=asset_id == self._watched,
                         webhook_age_s=None if seen is None else self._now() - seen,
                         webhook_fresh_s=self._fresh)

    def is_following(self, asset_id: str) -> bool:
        return asset_id in self._running

    def follow(self, asset_id: str) -> None:
        """A stream the user stopped: poll fast until its recording is final."""
        self._followed.add(asset_id)
        self._ensure(asset_id)
        self.followStarted.emit(asset_id)

    def watch(self, asset_id: str | None) -> None:
        """The selected stream: poll fast while selected."""
        old, self._watched = self._watched, asset_id
        if old is not None and old != asset_id and old not in self._followed:
            self._cancel(old)
        if asset_id is not None:
            self._ensure(asset_id)

    def note_webhook(self, asset_id: str) -> None:
        self._webhook_at[asset_id] = self._now()

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Off: webhooks (and the list refresh) alone keep the status."""
        self._enabled = enabled
        if not enabled:
            for asset_id in list(self._running):
                self._cancel(asset_id)
            return
        for asset_id in [*self._followed, *([self._watched] if self._watched else [])]:
            self._ensure(asset_id)

    # -- tasks ----------------------------------------------------------------------
    def _ensure(self, asset_id: str) -> None:
        if asset_id in self._running or self.tier(asset_id) in (PollTier.OFF, PollTier.PAUSED, PollTier.LIST):
            return
        self._running[asset_id] = self._tasks.spawn(self._poll(asset_id), name=f"poll {asset_id}")

    def _cancel(self, asset_id: str) -> None:
        task = self._running.pop(asset_id, None)
        if task is not None:
            task.cancel()

    def _on_changed(self, ids: list[str]) -> None:
        # A final status from any source (e.g. a webhook) ends polling at once.
        for asset_id in ids:
            asset = self._store.asset(asset_id)
            task = self._running.get(asset_id)
            if asset is not None and asset.status.is_final and task is not None and task is not _current():
                self._cancel(asset_id)
                if asset_id in self._followed:
                    self.followFinished.emit(asset_id)

    async def _poll(self, asset_id: str) -> None:
        backoff = self._fast
        try:
            while True:
                try:
                    asset = await self._client.get_asset(asset_id)
                except (AuthError, NotFoundError) as exc:
                    self.followStopped.emit(asset_id, report_error(exc))
                    return
                except Exception as exc:
                    self.followProblem.emit(asset_id, report_error(exc, headline="Status check failed"))
                    wait = exc.retry_after if isinstance(exc, RateLimitedError) else None
                    backoff = min(MAX_BACKOFF_S, max(wait or 0.0, backoff * 2))
                    await asyncio.sleep(backoff)
                    continue
                backoff = self._fast
                self.polls += 1
                self._store.apply(asset, Source.POLL)
                self.polled.emit(asset_id)
                tier = self.tier(asset_id)
                if tier is PollTier.PAUSED and asset_id in self._followed:
                    self.followFinished.emit(asset_id)
                if tier not in (PollTier.FAST, PollTier.RELAXED):
                    return
                await asyncio.sleep(self._fast if tier is PollTier.FAST else self._relaxed)
        finally:
            if self._running.get(asset_id) is asyncio.current_task():
                del self._running[asset_id]

    async def aclose(self) -> None:
        await self._tasks.aclose()
