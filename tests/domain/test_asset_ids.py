"""Ids from the network that no real server would send are refused where they are read.

An id with a line break, an escape sequence, a bidi override or 10,000 characters
would go into request paths, logs and the list: it is reported as an item problem
(the rest of the page survives), never silently kept (issue 10, hostile ids).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.hook_registration import parse_webhook_page
from tpsdesk.domain.models import MAX_ID_LENGTH, PayloadError, check_id, parse_asset, parse_asset_page
from tpsdesk.receiver.core import DeliveryError, parse_delivery

GOOD = {"id": "4PtERT9d9uK", "title": "Class", "live_stream": {"status": "Streaming"}}
BAD_IDS = ["a\nb", "a\rINFO forged", "\x1b[2Jx", "x\x00", "a\u202eb", "a\u2028b", "\x85x", "a\ud800",
           "x" * (MAX_ID_LENGTH + 1)]


def item(asset_id: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(GOOD)), "id": asset_id}


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_id_is_an_item_problem_and_the_page_survives(bad: str) -> None:
    page = parse_asset_page({"count": 2, "next": None, "previous": None, "results": [item(bad), GOOD]})
    assert [a.id for a in page.assets] == ["4PtERT9d9uK"]
    (problem,) = page.problems
    assert problem.index == 0 and "id" in problem.reason
    # The problem names the id in a form that is safe to show and log: one short printable line.
    assert problem.asset_id is not None and problem.asset_id.isprintable() and len(problem.asset_id) <= 80


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_id_is_refused_by_every_parser(bad: str) -> None:
    with pytest.raises(PayloadError):
        parse_asset(item(bad))
    with pytest.raises(DeliveryError):
        parse_delivery(json.dumps(item(bad)).encode("utf-8", "surrogatepass"))
    assert parse_webhook_page([{"id": bad, "url": "https://example.invalid/h"}]).registrations == ()


@pytest.mark.parametrize("fine", ["4PtERT9d9uK", "a#b", "x?y=1", "a/../b", "..", "é x", "x" * MAX_ID_LENGTH, 42])
def test_odd_but_harmless_ids_are_kept(fine: Any) -> None:
    assert parse_asset(item(fine)).id == str(fine)  # the path helper quotes them (httpapi/paths.py)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=MAX_ID_LENGTH + 20))
def test_check_id_keeps_printable_text_and_refuses_the_rest(value: str) -> None:
    refusable = not value or len(value) > MAX_ID_LENGTH or not value.isprintable()
    if refusable:
        with pytest.raises(PayloadError):
            check_id(value, "asset")
    else:
        assert check_id(value, "asset") == value
