"""Marks kept per organization and stream in a file that survives a restart; a bad file is set aside."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import run
from tpsdesk.domain.marks import Mark, MarkKind
from tpsdesk.domain.server_clock import ServerClock
from tpsdesk.services.marks import MarksService
from tpsdesk.services.marks_file import MarkFile

NOW = datetime(2025, 10, 9, 8, 53, 20, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("qloop")  # the file is written by a task on the loop


def saved(qtbot: QtBot, *services: MarksService) -> None:
    for marks in services:
        run(qtbot, marks.flush())


def service(qtbot: QtBot, path: Path, org: str = "org-a", skew_s: int = 0) -> MarksService:
    """A service on ``path`` once it has read the file (in a worker thread)."""
    clock = ServerClock()
    server = NOW + timedelta(seconds=skew_s)
    clock.note(server.strftime("%a, %d %b %Y %H:%M:%S GMT"), NOW + timedelta(seconds=0.5))
    marks = MarksService(org, MarkFile(path), clock, clock.corrected(lambda: NOW))  # as the session builds it
    run(qtbot, marks.ready())
    return marks


def test_marks_survive_a_restart_per_organization_and_stream(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "data" / "marks.json"
    first = service(qtbot, path)
    with qtbot.waitSignal(first.marksChanged) as changed:
        mark_in = first.add("s1", MarkKind.IN)
    assert changed.args == ["s1"] and mark_in is not None and mark_in.at == int(NOW.timestamp())
    mark_out = first.add("s1", MarkKind.OUT)
    assert mark_out is not None
    first.nudge("s1", mark_out.id, 90)
    first.rename("s1", mark_in.id, "Teacher starts")
    first.add("s2", MarkKind.IN)
    saved(qtbot, first)
    other = service(qtbot, path, org="org-b")
    other.add("s1", MarkKind.OUT)  # another organization, same stream id
    saved(qtbot, other)
    again = service(qtbot, path)  # a new instance reading the same file, as after a restart
    assert again.load_problem is None
    assert [(m.name, m.at - int(NOW.timestamp())) for m in again.marks("s1")] == [
        ("Teacher starts", 0), ("Out 1", 90)]
    assert len(again.marks("s2")) == 1
    assert [m.kind for m in service(qtbot, path, org="org-b").marks("s1")] == [MarkKind.OUT]
    again.delete("s2", again.marks("s2")[0].id)
    saved(qtbot, again)
    assert service(qtbot, path).marks("s2") == []
    assert [p.name for p in path.parent.iterdir()] == ["marks.json"]  # no temporary file left behind


def test_marks_are_taken_on_the_servers_clock(qtbot: QtBot, tmp_path: Path) -> None:
    marks = service(qtbot, tmp_path / "marks.json", skew_s=120)  # this machine is 120 s behind
    mark = marks.add("s1", MarkKind.IN)
    assert mark is not None and mark.at == int(NOW.timestamp()) + 120


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", json.dumps({"version": 9}).encode(),
                                     json.dumps({"version": 1, "marks": {"o": {"s": [{"id": 1}]}}}).encode()])
def test_a_corrupt_file_is_reported_and_set_aside(qtbot: QtBot, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "marks.json"
    path.write_bytes(content)
    marks = service(qtbot, path)
    assert marks.load_problem is not None and "set aside as marks.json.unreadable-" in marks.load_problem
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("marks.json.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content  # nothing lost
    assert marks.marks("s1") == []
    marks.add("s1", MarkKind.IN)  # and marks go on in a fresh file
    saved(qtbot, marks)
    assert len(service(qtbot, path).marks("s1")) == 1


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_write_failure_keeps_the_marks_for_the_session(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    marks = service(qtbot, folder / "marks.json")
    folder.chmod(0o500)
    try:
        with qtbot.waitSignal(marks.problem) as problem:
            mark = marks.add("s1", MarkKind.IN)
        assert "could not be saved" in problem.args[0]
        assert mark is not None and marks.marks("s1") == [mark]
    finally:
        folder.chmod(0o700)


# -- the file: off the loop, coalesced, merged, durable, pruned (issue 12 review, item 4) ----------
class CountingFile(MarkFile):
    """The real file, counting its writes and the threads they ran on."""

    def __init__(self, path: Path, **kwargs: int) -> None:
        super().__init__(path, **kwargs)
        self.threads: list[int] = []

    def write(self, changes: dict[tuple[str, str], list[Mark]], now: datetime) -> str | None:
        self.threads.append(threading.get_ident())
        return super().write(changes, now)


def counting(qtbot: QtBot, path: Path, org: str = "org-a", **kwargs: int) -> tuple[MarksService, CountingFile]:
    file = CountingFile(path, **kwargs)
    marks = MarksService(org, file, ServerClock(), lambda: NOW)
    run(qtbot, marks.ready())
    return marks, file


def on_disk(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["marks"]
    return data


def test_writes_run_off_the_event_loop_coalesced_with_the_last_state_winning(
        qtbot: QtBot, tmp_path: Path) -> None:
    marks, file = counting(qtbot, tmp_path / "marks.json")
    mark = marks.add("s1", MarkKind.IN)
    assert mark is not None
    for _ in range(30):  # a burst of nudges: one write runs, the rest join the next one
        marks.nudge("s1", mark.id, 1)
    saved(qtbot, marks)
    assert file.threads and threading.get_ident() not in file.threads
    assert len(file.threads) < 10
    assert [m["at"] for m in on_disk(file.path)["org-a"]["s1"]] == [mark.at + 30]


def test_two_instances_merge_instead_of_overwriting_each_others_marks(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "marks.json"
    first, second = service(qtbot, path), service(qtbot, path)  # both started before either wrote
    first.add("s1", MarkKind.IN)
    saved(qtbot, first)
    second.add("s2", MarkKind.OUT)
    saved(qtbot, second)
    first.add("s1", MarkKind.OUT)
    saved(qtbot, first)
    again = service(qtbot, path)
    assert [m.kind for m in again.marks("s1")] == [MarkKind.IN, MarkKind.OUT]
    assert [m.kind for m in again.marks("s2")] == [MarkKind.OUT]


def test_the_data_is_fsynced_before_the_rename(qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    marks = service(qtbot, tmp_path / "marks.json")
    marks.add("s1", MarkKind.IN)
    saved(qtbot, marks)
    assert events[:2] == ["fsync", "replace"]


def test_old_streams_are_pruned_and_a_full_file_drops_its_oldest_streams_not_everything(
        qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "marks.json"
    day = 86_400
    now = int(NOW.timestamp())
    streams = {f"s{i:03}": [{"id": f"m{i}", "kind": "in", "at": now - i * 3600, "name": "x" * 60}]
               for i in range(200)}  # s000 newest … s199 eight days old
    streams["ancient"] = [{"id": "old", "kind": "in", "at": now - 40 * day, "name": "long ago"}]
    path.write_text(json.dumps({"version": 1, "marks": {"org-a": streams}}), encoding="utf-8")
    limit = 10_000  # far below the file's size: ~150 streams must go
    marks, _file = counting(qtbot, path, max_bytes=limit)
    assert marks.load_problem is None and len(marks.marks("s199")) == 1  # read whole, not set aside
    marks.add("s199", MarkKind.OUT)  # the oldest stream, but just changed: kept
    saved(qtbot, marks)
    kept = on_disk(path)["org-a"]
    assert path.stat().st_size <= limit
    assert "ancient" not in kept and "s199" in kept and "s000" in kept and "s150" not in kept
    newest_gone = max(int(name[1:]) for name in streams if name != "ancient" and name not in kept)
    assert all(int(name[1:]) < newest_gone for name in kept if name != "s199")  # oldest went first
    assert [p.name for p in tmp_path.iterdir()] == ["marks.json"]  # nothing set aside


def test_the_file_is_read_off_the_loop_and_a_mark_taken_meanwhile_is_kept(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "marks.json"
    first = service(qtbot, path)
    first.add("s1", MarkKind.IN)
    saved(qtbot, first)
    readers: list[int] = []

    class Watched(MarkFile):
        def load(self, now: datetime) -> tuple[dict[str, dict[str, list[Mark]]], str | None]:
            readers.append(threading.get_ident())
            return super().load(now)

    marks = MarksService("org-a", Watched(path), ServerClock(), lambda: NOW)
    taken = marks.add("s2", MarkKind.OUT)  # before the file was read
    with qtbot.waitSignal(marks.marksChanged):
        run(qtbot, marks.ready())
    assert readers and threading.get_ident() not in readers
    assert len(marks.marks("s1")) == 1 and marks.marks("s2") == [taken]
    saved(qtbot, marks)
    assert len(service(qtbot, path).marks("s1")) == 1 and len(service(qtbot, path).marks("s2")) == 1
