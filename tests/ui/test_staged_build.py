"""A build in parts: all at once when asked, or a part per event-loop turn with other work in between."""

from __future__ import annotations

import sys

import pytest
import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.support.qt import Passes, Repaints, shares_a_pass_with_a_repaint, shown_and_painted
from tpsdesk.ui.staged_build import Parts, StagedBuild, imports


class Recorder:
    def __init__(self, parts: int = 3) -> None:
        self.log: list[str] = []
        self.count = parts
        self.build: StagedBuild | None = None

    def parts(self) -> Parts:
        for n in range(1, self.count + 1):
            self.log.append(f"part {n}")
            if n < self.count:
                yield


def test_finish_runs_every_part_once_in_order() -> None:
    recorder = Recorder()
    build = StagedBuild(recorder.parts)
    assert recorder.log == []  # nothing runs before it is asked
    build.finish()
    assert recorder.log == ["part 1", "part 2", "part 3"] and build.isDone()
    build.finish()
    assert not build.step() and recorder.log == ["part 1", "part 2", "part 3"]


def test_finishing_a_build_begun_in_turns_goes_on_where_it_was(qtbot: QtBot) -> None:
    recorder = Recorder()
    build = StagedBuild(recorder.parts)
    assert build.step() and recorder.log == ["part 1"]
    build.finish()  # someone needs the result now: the rest, not the whole again
    assert recorder.log == ["part 1", "part 2", "part 3"]


def test_in_turns_other_work_runs_between_the_parts(qtbot: QtBot) -> None:
    recorder = Recorder()
    build = StagedBuild(recorder.parts)
    context = QObject()

    def other_work() -> None:
        recorder.log.append("other")

    build.runInTurns(context)
    assert recorder.log == ["part 1"]  # the first part at once, the others in later turns
    QTimer.singleShot(0, other_work)  # queued after the first part: it must not wait for the rest
    qtbot.waitUntil(build.isDone)
    assert recorder.log == ["part 1", "other", "part 2", "part 3"]


def test_in_turns_the_repaint_a_part_asked_for_comes_before_the_next_part(qtbot: QtBot) -> None:
    # Each part's repaint in a turn of its own, not added to the next part's (issue 11, P3).
    widget = QWidget()
    counter = shown_and_painted(qtbot, widget)
    seen: list[int] = []

    def parts() -> Parts:
        for _ in range(3):
            widget.update()
            yield
            seen.append(counter.paints)

    build = StagedBuild(parts)
    build.runInTurns(widget)
    qtbot.waitUntil(build.isDone)
    assert seen == [1, 2, 3]


def test_nothing_more_is_built_once_it_must_stop(qtbot: QtBot) -> None:
    recorder, closed = Recorder(), [False]
    build = StagedBuild(recorder.parts, stop_if=lambda: closed[0])
    assert build.step()
    closed[0] = True  # the session closed between two turns
    build.finish()
    assert recorder.log == ["part 1"] and not build.isDone()


def test_parts_stop_coming_once_their_context_is_deleted(qtbot: QtBot) -> None:
    recorder = Recorder(parts=5)
    build = StagedBuild(recorder.parts)
    context = QObject()
    build.runInTurns(context)
    shiboken6.delete(context)  # the window went (a switch, a sign-out) between two parts
    turns = [0]

    def count_turns() -> None:
        turns[0] += 1
        if turns[0] < 5:
            QTimer.singleShot(0, count_turns)

    count_turns()
    qtbot.waitUntil(lambda: turns[0] == 5)
    assert recorder.log == ["part 1"] and not build.isDone()


def test_asked_from_inside_its_own_part_it_does_not_start_it_again() -> None:
    build: StagedBuild

    def parts() -> Parts:
        build.finish()  # e.g. a signal a part emits reaches code that wants the whole now
        yield

    build = StagedBuild(parts)
    assert build.step()  # no "generator already executing"
    build.finish()
    assert build.isDone()


def test_a_part_that_fails_leaves_the_build_unfinished_and_not_run_again() -> None:
    log: list[str] = []

    def parts() -> Parts:
        log.append("part 1")
        yield
        raise RuntimeError("a bug in part 2")

    build = StagedBuild(parts)
    assert build.step()
    with pytest.raises(RuntimeError):
        build.step()
    assert not build.step() and not build.isDone() and log == ["part 1"]


def test_imports_are_a_part_per_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    monkeypatch.delitem(sys.modules, "wave", raising=False)
    parts = imports(["colorsys", "wave"])
    next(parts)
    assert "colorsys" in sys.modules and "wave" not in sys.modules
    next(parts)
    assert "wave" in sys.modules


def test_in_turns_a_part_that_fails_leaves_no_timer_behind(qtbot: QtBot) -> None:
    def parts() -> Parts:
        yield
        raise RuntimeError("a bug in part 2")

    build = StagedBuild(parts)
    context = QObject()
    with qtbot.captureExceptions() as raised:
        build.runInTurns(context)
        qtbot.waitUntil(lambda: bool(raised))
    assert not build.isDone() and not build.step()
    qtbot.waitUntil(lambda: not context.findChildren(QTimer))  # deleted once the loop turns


def test_in_turns_a_part_never_shares_a_pass_with_a_repaint_of_its_window(qtbot: QtBot) -> None:
    # The repaint comes first in a pass, the timers after it: a part there made one block of both.
    widget = QWidget()
    shown_and_painted(qtbot, widget)
    log: list[str] = []
    repaints = Repaints(log)
    widget.installEventFilter(repaints)

    def parts() -> Parts:
        for _ in range(4):
            log.append("part")
            widget.update()
            yield

    passes = Passes(log)
    build = StagedBuild(parts)
    build.runInTurns(widget)
    qtbot.waitUntil(build.isDone)
    assert log.count("part") == 4 and log.count("repaint") >= 3
    del passes
    assert not shares_a_pass_with_a_repaint(log, "part"), log
