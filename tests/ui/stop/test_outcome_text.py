"""The stop's words (pure): every state has a headline, and "Not stopped" only ever comes from NOT_STOPPED."""

from __future__ import annotations

import pytest

from tests.support.deliveries import payload
from tpsdesk.domain.models import StopResult, parse_asset
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.stop import StopCheck, StopOutcome
from tpsdesk.services.stop_tracker import StopRecord, StopState
from tpsdesk.ui.stop.outcome_text import Tone, describe

LIVE = parse_asset(payload("a", "Streaming"))
ENDED = parse_asset(payload("a", "Completed", 4))


def record(state: StopState, **extra: object) -> StopRecord:
    return StopRecord("a", "Class <b>1</b>", None, "no trim", state, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize("state", list(StopState))
def test_every_state_has_words_and_only_not_stopped_says_not_stopped(state: StopState) -> None:
    text = describe(record(state, report=ErrorReport("Stop refused", "because", status=400),
                           answer=StopResult("Live stream stopped successfully", False, "{}")
                           if state in (StopState.STOPPED, StopState.DONE) else None,
                           final_status="Completed"), LIVE, remaining_s=3.2)
    assert text.headline
    assert ("Not stopped" in text.headline) == (state is StopState.NOT_STOPPED)
    if state is StopState.COUNTDOWN:
        assert "in 4 s" in text.headline and "Nothing has been sent" in text.lines[0]


def test_unknown_says_it_may_have_gone_through_and_when_it_checks_next() -> None:
    check = StopCheck("a", LIVE, None, waited_s=14.2, next_in_s=16.0)
    text = describe(record(StopState.UNKNOWN, report=ErrorReport("Stop answer lost", "No answer in 15 s"),
                           check=check, following=True), LIVE)
    assert text.tone is Tone.UNKNOWN and text.busy
    joined = "\n".join(text.lines)
    assert "may have gone through" in joined and "not be resent" in joined
    assert "still reads “Streaming” after 14 s; next check in 16 s" in joined


def test_unknown_after_every_read_back_failed_is_still_unknown() -> None:
    outcome = StopOutcome("a", False, None, "", settled=False, waited_s=300)
    text = describe(record(StopState.UNKNOWN, report=ErrorReport("Stop answer lost", "x"), outcome=outcome), None)
    assert text.headline.startswith("Outcome unknown") and "failed for 5 min" in "\n".join(text.lines)


def test_an_internal_error_is_never_called_a_refusal() -> None:
    report = ErrorReport("Internal error", "Something went wrong inside tpsdesk (TypeError)", internal=True)
    text = describe(record(StopState.UNKNOWN, report=report), LIVE)
    assert "internal error" in text.headline and "refused" not in text.headline.lower()


def test_a_refusal_quotes_the_server_once() -> None:
    words = "End time cannot exceed the recording duration (95 s)."
    report = ErrorReport("Stop refused", f"The server refused: {words}", field_errors={"end_time": [words]}, status=400)
    text = describe(record(StopState.REFUSED, report=report), LIVE)
    assert "\n".join(text.lines).count(words) == 1 and "still live" in text.lines[-1]
    assert describe(record(StopState.REFUSED, report=report), ENDED).lines[-1] != text.lines[-1]
