"""Redaction: no secret survives, whatever the position; everything else is kept."""

from __future__ import annotations

import json
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.redact import REDACTED, is_secret_key, redact_body, redact_json, redact_text, truncate

SECRET_KEYS = ["token", "password", "secret_token", "stream_key", "Authorization", "x-streams-token",
               "auth_token", "api_key"]
# Secrets are drawn from an alphabet the rest of the document never uses, so finding one in
# the output can only mean it leaked (and "[redacted]" cannot spell one by accident).
secrets = st.text(alphabet=string.ascii_uppercase + "#%@!~", min_size=6, max_size=24)
plain_text = st.text(alphabet=string.ascii_lowercase + " -_./:", max_size=20)
plain_keys = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8).filter(lambda k: not is_secret_key(k))


def documents_with(secret_values: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Nested JSON where some keys are secret ones, each holding a secret value (or a structure of them)."""
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), plain_text)
    secret_leaf = st.one_of(secret_values, st.lists(secret_values, min_size=1, max_size=3),
                            st.dictionaries(plain_keys, secret_values, min_size=1, max_size=2))

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.lists(children, max_size=4),
            st.builds(lambda plain, hidden: {**plain, **hidden},
                      st.dictionaries(plain_keys, children, max_size=4),
                      st.dictionaries(st.sampled_from(SECRET_KEYS), secret_leaf, max_size=2)))

    return st.recursive(leaves, extend, max_leaves=20)


@settings(max_examples=100, deadline=None)
@given(documents_with(secrets))
def test_no_value_under_a_secret_key_survives_at_any_depth(document: Any) -> None:
    values: list[str] = []

    def collect(node: Any, under_secret: bool) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                collect(item, under_secret or is_secret_key(key))
        elif isinstance(node, list):
            for item in node:
                collect(item, under_secret)
        elif under_secret and isinstance(node, str):
            values.append(node)

    collect(document, False)
    out = redact_body(json.dumps(document))
    for value in values:
        assert value not in out


@settings(max_examples=60, deadline=None)
@given(st.lists(secrets, min_size=1, max_size=3), st.data())
def test_a_known_secret_is_cut_out_of_any_string_keys_included(known: list[str], data: st.DataObject) -> None:
    # The known secrets now sit anywhere: as plain values, inside longer strings, as keys.
    carrier = st.one_of(st.sampled_from(known), st.builds(lambda a, s, b: a + s + b, plain_text,
                                                          st.sampled_from(known), plain_text))
    document = data.draw(st.recursive(
        st.one_of(plain_text, carrier, st.integers()),
        lambda children: st.one_of(st.lists(children, max_size=3),
                                   st.dictionaries(st.one_of(plain_keys, carrier), children, max_size=3)),
        max_leaves=12))
    out = json.dumps(redact_json(document, known), ensure_ascii=False)
    for secret in known:
        assert secret not in out


@given(st.lists(secrets, min_size=1, max_size=3), plain_text)
def test_known_secrets_leave_plain_text_too(known: list[str], text: str) -> None:
    body = f"<html><p>{text} {' '.join(known)}</p></html>"
    out = redact_body(body.encode(), known)
    assert all(secret not in out for secret in known)
    assert text.strip() in out


def test_structure_and_harmless_values_are_kept() -> None:
    body = {"url": "https://hooks.example/x", "secret_token": "s3cr3t-value", "id": 7,
            "live_stream": {"status": "Streaming", "stream_key": "org-a-live-b-KEY1", "stream_key_none": None,
                            "rtmp_url": "rtmp://203.0.113.4/live/org-a-live-b-KEY1"},
            "trim_scheduled": True, "trim_job_id": "job-1"}
    out = json.loads(redact_body(json.dumps(body)))
    assert out["secret_token"] == REDACTED and out["url"] == body["url"] and out["id"] == 7
    assert out["live_stream"]["stream_key"] == REDACTED and out["live_stream"]["status"] == "Streaming"
    assert out["live_stream"]["rtmp_url"] == f"rtmp://203.0.113.4/live/{REDACTED}"
    assert out["trim_scheduled"] is True and out["trim_job_id"] == "job-1"


def test_an_empty_secret_field_stays_visibly_empty() -> None:
    assert redact_json({"stream_key": None, "token": ""}) == {"stream_key": None, "token": ""}


def test_text_pairs_and_authorization_headers_are_cut() -> None:
    text = 'password=hunter22&user=me token: "abc123def" Authorization: Token deadbeef99 stream_key=k-9'
    out = redact_text(text)
    for secret in ("hunter22", "abc123def", "deadbeef99", "k-9"):
        assert secret not in out
    assert "user=me" in out


def test_a_bare_rtmp_address_keeps_its_application() -> None:
    assert redact_text("rtmp://203.0.113.4/live") == "rtmp://203.0.113.4/live"


def test_truncation_comes_after_redaction_and_says_so() -> None:
    secret = "Z" * 40
    body = json.dumps({"items": ["x" * 50] * 10, "token": secret})
    out = redact_body(body, limit=100)
    assert secret not in out and "truncated" in out and len(out) < 200
    assert truncate("short") == "short"


def test_the_receivers_unguessable_path_is_cut() -> None:
    body = {"url": "https://tunnel.example/tpsdesk/hooks/Qw3_rty-UIop45asdfGH", "id": 3}
    assert json.loads(redact_body(json.dumps(body)))["url"] == f"https://tunnel.example/tpsdesk/hooks/{REDACTED}"


def test_absurdly_deep_json_is_kept_as_text_not_a_crash() -> None:
    # A broken or hostile server can nest far deeper than Python's recursion limit.
    deep = "[" * 100_000 + "]" * 100_000
    for body in (deep, '{"token": "Z1Z2Z3Z4", "items": ' + deep + "}", '{"a": ' * 5000 + "1" + "}" * 5000):
        out = redact_body(body)
        assert "truncated" in out and "Z1Z2Z3Z4" not in out


def test_hostile_text_is_redacted_in_linear_time() -> None:
    import time

    started = time.perf_counter()
    for text in ("a" * 200_000, "password=" * 50_000, 'token: "' + "a" * 200_000, "rtmp://" + "h" * 200_000):
        redact_body(text)
    # A hang detector, not a timing claim: quadratic patterns took minutes here, linear ones ~0.1 s.
    assert time.perf_counter() - started < 20.0
    assert "Z" * 9 not in redact_text('password: "' + "Z" * 9000 + '"')  # a value too long for the pattern
