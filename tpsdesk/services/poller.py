"""Adaptive polling: the fallback for webhooks, and the follower of stopped streams.

Tiers (``poll_delay``):
- fast (``interval_s``): a stream the user just stopped, or the one selected;
- relaxed (``relaxed_s``): the same, while webhooks are arriving for it
  (polling is only a safety net then);
- list: every other stream, refreshed by the stream list's timer alone;
- paused: a final status (Completed, Error); nothing more will change.

Each poll feeds the shared status store, so webhooks can feed the same
stream without this class knowing; precedence sorts out the order.

Bookkeeping is per stream and pruned: a stream that reaches a final status
(from any source) or leaves the list is dropped from the followed set and
the webhook times, so a long session does not accumulate every stream it
ever stopped or heard about.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, Signal

from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError, AuthError, NotFoundError, RateLimitedError
from tpsdesk.services.errors import internal_error, report_error
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

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
    streamGone = Signal(str, str)  # asset id, title: deleted on the server, so forgotten here too
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
        store.streamsRemoved.connect(self._on_removed)

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
        asset = self._store.asset(asset_id)
        if asset is not None and asset.status.is_final:
            self._finish(asset_id)  # already there (e.g. a webhook beat the stop's answer)

    def watch(self, asset_id: str | None) -> None:
        """The selected stream: poll fast while selected."""
        old, self._watched = self._watched, asset_id
        if old is not None and old != asset_id and old not in self._followed:
            self._cancel(old)
        if asset_id is not None:
            self._ensure(asset_id)

    def note_webhook(self, asset_id: str) -> None:
        asset = self._store.asset(asset_id)
        if asset is None or asset.status.is_final:
            return  # nothing left to relax (and nothing to remember)
        self._webhook_at[asset_id] = self._now()

    def set_intervals(self, *, fast_s: float | None = None, relaxed_s: float | None = None,
                      webhook_fresh_s: float | None = None) -> None:
        """Change the tiers' timing; running polls use it from their next wait."""
        if fast_s is not None:
            self._fast = fast_s
        if relaxed_s is not None:
            self._relaxed = relaxed_s
        if webhook_fresh_s is not None:
            self._fresh = webhook_fresh_s

    @property
    def tracked(self) -> tuple[frozenset[str], frozenset[str]]:
        """(followed ids, ids with a remembered webhook time): what the pruning keeps small."""
        return frozenset(self._followed), frozenset(self._webhook_at)

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
            if asset is None or not asset.status.is_final:
                continue
            task = self._running.get(asset_id)
            if task is not None and task is not _current():
                self._cancel(asset_id)
            self._finish(asset_id)

    def _finish(self, asset_id: str) -> None:
        """A final status: forget the stream, and say so once if it was followed."""
        self._webhook_at.pop(asset_id, None)
        if asset_id in self._followed:
            self._followed.discard(asset_id)
            self.followFinished.emit(asset_id)

    def _on_removed(self, ids: list[str]) -> None:
        for asset_id in ids:
            self._cancel(asset_id)
            self._followed.discard(asset_id)
            self._webhook_at.pop(asset_id, None)

    async def _poll(self, asset_id: str) -> None:
        backoff = self._fast
        try:
            while True:
                try:
                    asset = await self._client.get_asset(asset_id)
                except AuthError as exc:  # only signing in again helps: the shell offers it
                    self.followStopped.emit(asset_id, report_error(exc))
                    return
                except NotFoundError as exc:
                    self.followStopped.emit(asset_id, report_error(exc))
                    self._gone(asset_id)
                    return
                except ApiError as exc:  # the network or the server: try again, less often
                    self.followProblem.emit(asset_id, report_error(exc, headline="Status check failed"))
                    wait = exc.retry_after if isinstance(exc, RateLimitedError) else None
                    backoff = min(MAX_BACKOFF_S, max(wait or 0.0, backoff * 2))
                    await asyncio.sleep(backoff)
                    continue
                except Exception as exc:  # a bug in tpsdesk: retrying cannot fix it
                    log.exception("status check of %r failed inside tpsdesk; not retrying", asset_id)
                    self.followStopped.emit(asset_id, internal_error(exc))
                    return
                backoff = self._fast
                self.polls += 1
                self._store.apply(asset, Source.POLL)
                self.polled.emit(asset_id)
                tier = self.tier(asset_id)
                if tier is PollTier.PAUSED:
                    self._finish(asset_id)
                if tier not in (PollTier.FAST, PollTier.RELAXED):
                    return
                await asyncio.sleep(self._fast if tier is PollTier.FAST else self._relaxed)
        finally:
            if self._running.get(asset_id) is asyncio.current_task():
                del self._running[asset_id]

    def _gone(self, asset_id: str) -> None:
        """Deleted on the server: it must not stay on screen as live with Stop enabled."""
        asset = self._store.asset(asset_id)
        title = asset.title if asset is not None else ""
        self._store.forget(asset_id)
        self.streamGone.emit(asset_id, title)

    async def aclose(self) -> None:
        await self._tasks.aclose()
