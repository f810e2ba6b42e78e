"""Export: CSV and JSON round-trip to equal entries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.journal import export
from tpsdesk.journal.entries import Action, JournalEntry, Outcome

# NUL is the one character CSV cannot carry (export replaces it); every other one must survive.
text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=40)
entries = st.builds(
    JournalEntry,
    time=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    action=st.sampled_from(list(Action)), outcome=st.sampled_from(list(Outcome)),
    organization=text, profile=text, stream_id=text, stream_title=text, method=st.sampled_from(["", "POST"]),
    path=text, request_body=text, status=st.one_of(st.none(), st.integers(100, 599)), response_body=text,
    elapsed_ms=st.one_of(st.none(), st.integers(0, 10**7)), note=text,
    id=st.one_of(st.none(), st.integers(1, 10**9)))


@settings(max_examples=40, deadline=None)
@given(st.lists(entries, max_size=6))
def test_csv_round_trips(written: list[JournalEntry]) -> None:
    back = export.from_csv(export.to_csv(written))
    assert back == written
    assert [e.id for e in back] == [e.id for e in written]


@settings(max_examples=40, deadline=None)
@given(st.lists(entries, max_size=6))
def test_json_round_trips(written: list[JournalEntry]) -> None:
    back = export.from_json(export.to_json(written))
    assert back == written
    assert [e.id for e in back] == [e.id for e in written]


def test_nul_is_replaced_rather_than_breaking_the_csv() -> None:
    e = JournalEntry(time=datetime(2026, 1, 1, tzinfo=UTC), action=Action.STOP, outcome=Outcome.OK,
                     response_body="a\x00b")
    assert export.from_csv(export.to_csv([e]))[0].response_body == "a\ufffdb"


def test_a_foreign_file_is_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match="not a tpsdesk journal export"):
        export.from_json('{"entries": []}')
    with pytest.raises(ValueError, match="not a tpsdesk journal export"):
        export.from_csv("a,b\n1,2\n")
