"""The receiver's decisions, kept pure so they are tested without sockets or Qt."""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

from tpsdesk.domain.models import Asset, PayloadError, parse_asset


class DeliveryError(ValueError):
    """A delivery body that is not a live stream's asset JSON (answered 400)."""


def token_matches(header: str | None, secrets: Iterable[bytes]) -> bool:
    """Constant-time check of ``x-streams-token`` against every accepted secret.

    All secrets are compared (no early exit), so timing says nothing about
    which one, if any, matched. No secret configured means nothing matches.
    """
    if header is None:
        return False
    given = header.encode("utf-8", "surrogateescape")
    matched = False
    for secret in secrets:
        matched |= hmac.compare_digest(given, secret)
    return matched


def parse_delivery(body: bytes) -> Asset:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DeliveryError("the body is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("live_stream"), dict):
        # A status without a live_stream object cannot be ranked; applying it
        # would blank a known stream's status.
        raise DeliveryError("the body is not a live stream's asset")
    try:
        return parse_asset(data)  # no pretty copy: nothing shows an asset's raw JSON, and floods are hot
    except PayloadError as exc:
        raise DeliveryError(str(exc)) from exc


@dataclass(slots=True)
class ReceiverStats:
    """Counts for the status bar and the tests; never payloads or tokens."""

    accepted: int = 0
    applied: int = 0
    unauthorized: int = 0
    too_large: int = 0
    malformed: int = 0
    overloaded: int = 0
