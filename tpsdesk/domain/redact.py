"""Redaction: secrets out of anything that is kept (the journal, logs, exports).

Pure, no I/O. Three nets, from precise to broad:

1. by key: the value under a secret-looking key (``token``, ``password``,
   ``secret_token``, ``stream_key``, ``authorization`` …) is replaced whatever it
   is, at any depth of a JSON document;
2. by value: every secret the caller knows (the session's token) is cut out of
   every string, keys included;
3. by shape: RTMP URLs lose everything after the application name (the stream
   key travels there), the webhook receiver's unguessable path is cut (it is
   what keeps strangers from even reaching the receiver), and ``key: value`` / ``key=value`` pairs with a secret
   key are cut out of text that is not JSON (an HTML error page, a form).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"
MAX_BODY_CHARS = 16_000

_SECRET_KEYS = frozenset({
    "token", "password", "secret_token", "stream_key", "authorization", "secret", "api_key",
    "access_token", "refresh_token", "x-streams-token", "passwd", "key",
})
_SECRET_PARTS = ("token", "password", "secret", "stream_key", "authorization", "api_key")
_RTMP = re.compile(r"(?i)\b(rtmps?://[^/\s\"'<>]+/[^/\s\"'<>?#]*)/[^\s\"'<>]*")
# receiver.HOOK_PREFIX plus its random part (token_urlsafe); the domain imports no receiver.
HOOK_PATH = re.compile(r"(/tpsdesk/hooks/)[A-Za-z0-9_-]{8,}")
# Linear time: a key starts only where a word starts, and its prefix is bounded (no backtracking
# over long runs of letters, which a hostile body could send).
_PAIR = re.compile(
    r"""(?ix)
    (["']?(?<![a-z0-9_-])[a-z0-9_-]{0,40}?(?:token|password|passwd|secret|stream_key|authorization|api_key)
     ["']?\s{0,8}[:=]\s{0,8})
    (?:"(?:[^"\\\n]|\\.){0,4096}"|'[^'\n]{0,4096}'|["'][^\n]*  # a quote too long: the rest of its line
     |(?:token|bearer)\s+[^\s,&;}<]+|[^\s,&;}<"']+)""")
MAX_PARSED_CHARS = 64_000  # a bigger answer to a mutating call is abnormal: cut as text, not parsed


def is_secret_key(key: str) -> bool:
    """A key whose value is never kept (``trim_job_id``, ``status`` are fine; ``auth_token`` is not)."""
    lowered = key.strip().lower()
    return lowered in _SECRET_KEYS or any(part in lowered for part in _SECRET_PARTS)


def _known(secrets: Iterable[str]) -> list[str]:
    # Longest first, so a secret containing another is cut whole; tiny ones would cut words.
    return sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)


def _shapes(text: str) -> str:
    text = _RTMP.sub(lambda m: f"{m.group(1)}/{REDACTED}", text)
    return HOOK_PATH.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Any text: known secrets, RTMP stream keys, ``secret-key: value`` pairs."""
    for secret in _known(secrets):
        text = text.replace(secret, REDACTED)
    text = _shapes(text)
    return _PAIR.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


def redact_json(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A parsed JSON document with every secret replaced; the structure is kept."""
    known = _known(secrets)

    def clean_string(text: str) -> str:
        for secret in known:
            text = text.replace(secret, REDACTED)
        return _shapes(text)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, item in node.items():
                name = clean_string(str(key))
                out[name] = REDACTED if is_secret_key(str(key)) and item not in (None, "") else walk(item)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, str):
            return clean_string(node)
        return node

    return walk(value)


def truncate(text: str, limit: int = MAX_BODY_CHARS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… (truncated: {len(text) - limit} more characters)"


def redact_body(body: bytes | str | Any, secrets: Iterable[str] = (), *, limit: int = MAX_BODY_CHARS,
                parsed: bool = False) -> str:
    """A request or response body as it may be kept: JSON pretty-printed and redacted by
    structure, anything else redacted as text; then truncated (after redaction, so a cut
    can never expose the tail of a secret the structure would have hidden)."""
    known = list(secrets)
    if parsed:
        return truncate(json.dumps(redact_json(body, known), indent=2, ensure_ascii=False), limit)
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body)
    if not text.strip():
        return ""
    if len(text) <= MAX_PARSED_CHARS:
        try:
            return truncate(json.dumps(redact_json(json.loads(text), known), indent=2, ensure_ascii=False), limit)
        except (ValueError, RecursionError):  # not JSON, or nested past any sane depth: redacted as text
            pass
    for secret in _known(known):  # the whole text: a known secret is cut wherever it sits
        text = text.replace(secret, REDACTED)
    # The patterns run on what is kept, plus a margin so a pair cut at the edge is still seen.
    kept = redact_text(text[: limit + 200])
    if len(text) <= limit:
        return kept
    return f"{kept[:limit]}\n… (truncated: {len(text) - limit} more characters)"
