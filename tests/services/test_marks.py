"""Marks kept per organization and stream in a file that survives a restart; a bad file is set aside."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tpsdesk.domain.marks import MarkKind
from tpsdesk.domain.server_clock import ServerClock
from tpsdesk.services.marks import MarkFile, MarksService

NOW = datetime(2025, 10, 9, 8, 53, 20, tzinfo=UTC)


def service(path: Path, org: str = "org-a", skew_s: int = 0) -> MarksService:
    clock = ServerClock()
    server = NOW + timedelta(seconds=skew_s)
    clock.note(server.strftime("%a, %d %b %Y %H:%M:%S GMT"), NOW + timedelta(seconds=0.5))
    return MarksService(org, MarkFile(path), clock, clock.corrected(lambda: NOW))  # as the session builds it


def test_marks_survive_a_restart_per_organization_and_stream(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "data" / "marks.json"
    first = service(path)
    with qtbot.waitSignal(first.marksChanged) as changed:
        mark_in = first.add("s1", MarkKind.IN)
    assert changed.args == ["s1"] and mark_in is not None and mark_in.at == int(NOW.timestamp())
    mark_out = first.add("s1", MarkKind.OUT)
    assert mark_out is not None
    first.nudge("s1", mark_out.id, 90)
    first.rename("s1", mark_in.id, "Teacher starts")
    first.add("s2", MarkKind.IN)
    service(path, org="org-b").add("s1", MarkKind.OUT)  # another organization, same stream id
    again = service(path)  # a new instance reading the same file, as after a restart
    assert again.load_problem is None
    assert [(m.name, m.at - int(NOW.timestamp())) for m in again.marks("s1")] == [
        ("Teacher starts", 0), ("Out 1", 90)]
    assert len(again.marks("s2")) == 1
    assert [m.kind for m in service(path, org="org-b").marks("s1")] == [MarkKind.OUT]
    again.delete("s2", again.marks("s2")[0].id)
    assert service(path).marks("s2") == []
    assert [p.name for p in path.parent.iterdir()] == ["marks.json"]  # no temporary file left behind


def test_marks_are_taken_on_the_servers_clock(qtbot: QtBot, tmp_path: Path) -> None:
    marks = service(tmp_path / "marks.json", skew_s=120)  # this machine is 120 s behind
    mark = marks.add("s1", MarkKind.IN)
    assert mark is not None and mark.at == int(NOW.timestamp()) + 120


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", json.dumps({"version": 9}).encode(),
                                     json.dumps({"version": 1, "marks": {"o": {"s": [{"id": 1}]}}}).encode()])
def test_a_corrupt_file_is_reported_and_set_aside(qtbot: QtBot, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "marks.json"
    path.write_bytes(content)
    marks = service(path)
    assert marks.load_problem is not None and "set aside as marks.json.unreadable-" in marks.load_problem
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("marks.json.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content  # nothing lost
    assert marks.marks("s1") == []
    marks.add("s1", MarkKind.IN)  # and marks go on in a fresh file
    assert len(service(path).marks("s1")) == 1


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_write_failure_keeps_the_marks_for_the_session(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    marks = service(folder / "marks.json")
    folder.chmod(0o500)
    try:
        with qtbot.waitSignal(marks.problem) as problem:
            mark = marks.add("s1", MarkKind.IN)
        assert "could not be saved" in problem.args[0]
        assert mark is not None and marks.marks("s1") == [mark]
    finally:
        folder.chmod(0o700)
