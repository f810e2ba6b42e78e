"""Requests → actions and outcomes, from the path and the answer alone."""

from __future__ import annotations

import pytest

from tpsdesk.journal.classify import classify, describe_trim, note_for, outcome_of
from tpsdesk.journal.entries import Action, Outcome


@pytest.mark.parametrize(("method", "path", "action", "stream"), [
    ("POST", "/api/auth/login/", Action.SIGN_IN, ""),
    ("POST", "/api/auth/logout/", Action.SIGN_OUT, ""),
    ("POST", "/api/v1/org1/assets/A1/stop_live_stream/", Action.STOP, "A1"),
    ("POST", "/api/v1/org1/assets/A1/trim/", Action.TRIM, "A1"),
    ("POST", "/api/v1/org1/assets/A1/trim/revert/", Action.REVERT, "A1"),
    ("POST", "/api/v1/org1/webhooks/", Action.WEBHOOK_REGISTER, ""),
    ("PUT", "/api/v1/org1/webhooks/7/", Action.WEBHOOK_REGISTER, ""),
    ("DELETE", "/api/v1/org1/webhooks/7/", Action.WEBHOOK_REMOVE, ""),
    ("DELETE", "/api/v1/org1/assets/A1/", Action.OTHER, ""),
    ("POST", "/api/v1/org1/assets/A1/start_server/", Action.OTHER, ""),
])
def test_paths_name_the_action(method: str, path: str, action: Action, stream: str) -> None:
    kind = classify(method, path)
    assert (kind.action, kind.stream_id) == (action, stream)
    if path.startswith("/api/v1/"):
        assert kind.organization == "org1"


@pytest.mark.parametrize(("action", "status", "error", "outcome"), [
    (Action.STOP, 200, "", Outcome.OK),
    (Action.STOP, 400, "", Outcome.REFUSED),
    (Action.STOP, 401, "", Outcome.REFUSED),
    (Action.STOP, 502, "", Outcome.UNKNOWN),
    (Action.TRIM, 503, "", Outcome.UNKNOWN),
    (Action.WEBHOOK_REGISTER, 500, "", Outcome.FAILED),
    (Action.STOP, None, "no answer", Outcome.UNKNOWN),
    (Action.STOP, None, "connection lost", Outcome.UNKNOWN),
    (Action.SIGN_OUT, None, "not sent", Outcome.NOT_SENT),
    (Action.SIGN_IN, 302, "", Outcome.FAILED),
])
def test_answers_name_the_outcome(action: Action, status: int | None, error: str, outcome: Outcome) -> None:
    assert outcome_of(action, status, error) is outcome


def test_trims_are_described_in_the_units_they_were_sent_in() -> None:
    assert describe_trim('{"start_time": 30, "end_time": 120}') == "trim 00:00:30–00:02:00"
    assert describe_trim('{"start_time": 1764490000, "end_time": 1764493600}') == (
        "trim 2025-11-30 08:06:40 UTC–2025-11-30 09:06:40 UTC")
    assert describe_trim("") == "" and describe_trim("<html>") == "" and describe_trim('{"url": 1}') == ""
    assert note_for(Action.STOP, 200, "", "") == "no trim"
    assert note_for(Action.STOP, None, "no answer", "") == "no trim; no answer: it may have been applied"
    assert note_for(Action.SIGN_OUT, None, "not sent", "") == "not sent: nothing reached the server"


def test_quoted_ids_are_decoded_back_to_the_id() -> None:
    """Paths carry each id as one percent-quoted segment (httpapi/paths.py); the journal names the id."""
    found = classify("POST", "/api/v1/my%2Forg/assets/a%2F..%2F%23b/stop_live_stream/")
    assert (found.action, found.organization, found.stream_id) == (Action.STOP, "my/org", "a/../#b")
    assert classify("GET", "/api/v1/my%20org/assets/").organization == "my org"
