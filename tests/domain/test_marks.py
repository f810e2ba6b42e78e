"""Live marks, pure: pairing, edits, the file format, and the stop's plan from a pair."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.domain.marks import (
    Mark,
    MarkKind,
    MarksFileError,
    marks_file,
    new_mark,
    nudge,
    pair_positions,
    pairs,
    parse_marks_file,
    plan_from_marks,
    rename,
)
from tpsdesk.domain.trim import Trim, TrimPlan, TrimUnit

T = 1_760_000_000
IN, OUT = MarkKind.IN, MarkKind.OUT


def m(kind: MarkKind, at: int, name: str = "") -> Mark:
    return Mark(f"{kind.value}{at}", kind, at, name or f"{kind.label}@{at}")


def test_new_marks_are_numbered_per_kind() -> None:
    first = new_mark(IN, T, [])
    second = new_mark(IN, T + 5, [first])
    out = new_mark(OUT, T + 9, [first, second])
    assert (first.name, second.name, out.name) == ("In 1", "In 2", "Out 1")
    assert len({first.id, second.id, out.id}) == 3


def test_pairs_take_each_in_with_the_next_out() -> None:
    marks = [m(OUT, T), m(IN, T + 10), m(IN, T + 20), m(OUT, T + 30), m(OUT, T + 40), m(IN, T + 50),
             m(OUT, T + 90), m(IN, T + 95)]
    found = [(p.mark_in.at - T, p.mark_out.at - T) for p in pairs(reversed(marks))]
    assert found == [(20, 30), (50, 90)]  # a lone out, a superseded in and a trailing in pair with nothing


def test_nudge_and_rename() -> None:
    mark = m(IN, T, "In 1")
    assert nudge(mark, -10).at == T - 10 and nudge(mark, 1).at == T + 1
    assert rename(mark, "  Teacher   starts ").name == "Teacher starts"
    assert rename(mark, "   ").name == "In 1"  # an empty name keeps the old one
    assert len(rename(mark, "x" * 500).name) == 80


def test_the_file_round_trips() -> None:
    table = {"org-a": {"s1": [m(IN, T, "Start"), m(OUT, T + 60, "End")], "s2": []}, "org-b": {}}
    data = marks_file(table)
    assert data == {"version": 1, "marks": {"org-a": {"s1": [
        {"id": f"in{T}", "kind": "in", "at": T, "name": "Start"},
        {"id": f"out{T + 60}", "kind": "out", "at": T + 60, "name": "End"}]}}}
    assert parse_marks_file(data) == {"org-a": {"s1": table["org-a"]["s1"]}}


@pytest.mark.parametrize("data", [
    None, [], {"version": 2, "marks": {}}, {"version": 1}, {"version": 1, "marks": []},
    {"version": 1, "marks": {"o": []}}, {"version": 1, "marks": {"o": {"s": {}}}},
    {"version": 1, "marks": {"o": {"s": [{"id": "a", "kind": "middle", "at": T, "name": "x"}]}}},
    {"version": 1, "marks": {"o": {"s": [{"id": "a", "kind": "in", "at": 30, "name": "x"}]}}},
    {"version": 1, "marks": {"o": {"s": [{"id": "a", "kind": "in", "at": True, "name": "x"}]}}},
    {"version": 1, "marks": {"o": {"s": [{"id": "", "kind": "in", "at": T, "name": "x"}]}}},
    {"version": 1, "marks": {"o": {"s": [{"id": "a", "kind": "in", "at": T, "name": 5}]}}},
])
def test_a_file_that_does_not_fit_is_refused(data: object) -> None:
    with pytest.raises(MarksFileError):
        parse_marks_file(data)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                    max_leaves=15)


@given(st.one_of(JSON, st.fixed_dictionaries({"version": st.just(1), "marks": JSON})))
def test_fuzz_the_file_parser_only_raises_marks_file_error(data: object) -> None:
    with contextlib.suppress(MarksFileError):
        parse_marks_file(data)


def test_the_stop_sends_the_pair_as_epoch_seconds_while_the_handles_sit_on_it() -> None:
    start = T - 3600
    pair = pairs([m(IN, T - 600, "Teacher starts"), m(OUT, T - 60, "Q&A over")])[0]
    positions = pair_positions(pair, start)  # the timeline runs on the server's clock, like the marks
    assert positions == (3000, 3540)
    relative = TrimPlan(Trim(*positions), "Keep …")
    plan = plan_from_marks(relative, pair, positions, start)
    assert plan.trim == Trim(T - 600, T - 60, TrimUnit.EPOCH)
    assert "Teacher starts" in plan.note and "Q&A over" in plan.note and "epoch" in plan.note
    moved = TrimPlan(Trim(positions[0], positions[1] - 1), "Keep …")  # a handle moved by hand
    assert plan_from_marks(moved, pair, positions, start) is moved
    no_trim = TrimPlan(None, "No trim")
    assert plan_from_marks(no_trim, pair, positions, start) is no_trim
