"""Which action a request was, and what came of it: from its method, path and answer.

Classifying by path keeps every service unchanged: the client reports each
mutating request, and this says "that was a stop of stream X, refused".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote

from tpsdesk.domain.timefmt import format_hms
from tpsdesk.journal.entries import Action, Outcome

_ASSET = r"/api/v1/(?P<org>[^/]+)/assets/(?P<asset>[^/]+)/"
_RULES: list[tuple[str | None, re.Pattern[str], Action]] = [
    ("POST", re.compile(r"^/api/auth/login/?$"), Action.SIGN_IN),
    ("POST", re.compile(r"^/api/auth/logout/?$"), Action.SIGN_OUT),
    ("POST", re.compile(f"^{_ASSET}stop_live_stream/?$"), Action.STOP),
    ("POST", re.compile(f"^{_ASSET}trim/revert/?$"), Action.REVERT),
    ("POST", re.compile(f"^{_ASSET}trim/?$"), Action.TRIM),
    ("POST", re.compile(r"^/api/v1/(?P<org>[^/]+)/webhooks/?$"), Action.WEBHOOK_REGISTER),
    ("PUT", re.compile(r"^/api/v1/(?P<org>[^/]+)/webhooks/[^/]+/?$"), Action.WEBHOOK_REGISTER),
    ("DELETE", re.compile(r"^/api/v1/(?P<org>[^/]+)/webhooks/[^/]+/?$"), Action.WEBHOOK_REMOVE),
]
# Not idempotent: a lost answer leaves the outcome unknown (the stop is read back).
_UNSAFE = frozenset({Action.STOP, Action.TRIM, Action.REVERT})
EPOCH_FROM = 1_000_000_000  # seconds above this are Unix times, not offsets into a recording


@dataclass(frozen=True, slots=True)
class Classified:
    action: Action
    organization: str
    stream_id: str


def classify(method: str, path: str) -> Classified:
    bare = path.split("?", 1)[0]
    for rule_method, pattern, action in _RULES:
        match = pattern.match(bare)
        if match and (rule_method is None or rule_method == method.upper()):
            groups = match.groupdict()  # each id is one percent-quoted segment (httpapi/paths.py)
            return Classified(action, unquote(groups.get("org") or ""), unquote(groups.get("asset") or ""))
    org = re.match(r"^/api/v1/([^/]+)/", bare)
    return Classified(Action.OTHER, unquote(org.group(1)) if org else "", "")


def outcome_of(action: Action, status: int | None, error: str) -> Outcome:
    """``error`` is the request record's kind of failure when there was no answer."""
    if status is None:
        return Outcome.NOT_SENT if error == "not sent" else Outcome.UNKNOWN
    if 200 <= status < 300:
        return Outcome.OK
    if 400 <= status < 500:
        return Outcome.REFUSED
    if status >= 500 and action in _UNSAFE:
        return Outcome.UNKNOWN  # a proxy's 502 may follow a stop the server applied
    return Outcome.FAILED


def describe_trim(request_body: str) -> str:
    """ "trim 00:00:30–00:02:00" from a stop/trim body; "" for a plain stop."""
    try:
        body = json.loads(request_body) if request_body.strip() else None
    except ValueError:
        return ""
    if not isinstance(body, dict) or not ({"start_time", "end_time"} & body.keys()):
        return ""

    def one(value: object) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            return "?" if value is not None else "…"
        if value >= EPOCH_FROM:
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return format_hms(value)

    return f"trim {one(body.get('start_time'))}–{one(body.get('end_time'))}"


def note_for(action: Action, status: int | None, error: str, request_body: str) -> str:
    parts: list[str] = []
    if action in (Action.STOP, Action.TRIM):
        trim = describe_trim(request_body)
        parts.append(trim or ("no trim" if action is Action.STOP else ""))
    if status is None and error:
        parts.append(f"{error}: " + ("nothing reached the server" if error == "not sent"
                                     else "it may have been applied"))
    return "; ".join(p for p in parts if p)
