"""Following a stopped stream until its recording is final, by polling.

Each poll feeds the shared status store, so another source (webhooks) can
feed the same stream without this class knowing.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, Signal

from ..api.client import TPStreamsClient
from ..api.errors import AuthError, NotFoundError, RateLimitedError
from ..status.book import Source
from ..status.store import StatusStore
from .errors import report_error
from .tasks import TaskOwner

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 60.0


class RecordingFollower(QObject):
    followStarted = Signal(str)
    followFinished = Signal(str)  # the stream reached a final status
    followProblem = Signal(str, object)  # asset id, ErrorReport (a poll failed; it keeps trying)
    followStopped = Signal(str, object)  # gave up: asset id, ErrorReport

    def __init__(self, client: TPStreamsClient, store: StatusStore, *, interval_s: float = 3.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._store = store
        self._interval = interval_s
        self._tasks = TaskOwner("recording follower")
        self._following: dict[str, asyncio.Task[None]] = {}

    def is_following(self, asset_id: str) -> bool:
        return asset_id in self._following

    def follow(self, asset_id: str) -> None:
        if asset_id in self._following:
            return
        self._following[asset_id] = self._tasks.spawn(self._poll(asset_id), name=f"follow {asset_id}")
        self.followStarted.emit(asset_id)

    async def _poll(self, asset_id: str) -> None:
        delay = self._interval
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
                    delay = min(MAX_BACKOFF_S, max(wait or 0.0, delay * 2))
                    await asyncio.sleep(delay)
                    continue
                delay = self._interval
                self._store.apply(asset, Source.POLL)
                held = self._store.asset(asset_id) or asset
                if held.status.is_final:
                    self.followFinished.emit(asset_id)
                    return
                await asyncio.sleep(self._interval)
        finally:
            self._following.pop(asset_id, None)

    async def aclose(self) -> None:
        await self._tasks.aclose()
