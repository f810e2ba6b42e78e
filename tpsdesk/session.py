"""The composition root: one client, one store, the services, the window.

Used by the app and by the end-to-end tests alike, so both run the same wiring.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .api.client import TPStreamsClient
from .config import AppConfig
from .services.follow import RecordingFollower
from .services.stop import StopService
from .services.streams import StreamListService
from .status.store import StatusStore, utc_now
from .ui.main_window import MainWindow


class Session:
    def __init__(self, config: AppConfig, *, base_url: str | None = None,
                 clock: Callable[[], datetime] = utc_now, request_timeout_s: float = 15.0) -> None:
        self.config = config
        self.client = TPStreamsClient(base_url or config.base_url, config.org_id, config.token,
                                      timeout=request_timeout_s)
        self.store = StatusStore(clock=clock)
        self.streams = StreamListService(self.client, self.store,
                                         refresh_interval_s=config.refresh_interval_s)
        self.follower = RecordingFollower(self.client, self.store, interval_s=config.poll_interval_s)
        self.stops = StopService(self.client, self.store, self.follower)
        self.window = MainWindow(
            self.store, self.streams, self.stops, org=config.org_id, server_tz=config.server_tz,
            clock=clock, demo=config.demo, base_url=self.client.base_url)

    def start(self) -> None:
        self.streams.refresh()

    async def aclose(self) -> None:
        """Cancel every task, then close the one HTTP client."""
        for service in (self.streams, self.stops, self.follower):
            await service.aclose()
        await self.client.aclose()
