"""Trim-job answers: parsed strictly enough to trust, tolerantly enough to survive the server."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.models import PayloadError
from tpsdesk.domain.trim_job import (
    TrimJobStatus,
    parse_iso,
    parse_revert_accepted,
    parse_trim_accepted,
    parse_trim_job,
)

CONTRACT = {"id": 7, "start_time": 30, "end_time": 500, "status": 1, "status_display": "Pending",
            "created": "2025-10-09T14:23:20.512000+05:30", "modified": "2025-10-09T14:23:21+05:30"}


def test_the_contracts_example() -> None:
    job = parse_trim_job(CONTRACT)
    assert (job.id, job.start_time, job.end_time) == ("7", 30, 500)
    assert job.status is TrimJobStatus.PENDING and job.label == "Pending" and job.running and not job.done
    assert job.created is not None and job.created.utcoffset() == timedelta(hours=5, minutes=30)
    assert job.created.hour == 14 and job.modified is not None and job.modified > job.created


@pytest.mark.parametrize(("status", "display", "kind", "label"), [
    (2, "Processing", TrimJobStatus.PROCESSING, "Processing"),
    (3, "COMPLETED", TrimJobStatus.COMPLETED, "Completed"),
    (4, None, TrimJobStatus.FAILED, "Failed"),  # the number alone
    ("2", None, TrimJobStatus.PROCESSING, "Processing"),
    ("Failed", None, TrimJobStatus.FAILED, "Failed"),
    (9, "Queued for GPU", TrimJobStatus.UNKNOWN, "Queued for GPU"),  # kept as it came
    (9, None, TrimJobStatus.UNKNOWN, "9"),
    (None, None, TrimJobStatus.UNKNOWN, "(no status)"),
])
def test_status_from_display_text_then_number(status: object, display: object, kind: TrimJobStatus,
                                              label: str) -> None:
    job = parse_trim_job({**CONTRACT, "status": status, "status_display": display})
    assert (job.status, job.label) == (kind, label)


def test_odd_times_and_numbers_become_unknowns_not_errors() -> None:
    job = parse_trim_job({"id": None, "start_time": "30", "end_time": 12.5, "created": "yesterday",
                          "modified": "2025-10-09T14:23:21"})  # a naive time is not trusted
    assert (job.id, job.start_time, job.end_time, job.created, job.modified) == ("", 30, None, None, None)
    assert parse_iso("2025-10-09T08:53:20Z") is not None


def test_answers_to_trim_and_revert() -> None:
    accepted = parse_trim_accepted({"message": "Trim job created successfully.", "trim_job_id": 12,
                                    "status": "Pending"})
    assert (accepted.message, accepted.job_id, accepted.status_text) == (
        "Trim job created successfully.", "12", "Pending")
    revert = parse_revert_accepted({"message": "ok", "task_id": "b2c4"})
    assert (revert.message, revert.task_id) == ("ok", "b2c4")
    for parse in (parse_trim_job, parse_trim_accepted, parse_revert_accepted):
        with pytest.raises(PayloadError):
            parse([1, 2])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FIELDS = st.sampled_from(["id", "start_time", "end_time", "status", "status_display", "created", "modified",
                          "message", "trim_job_id", "task_id"])


@settings(max_examples=60, deadline=None)
@given(st.one_of(JSON, st.dictionaries(FIELDS, JSON, max_size=8)))
def test_fuzz_any_json_parses_or_raises_payload_error(data: object) -> None:
    for parse in (parse_trim_job, parse_trim_accepted, parse_revert_accepted):
        with contextlib.suppress(PayloadError):
            parse(data)


@given(st.text(max_size=70))
def test_fuzz_iso_times_never_raise(text: str) -> None:
    when = parse_iso(text)
    assert when is None or when.tzinfo is not None
