"""The app's own webhook receiver (asyncio + aiohttp, no Qt)."""

from tpsdesk.receiver.core import DEFAULT_MAX_BODY, DeliveryError, ReceiverStats, parse_delivery, token_matches
from tpsdesk.receiver.server import HOOK_PREFIX, WebhookReceiver

__all__ = ["DEFAULT_MAX_BODY", "HOOK_PREFIX", "DeliveryError", "ReceiverStats", "WebhookReceiver",
           "parse_delivery", "token_matches"]
