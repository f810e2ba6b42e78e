"""The one wall clock: aware UTC. Everything that needs "now" takes a clock of this shape."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
