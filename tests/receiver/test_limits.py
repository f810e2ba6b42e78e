"""Open-file limits and the throttled accept() error (issue 10, receiver item 5)."""

from __future__ import annotations

import logging
import sys

import pytest

from tpsdesk.receiver.limits import (
    AcceptErrorFilter,
    LogThrottle,
    default_max_connections,
    open_files_limit,
    raise_open_files_limit,
)


def test_a_flood_of_accept_errors_is_a_handful_of_lines() -> None:
    now = [0.0]
    flt = AcceptErrorFilter(LogThrottle(30.0, clock=lambda: now[0]))
    passed = []
    for i in range(6000):
        now[0] = i * 0.01  # ~6,000 errors over a minute, as in the report
        record = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "socket.accept() out of system resource",
                                   None, (OSError, OSError(24, "Too many open files"), None))
        if flt.filter(record):
            passed.append(record)
    assert 2 <= len(passed) <= 3 and all(r.exc_info is None for r in passed)
    assert "more since the last report" in str(passed[1].msg)
    other = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "Task was destroyed", None, None)
    assert flt.filter(other)  # nothing else is touched


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_NOFILE on Windows")
def test_the_soft_open_files_limit_is_raised_toward_the_hard_one() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))
        raised = raise_open_files_limit(wanted=1024)
        assert raised == min(1024, hard) == open_files_limit()
        assert default_max_connections() == max(8, min(256, raised // 4))
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
