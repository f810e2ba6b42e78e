"""Start-up trace: ``TPSDESK_TRACE=FILE`` appends one JSON line per milestone.

    {"t": 0.412, "epoch": 1790000000.123, "event": "window_shown"}

``t`` counts from the moment the process was started (the kernel's record of
it, so the interpreter's own start-up is included), which is what a user
means by "it starts slowly" and what the benches compare. Pure standard
library and no Qt: it is imported before anything heavy.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

ENV_VAR = "TPSDESK_TRACE"
# The interpreter's start is the best we know without /proc; close to the process's start.
_IMPORTED_AT = time.monotonic()


def _linux_seconds_since_start() -> float | None:
    """Seconds since the kernel started this process (/proc/self/stat, field 22)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
        fields = stat[stat.rindex(")") + 2:].split()
        start_ticks = int(fields[19])  # field 22 overall, counted from field 3 here
        ticks_per_s = os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / ticks_per_s
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _started_monotonic() -> float:
    since = _linux_seconds_since_start() if sys.platform.startswith("linux") else None
    if since is None:
        return _IMPORTED_AT - time.process_time()  # CPU time spent so far ≈ wall time at start-up
    return time.monotonic() - since


class StartupTrace:
    """Appends ``{"t", "epoch", "event", ...}`` lines; each event once unless ``repeat``."""

    def __init__(self, stream: TextIO, *, started: float | None = None) -> None:
        self._stream = stream
        self._started = _started_monotonic() if started is None else started
        self._seen: set[str] = set()

    def seconds(self) -> float:
        return time.monotonic() - self._started

    def mark(self, event: str, *, repeat: bool = False, **extra: Any) -> None:
        if event in self._seen and not repeat:
            return
        self._seen.add(event)
        # cpu: this process's CPU seconds so far; on a busy machine it tells work from waiting.
        # main_cpu: the calling (main) thread's alone: what held the window up, without helper threads.
        line = {"t": round(self.seconds(), 4), "epoch": round(time.time(), 4), "event": event,
                "cpu": round(time.process_time(), 4), "main_cpu": round(time.thread_time(), 4), **extra}
        try:
            self._stream.write(json.dumps(line) + "\n")
            self._stream.flush()
        except (OSError, ValueError):  # disk full, closed: a trace never stops the app
            pass

    def seen(self, event: str) -> bool:
        return event in self._seen

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._stream.close()


def open_trace(env: Mapping[str, str] | None = None, *, warn: TextIO | None = None) -> StartupTrace | None:
    """The trace asked for by ``TPSDESK_TRACE``, or None; an unusable path is one warning line."""
    value = (os.environ if env is None else env).get(ENV_VAR, "").strip()
    if not value:
        return None
    try:
        stream = open(value, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the app's life)
    except OSError as exc:
        print(f"tpsdesk: {ENV_VAR}={value!r} cannot be written ({exc.strerror or exc}); no trace.",
              file=warn or sys.stderr)
        return None
    return StartupTrace(stream)


_current: StartupTrace | None = None


def install(trace: StartupTrace | None) -> None:
    global _current
    _current = trace


def current() -> StartupTrace | None:
    return _current


def mark(event: str, **extra: Any) -> None:
    """Record an event in the installed trace; nothing when tracing is off."""
    if _current is not None:
        _current.mark(event, **extra)
