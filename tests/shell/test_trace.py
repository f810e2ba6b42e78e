"""TPSDESK_TRACE: JSON lines timed from the process's start, paint milestones from real paints."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.support.qt import make_demo
from tpsdesk.shell.paint_trace import watch_session
from tpsdesk.shell.trace import StartupTrace, open_trace


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_each_event_is_one_json_line_once(tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    trace = open_trace({"TPSDESK_TRACE": str(path)})
    assert trace is not None
    trace.mark("window_shown")
    trace.mark("window_shown")  # a second paint is not a second milestone
    trace.mark("exit", code=0)
    trace.close()
    events = lines(path.read_text())
    assert [e["event"] for e in events] == ["window_shown", "exit"]
    assert events[1]["code"] == 0
    assert all(isinstance(e["t"], float) and isinstance(e["epoch"], float) for e in events)
    assert abs(float(events[0]["epoch"]) - time.time()) < 60  # type: ignore[arg-type]


def test_the_file_is_appended_to_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    path.write_text('{"t": 1.0, "epoch": 1.0, "event": "exit"}\n')
    trace = open_trace({"TPSDESK_TRACE": str(path)})
    assert trace is not None
    trace.mark("main")
    trace.close()
    assert [e["event"] for e in lines(path.read_text())] == ["exit", "main"]


def test_an_unwritable_path_is_one_warning_and_no_trace(tmp_path: Path) -> None:
    warning = io.StringIO()
    assert open_trace({"TPSDESK_TRACE": str(tmp_path / "no" / "such" / "dir" / "t.jsonl")}, warn=warning) is None
    assert open_trace({"TPSDESK_TRACE": str(tmp_path)}, warn=warning) is None  # a directory
    said = warning.getvalue().splitlines()
    assert len(said) == 2 and all(s.startswith("tpsdesk: TPSDESK_TRACE=") for s in said)
    assert open_trace({}, warn=warning) is None and open_trace({"TPSDESK_TRACE": "  "}, warn=warning) is None
    assert len(warning.getvalue().splitlines()) == 2  # unset or blank: silence


def test_time_counts_from_the_process_start_not_from_the_import() -> None:
    # The child burns CPU before importing the trace: t must include that, and fit in the child's life.
    code = ("import time\nend = time.monotonic() + 0.3\nwhile time.monotonic() < end: pass\n"
            "from tpsdesk.shell.trace import StartupTrace\nimport io\nt = StartupTrace(io.StringIO())\n"
            "print(t.seconds())\n")
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    lifetime = time.monotonic() - started
    seconds = float(out.stdout)
    tick = 0.02  # the kernel records a start in clock ticks (10 ms): allow one, and rounding
    assert 0.3 <= seconds <= lifetime + tick


def test_paint_milestones_come_from_real_paints_after_the_rows_are_in(qtbot: QtBot, qloop: object) -> None:
    buffer = io.StringIO()
    trace = StartupTrace(buffer, started=time.monotonic())
    demo_iter = make_demo(qtbot)
    demo = next(demo_iter)
    try:
        window = demo.session.window
        watch_session(trace, demo.session)
        qtbot.waitUntil(lambda: trace.seen("all_rows_painted"), timeout=10_000)
        events = lines(buffer.getvalue())
        names = [e["event"] for e in events]
        assert [n for n in names if n.endswith("painted") or n == "window_shown"] == [
            "window_shown", "first_rows_painted", "all_rows_painted"]
        assert names.index("list_loaded") < names.index("all_rows_painted")
        assert events[-1]["rows"] == window.model.rowCount() == len(demo.session.store) == 30
        times = [float(e["t"]) for e in events]  # type: ignore[arg-type]
        assert times == sorted(times)
    finally:
        demo_iter.close()
