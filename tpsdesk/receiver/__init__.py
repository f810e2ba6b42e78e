"""The app's own webhook receiver (asyncio + aiohttp, no Qt).

The server (and aiohttp with it) is imported on first use: the start-up reads
``receiver.limits`` whether or not webhooks are on.
"""

from typing import Any

from tpsdesk.receiver.core import DEFAULT_MAX_BODY, DeliveryError, ReceiverStats, parse_delivery, token_matches

__all__ = ["DEFAULT_MAX_BODY", "HOOK_PREFIX", "DeliveryError", "ReceiverStats", "WebhookReceiver",
           "parse_delivery", "token_matches"]


def __getattr__(name: str) -> Any:
    if name in ("HOOK_PREFIX", "WebhookReceiver"):
        from tpsdesk.receiver import server

        return getattr(server, name)
    raise AttributeError(name)
