"""Simulator settings.

One dataclass so the app's ``--demo`` mode, the CLI and the tests configure the
simulator the same way. Every knob has a demo-friendly default.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


def _default_users() -> dict[str, str]:
    # Fake credentials only: the simulator never sees a real account.
    return {"demo@example.com": "demo-password"}


@dataclass
class SimConfig:
    stream_count: int = 40
    org_id: str = "demo-org"
    token: str = "demo-token"
    users: dict[str, str] = field(default_factory=_default_users)
    seed: int = 1
    server_tz: str = "Asia/Kolkata"
    default_page_size: int = 20
    max_page_size: int = 100
    # The sped-up clock. With lifecycle=False nothing moves unless a test calls
    # advance()/set_status(), which keeps assertions deterministic.
    lifecycle: bool = True
    stop_to_recording_s: float = 2.0
    recording_to_completed_s: float = 4.0
    not_started_to_streaming_s: float = 6.0
    # A trim of a completed video: seconds Pending, then seconds Processing.
    trim_pending_s: float = 1.0
    trim_processing_s: float = 2.0
    random_disconnects: bool = True
    # Mean seconds a Streaming stream stays up before a random drop, and the
    # range of seconds it stays Disconnected before the encoder comes back.
    disconnect_mean_s: float = 90.0
    reconnect_after_s: tuple[float, float] = (4.0, 15.0)
    # How often the background clock looks for due transitions.
    tick_s: float = 0.2
    quirks: bool = True
    malformed_every: int | None = None
    rate_limit_per_s: float | None = None
    max_tokens_per_org: int = 20
    webhook_timeout_s: float = 2.0
    webhook_retries: int = 2
    # Injectable wall clock (epoch seconds) so tests can pin "now".
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        # Fail early on settings that would only break much later, mid-request.
        if not 0 <= self.stream_count <= 10_000:
            raise ValueError("stream_count must be between 0 and 10000")
        # As in DRF, only a requested ?limit= is capped by max_page_size; the
        # default may exceed it (a server that caps harder than it pages).
        if self.default_page_size < 1 or self.max_page_size < 1:
            raise ValueError("page sizes must be >= 1")
        if not self.org_id or "/" in self.org_id:
            raise ValueError("org_id must be a non-empty path segment")
        if not self.token or " " in self.token:
            raise ValueError("token must be non-empty and without spaces")
        if self.malformed_every is not None and self.malformed_every < 1:
            raise ValueError("malformed_every must be >= 1 or None")
        if self.rate_limit_per_s is not None and self.rate_limit_per_s <= 0:
            raise ValueError("rate_limit_per_s must be > 0 or None")
        if self.tick_s <= 0:
            raise ValueError("tick_s must be > 0")
