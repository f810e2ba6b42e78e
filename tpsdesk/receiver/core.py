"""The receiver's decisions, kept pure so they are tested without sockets or Qt."""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from tpsdesk.domain.models import Asset, PayloadError, parse_asset

MAX_JSON_DEPTH = 32  # an asset nests 4 deep; anything far deeper is an attack on the parser
MAX_ID_LENGTH = 200  # asset ids are ~11 characters
DEFAULT_MAX_BODY = 256 * 1024  # an asset is a few KiB; a MiB (aiohttp's default) is generous to abuse

# Strings are removed before brackets are counted: a title may hold "[[[[".
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


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


def json_depth(body: bytes) -> int:
    """How deep brackets nest in ``body``, outside strings; cheap and without recursion."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets)))


def load_json(body: bytes, *, max_size: int = DEFAULT_MAX_BODY, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` bounded in size and depth, so a hostile body is a 400, never a RecursionError."""
    if len(body) > max_size:
        raise DeliveryError(f"the body is too large (over {max_size} bytes)")
    if json_depth(body) > max_depth:
        raise DeliveryError(f"the JSON is nested too deep (over {max_depth} levels)")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise DeliveryError("the body is not JSON") from exc


def check_delivery_shape(data: object) -> None:
    """The fields the store relies on, with the types the contract gives them.

    Checked before parsing so that nothing half-valid reaches the store: a
    ``live_stream`` without a status would blank a known status, a number
    would become a status called "5". An unknown *string* status is fine: it
    stays visible as it came, as in the list.
    """
    if not isinstance(data, dict):
        raise DeliveryError("the body is not a JSON object")
    asset_id = data.get("id")
    if not isinstance(asset_id, str) or not asset_id.strip():
        raise DeliveryError("the asset's id is missing or not text")
    if len(asset_id) > MAX_ID_LENGTH:
        raise DeliveryError("the asset's id is too long")
    if not isinstance(data.get("title"), (str, type(None))):
        raise DeliveryError("the title is not text")
    live = data.get("live_stream")
    if not isinstance(live, dict):
        raise DeliveryError("the body is not a live stream's asset (no live_stream object)")
    status = live.get("status")
    if not isinstance(status, str) or not status.strip():
        raise DeliveryError("live_stream.status is missing or not text")
    activities = live.get("activities")
    if activities is not None:
        if not isinstance(activities, list):
            raise DeliveryError("live_stream.activities is not a list")
        for entry in activities:
            if not isinstance(entry, dict) or not all(
                    isinstance(entry.get(k), (str, type(None))) for k in ("status", "timestamp")):
                raise DeliveryError("an activity is not an object with a text status and timestamp")
    if not isinstance(data.get("video"), (dict, type(None))):
        raise DeliveryError("video is neither an object nor null")


def parse_delivery(body: bytes, *, max_size: int = DEFAULT_MAX_BODY) -> Asset:
    data = load_json(body, max_size=max_size)
    check_delivery_shape(data)
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
