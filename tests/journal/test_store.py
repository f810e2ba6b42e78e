"""The SQLite journal: schema, WAL, newest-first pages, filters that agree with ``matches``."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.journal.support import entry
from tpsdesk.journal.entries import Action, JournalEntry, JournalFilter, Outcome
from tpsdesk.journal.store import SCHEMA_VERSION, JournalError, JournalStore


def test_entries_come_back_newest_first_and_equal(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "j.sqlite3")
    written = [entry(i) for i in range(5)]
    ids = [store.append(e) for e in written]
    assert ids == sorted(ids)
    back = store.page(JournalFilter())
    assert back == list(reversed(written))
    assert [e.id for e in back] == list(reversed(ids))


def test_wal_mode_and_versioned_schema(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    JournalStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(JournalError, match="newer tpsdesk"):
        JournalStore(path)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_journal_is_readable_by_its_user_only(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    store = JournalStore(path)
    store.append(entry(1))
    for file in (path, Path(f"{path}-wal")):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    store.close()


def test_reopening_keeps_entries(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    store = JournalStore(path)
    store.append(entry(1))
    store.close()
    assert JournalStore(path).count() == 1


def test_pages_run_below_the_last_id(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "j.sqlite3")
    for i in range(25):
        store.append(entry(i))
    first = store.page(JournalFilter(), limit=10)
    second = store.page(JournalFilter(), before_id=first[-1].id, limit=10)
    third = store.page(JournalFilter(), before_id=second[-1].id, limit=10)
    assert [len(first), len(second), len(third)] == [10, 10, 5]
    assert len({e.id for e in first + second + third}) == 25
    assert len(list(store.iterate(JournalFilter(), batch=7))) == 25


def test_streams_are_listed_with_their_latest_title(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "j.sqlite3")
    store.append(entry(1, stream="a", title="Old"))
    store.append(entry(2, stream="b", title="Bee"))
    store.append(entry(3, stream="a", title="New"))
    store.append(replace(entry(4), stream_id="", stream_title=""))
    assert store.streams() == [("a", "New"), ("b", "Bee")]


def test_a_path_under_a_file_cannot_be_opened(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(JournalError):
        JournalStore(blocker / "journal.sqlite3")


def test_a_full_disk_is_a_journal_error(tmp_path: Path) -> None:
    store = JournalStore(tmp_path / "j.sqlite3", max_pages=12)
    big = replace(entry(0), response_body="x" * 20_000)
    with pytest.raises(JournalError, match="full"):
        for _ in range(50):
            store.append(big)


entries = st.builds(
    lambda n, action, outcome, stream, note: entry(n, action=action, outcome=outcome, stream=stream, note=note),
    st.integers(0, 1000), st.sampled_from(list(Action)), st.sampled_from(list(Outcome)),
    st.sampled_from(["s1", "s2", "s3"]), st.sampled_from(["", "trim 00:00:30", "Ünïcode NOTE", "no answer"]))
filters = st.builds(JournalFilter, st.sampled_from(["", "s1", "s2"]),
                    st.one_of(st.none(), st.sampled_from(list(Action))),
                    st.one_of(st.none(), st.sampled_from(list(Outcome))),
                    st.sampled_from(["", "note", "ünï", "S2", "trim", "algebra", "zzz"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(entries, max_size=15), filters)
def test_sql_filters_agree_with_matches(tmp_path_factory: pytest.TempPathFactory, written: list[JournalEntry],
                                        flt: JournalFilter) -> None:
    store = JournalStore(tmp_path_factory.mktemp("j") / "j.sqlite3")
    for e in written:
        store.append(e)
    expected = [e for e in reversed(written) if flt.matches(e)]
    assert store.page(flt, limit=100) == expected
    assert store.count(flt) == len(expected)
    store.close()
