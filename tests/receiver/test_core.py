"""The pure parts: token check, body parsing, polling tiers, journey steps, notifier decisions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.deliveries import body
from tpsdesk.domain.models import StatusKind, StreamStatus
from tpsdesk.receiver import DeliveryError, parse_delivery, token_matches
from tpsdesk.services.poller import PollTier, poll_tier
from tpsdesk.status.book import Source, StatusStep
from tpsdesk.ui.notifier import NoticeKind, decide
from tpsdesk.ui.stop.journey_view import StepState, journey_steps


def test_token_must_match_one_of_the_secrets() -> None:
    assert token_matches("abc", [b"abc"])
    assert token_matches("new", [b"old", b"new"])
    assert not token_matches("abd", [b"abc"])
    assert not token_matches(None, [b"abc"])
    assert not token_matches("", [b"abc"])
    assert not token_matches("abc", [])  # no secret configured: nothing gets in
    assert not token_matches("ab\udcff", [b"abc"])  # odd header bytes never raise


def test_parse_delivery_reads_a_live_stream_asset() -> None:
    asset = parse_delivery(body("x9", "COMPLETED"))
    assert asset.id == "x9" and asset.status.kind is StatusKind.COMPLETED


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe", b"[]", b'"text"', b'{"id": "a"}',
                                 b'{"id": "a", "live_stream": "Streaming"}', b'{"live_stream": {}}'])
def test_parse_delivery_refuses_what_is_not_a_live_stream(raw: bytes) -> None:
    with pytest.raises(DeliveryError):
        parse_delivery(raw)


def tier(**kw: object) -> PollTier:
    args: dict[str, object] = dict(enabled=True, final=False, followed=False, watched=False,
                                   webhook_age_s=None, webhook_fresh_s=60.0)
    args.update(kw)
    return poll_tier(**args)  # type: ignore[arg-type]


def test_polling_tiers() -> None:
    assert tier(followed=True) is PollTier.FAST
    assert tier(watched=True) is PollTier.FAST
    assert tier() is PollTier.LIST  # the rest ride on the list refresh
    assert tier(followed=True, webhook_age_s=5.0) is PollTier.RELAXED
    assert tier(followed=True, webhook_age_s=61.0) is PollTier.FAST  # webhooks went quiet
    assert tier(followed=True, final=True) is PollTier.PAUSED
    assert tier(followed=True, enabled=False) is PollTier.OFF


def step(kind: StatusKind, second: int) -> StatusStep:
    return StatusStep(StreamStatus.of(kind), datetime(2025, 10, 9, 10, 0, second, tzinfo=UTC), Source.WEBHOOK)


def test_journey_steps_follow_the_lifecycle() -> None:
    history = [step(StatusKind.STREAMING, 0), step(StatusKind.STOPPED, 1), step(StatusKind.RECORDING, 2)]
    steps = journey_steps(StatusKind.RECORDING, history)
    assert [s.state for s in steps] == [StepState.DONE, StepState.CURRENT, StepState.WAITING]
    assert steps[1].seen == history[2]
    done = journey_steps(StatusKind.COMPLETED, [*history, step(StatusKind.COMPLETED, 3)])
    assert [s.state for s in done] == [StepState.DONE] * 3
    # Polling may miss Recording entirely: the step is done but was never seen.
    skipped = journey_steps(StatusKind.COMPLETED, [history[1], step(StatusKind.COMPLETED, 9)])
    assert skipped[1].state is StepState.DONE and skipped[1].seen is None
    failed = journey_steps(StatusKind.ERROR, [history[1], step(StatusKind.ERROR, 4)])
    assert [s.kind for s in failed] == [StatusKind.STOPPED, StatusKind.RECORDING, StatusKind.ERROR]
    assert failed[1].state is StepState.WAITING and failed[2].state is StepState.DONE


def test_notifier_decisions() -> None:
    S = StatusKind
    assert decide(S.RECORDING, S.COMPLETED, stopped_by_user=True) is NoticeKind.COMPLETED
    assert decide(S.RECORDING, S.ERROR, stopped_by_user=True) is NoticeKind.ERROR
    assert decide(S.RECORDING, S.COMPLETED, stopped_by_user=False) is None  # not the user's stop
    assert decide(S.STREAMING, S.DISCONNECTED, stopped_by_user=False) is NoticeKind.DISCONNECTED
    assert decide(S.COMPLETED, S.COMPLETED, stopped_by_user=True) is None  # a repeat
    assert decide(None, S.DISCONNECTED, stopped_by_user=False) is None  # first sight
    assert decide(S.DISCONNECTED, S.STREAMING, stopped_by_user=False) is None
