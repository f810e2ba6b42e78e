"""Text from the network, made safe to log.

Anything a server or a webhook sender chose (ids, titles, messages, header
values) may carry line breaks or terminal escapes that would forge a log
record or repaint a terminal. ``printable`` escapes them repr-style and cuts
long values, so one log call is always one line.
"""

from __future__ import annotations

import logging

LOG_LIMIT = 200
MESSAGE_LIMIT = 4000  # a whole record's message (already escaped values, plus the app's words)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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


class OneLineFormatter(logging.Formatter):
    """The app's log format, forgery-proof whatever a library logs.

    Each record's message is escaped to one line; the lines of a traceback
    that follow it are indented, so no text from the network can start a
    line that looks like a record of its own.
    """

    def format(self, record: logging.LogRecord) -> str:
        copy = logging.makeLogRecord(record.__dict__)
        copy.msg, copy.args = printable(record.getMessage(), MESSAGE_LIMIT), None
        first, *rest = super().format(copy).split("\n")
        return "\n".join([first, *("    " + line for line in rest)])
