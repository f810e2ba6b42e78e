"""Webhook registrations as the API returns them (pure, no Qt, no httpx)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tpsdesk.domain.models import PayloadError, check_id


@dataclass(frozen=True, slots=True)
class WebhookRegistration:
    id: str
    url: str
    # The server echoes the secret back; keep it out of reprs (and so out of logs).
    secret_token: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class WebhookPage:
    registrations: tuple[WebhookRegistration, ...]
    next_url: str | None


def parse_webhook(data: object) -> WebhookRegistration:
    if not isinstance(data, Mapping):
        raise PayloadError("a webhook should be a JSON object")
    hook_id, url = data.get("id"), data.get("url")
    if not isinstance(hook_id, (str, int)) or isinstance(hook_id, bool) or hook_id == "":
        raise PayloadError("the webhook has no id")
    check_id(str(hook_id), "webhook")
    if not isinstance(url, str):
        raise PayloadError("the webhook has no url")
    secret = data.get("secret_token")
    return WebhookRegistration(str(hook_id), url, secret if isinstance(secret, str) else "")


def parse_webhook_page(data: Any) -> WebhookPage:
    """A DRF page, or a bare list from an unpaginated server; unreadable items are skipped."""
    if isinstance(data, list):
        data = {"results": data, "next": None}
    if not isinstance(data, Mapping) or not isinstance(data.get("results"), list):
        raise PayloadError("the webhook list has no results")
    hooks = []
    for item in data["results"]:
        try:
            hooks.append(parse_webhook(item))
        except PayloadError:
            continue  # not one of ours if we cannot even read it
    next_url = data.get("next")
    return WebhookPage(tuple(hooks), next_url if isinstance(next_url, str) and next_url else None)
