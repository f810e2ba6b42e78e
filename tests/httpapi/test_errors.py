"""Every error body shape becomes plain words of the right type."""

from datetime import UTC, datetime

import pytest

from tpsdesk.httpapi.errors import (
    MAX_RETRY_AFTER_S,
    ApiError,
    AuthError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    ValidationError,
    error_from_response,
    parse_retry_after,
)

HTML_502 = b"""<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"""


def test_detail() -> None:
    error = error_from_response(401, b'{"detail": "Invalid token."}', content_type="application/json")
    assert isinstance(error, AuthError)
    assert "Invalid token." in error.message and error.server_text == "Invalid token."


def test_field_errors() -> None:
    body = b'{"end_time": ["End time exceeds the recording duration (120 s)."], "start_time": ["bad"]}'
    error = error_from_response(400, body, action="Stopping the stream")
    assert isinstance(error, ValidationError)
    assert error.field_errors["end_time"] == ["End time exceeds the recording duration (120 s)."]
    assert "end time: End time exceeds" in error.message
    assert error.message.startswith("Stopping the stream was refused (400).")


def test_non_field_errors() -> None:
    error = error_from_response(400, b'{"non_field_errors": ["start_time must be less than end_time."]}')
    assert isinstance(error, ValidationError)
    assert error.non_field_errors == ["start_time must be less than end_time."]
    assert "start_time must be less" in error.message


def test_html_502_page() -> None:
    error = error_from_response(502, HTML_502, content_type="text/html")
    assert isinstance(error, ServerError)
    assert "502 Bad Gateway" in error.message
    assert "<" not in error.message and "color:red" not in error.message


def test_plain_text_and_empty_bodies() -> None:
    assert "upstream timed out" in error_from_response(504, b"upstream timed out").message
    empty = error_from_response(500, b"")
    assert isinstance(empty, ServerError) and "(500)" in empty.message
    assert isinstance(error_from_response(404, b'{"detail": "Not found."}'), NotFoundError)
    assert isinstance(error_from_response(418, b"teapot"), ApiError)


def test_long_bodies_are_shortened() -> None:
    error = error_from_response(500, b"x" * 5000)
    assert len(error.message) < 600


def test_rate_limit_retry_after() -> None:
    error = error_from_response(429, b'{"detail": "Request was throttled."}', retry_after="3")
    assert isinstance(error, RateLimitedError) and error.retry_after == 3.0
    assert "Try again in 3 s" in error.message


def test_retry_after_http_date_and_caps() -> None:
    now = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 27 Nov 2026 12:00:10 GMT", now=now) == pytest.approx(10.0)
    assert parse_retry_after("999999") == MAX_RETRY_AFTER_S
    assert parse_retry_after("-5") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
