"""Text from the network, made safe to log.

Anything a server or a webhook sender chose (ids, titles, messages, header
values) may carry line breaks or terminal escapes that would forge a log
record or repaint a terminal. ``printable`` escapes them repr-style and cuts
long values, so one log call is always one line.
"""

from __future__ import annotations

LOG_LIMIT = 200


def printable(value: object, limit: int = LOG_LIMIT) -> str:
    """``value`` as one line of printable text, at most ``limit`` characters."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "backslashreplace")
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        # repr() escapes every non-printable character (\n, \x1b, \u2028, …) and nothing else
        # that a reader would miss; the quotes it adds are dropped, and a space stays a space.
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return text
