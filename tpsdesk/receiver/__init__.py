"""The app's own webhook receiver (asyncio + aiohttp, no Qt)."""

from tpsdesk.receiver.core import DeliveryError, ReceiverStats, parse_delivery, token_matches
from tpsdesk.receiver.server import DEFAULT_MAX_BODY, HOOK_PREFIX, WebhookReceiver

__all__ = ["DEFAULT_MAX_BODY", "HOOK_PREFIX", "DeliveryError", "ReceiverStats", "WebhookReceiver",
           "parse_delivery", "token_matches"]
