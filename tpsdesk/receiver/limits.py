"""Resource limits for a receiver anyone on the network can reach (no Qt).

* ``ConnectionGuard`` caps the receiver's open connections well below the
  process's open-files limit: past the cap the oldest *idle* connection (one
  that has not sent a whole request yet, or waits between requests) is
  closed, so a flood of half-open sockets cannot starve real deliveries, and
  the app's own HTTP client always finds descriptors left.
* ``raise_open_files_limit`` lifts the soft RLIMIT_NOFILE toward the hard one
  at start (POSIX only; elsewhere a no-op).
* ``LogThrottle`` lets one line through per interval and counts the rest, so
  a flood ("socket.accept() out of system resource", refused deliveries)
  cannot turn into thousands of log lines.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

DEFAULT_MAX_CONNECTIONS = 256
WANTED_OPEN_FILES = 8192


class Closable(Protocol):
    def force_close(self) -> None: ...


def open_files_limit() -> int | None:
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else int(soft)


def raise_open_files_limit(wanted: int = WANTED_OPEN_FILES) -> int | None:
    """Raise the soft open-files limit toward ``wanted`` (never above the hard limit); the new soft limit."""
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as exc:  # some systems refuse; the cap still protects us
            log.info("could not raise the open-files limit (%s)", type(exc).__name__)
            return int(soft)
        return target
    return None if soft == resource.RLIM_INFINITY else int(soft)


def default_max_connections() -> int:
    """A quarter of the open-files limit, at most 256: the rest stays for the app's own client."""
    limit = open_files_limit()
    return DEFAULT_MAX_CONNECTIONS if limit is None else max(8, min(DEFAULT_MAX_CONNECTIONS, limit // 4))


class ConnectionGuard:
    """Tracks the receiver's connections; keeps at most ``cap`` of them open."""

    def __init__(self, cap: int) -> None:
        self.cap = max(1, cap)
        self._open: dict[Closable, None] = {}  # insertion order: oldest first
        self._busy: set[Closable] = set()
        self.evicted = 0

    @property
    def open_count(self) -> int:
        return len(self._open)

    def admitted(self, conn: Closable) -> None:
        self._open[conn] = None
        if len(self._open) > self.cap:
            victim = next((c for c in self._open if c not in self._busy and c is not conn), None)
            # Every other connection is mid-request: the newcomer is the one refused.
            self._close(victim if victim is not None else conn)

    def lost(self, conn: Closable) -> None:
        self._open.pop(conn, None)
        self._busy.discard(conn)

    def busy(self, conn: Closable, busy: bool) -> None:
        if conn not in self._open:
            return
        if busy:
            self._busy.add(conn)
        else:
            self._busy.discard(conn)
            self._open[conn] = self._open.pop(conn)  # just used: the last to be evicted

    def _close(self, conn: Closable) -> None:
        self.lost(conn)
        self.evicted += 1
        # Not from inside connection_made: aiohttp finishes setting the protocol up first.
        asyncio.get_running_loop().call_soon(conn.force_close)


class LogThrottle:
    """At most one line per ``interval_s``; the next line says how many were held back."""

    def __init__(self, interval_s: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval_s = interval_s
        self._clock = clock
        self._last: float | None = None
        self.suppressed = 0

    def allow(self) -> tuple[bool, int]:
        """(log this one?, how many were suppressed since the last one logged)."""
        now = self._clock()
        if self._last is not None and now - self._last < self.interval_s:
            self.suppressed += 1
            return False, 0
        held, self.suppressed, self._last = self.suppressed, 0, now
        return True, held


class AcceptErrorFilter(logging.Filter):
    """Rate-limits asyncio's "socket.accept() out of system resource" (once per EMFILE retry, ~1/s)."""

    MARK = "socket.accept() out of system resource"

    def __init__(self, throttle: LogThrottle | None = None) -> None:
        super().__init__()
        self.throttle = throttle or LogThrottle(30.0)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.MARK not in str(record.msg):
            return True
        ok, held = self.throttle.allow()
        if ok:
            # One line, no traceback: the cause is known and the loop retries on its own.
            record.msg = f"{self.MARK} (the open-files limit is reached; retrying)"
            if held:
                record.msg += f"; {held} more since the last report"
            record.args, record.exc_info, record.exc_text = (), None, None
        return ok


def install_accept_error_filter() -> AcceptErrorFilter:
    logger = logging.getLogger("asyncio")
    for existing in logger.filters:
        if isinstance(existing, AcceptErrorFilter):
            return existing
    flt = AcceptErrorFilter()
    logger.addFilter(flt)
    return flt


def harden_process() -> None:
    """At start: more descriptors where the OS allows, and a quiet loop under a flood."""
    limit = raise_open_files_limit()
    if limit is not None:
        log.debug("open-files limit: %d", limit)
    install_accept_error_filter()


def quiet_server_logger(name: str) -> Any:
    """What aiohttp's request handler logs to (``logger=``): a malformed request is one line."""
    return _OneLineServerLog(logging.getLogger(name))


class _OneLineServerLog:
    """aiohttp logs "Error handling request" with a traceback for any malformed request.

    The receiver's answer (400, 413, 431) is already right; what is left is one
    escaped line. A real bug (an exception from our own handler) keeps its
    traceback.
    """

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        self.throttle = LogThrottle(5.0)

    def debug(self, *args: Any, **kw: Any) -> None:
        self._log.debug(*args, **{k: v for k, v in kw.items() if k != "exc_info"})

    def exception(self, msg: str, *args: Any, exc_info: BaseException | None = None, **kw: Any) -> None:
        from aiohttp.http_exceptions import HttpProcessingError

        from tpsdesk.domain.logsafe import printable

        if exc_info is not None and not isinstance(exc_info, HttpProcessingError):
            self._log.error(msg, *args, exc_info=exc_info)
            return
        ok, held = self.throttle.allow()
        if ok:
            more = f" ({held} more since the last report)" if held else ""
            reason = printable(getattr(exc_info, "message", None) or type(exc_info).__name__, 120)
            self._log.info("refused a malformed request from %s: %s%s",
                           printable(args[0] if args else "?", 60), reason, more)

    def warning(self, *args: Any, **kw: Any) -> None:
        self._log.warning(*args, **kw)

    def error(self, *args: Any, **kw: Any) -> None:
        self._log.error(*args, **kw)

    def info(self, *args: Any, **kw: Any) -> None:
        self._log.info(*args, **kw)
