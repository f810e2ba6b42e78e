"""Which of two readings of a stream's status wins (pure, no Qt).

Readings arrive from list refreshes, asset polls, stop answers and webhooks,
possibly repeated or out of order. The rule, in one place:

1. A reading that carries *more* activities than the one held is newer and
   wins; one that carries *fewer* is stale and loses (activities only grow).
2. Otherwise a reading wins unless it moves the lifecycle backwards:
   Not Started < Streaming = Disconnected < Stopped < Recording <
   Completed = Error (``domain/status_order.py``). Streaming and Disconnected share a rank because the
   encoder legitimately flaps between them; Completed and Error share one
   because either can end a recording.
3. An unknown status cannot be ranked, so it is shown as it came.

So Completed never reverts to Recording unless the payload proves itself
newer by rule 1.
"""

from __future__ import annotations

from tpsdesk.domain.models import Asset
from tpsdesk.domain.status_order import lifecycle_stage


def _activity_count(asset: Asset) -> int | None:
    if asset.live_stream is None or asset.live_stream.activities is None:
        return None
    return len(asset.live_stream.activities)


def supersedes(new: Asset, held: Asset) -> bool:
    """True when ``new`` should replace ``held`` (same asset id)."""
    new_count, held_count = _activity_count(new), _activity_count(held)
    if new_count is not None and held_count is not None and new_count != held_count:
        return new_count > held_count
    new_rank = lifecycle_stage(new.status.kind)
    held_rank = lifecycle_stage(held.status.kind)
    if new_rank is None or held_rank is None:
        return True
    return new_rank >= held_rank
