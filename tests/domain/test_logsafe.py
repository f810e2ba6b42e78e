from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.domain.logsafe import printable


def test_line_breaks_and_control_characters_are_escaped() -> None:
    forged = "a1\n2026-11-30 01:00:00,000 INFO tpsdesk: forged\r\x1b[31m\x00\u2028"
    out = printable(forged)
    assert "\n" not in out and "\r" not in out and "\x1b" not in out and "\x00" not in out
    assert "\u2028" not in out and "\\n2026" in out


def test_plain_text_is_left_alone_and_long_text_cut() -> None:
    assert printable("Stream a1 — ünïcode") == "Stream a1 — ünïcode"
    assert printable("x" * 500, limit=20) == "x" * 19 + "…"
    assert printable(None) == "None" and printable(42) == "42"
    assert printable(b"\nbytes") == "\\nbytes"


@given(st.text())
def test_never_a_line_break_or_control_character(text: str) -> None:
    out = printable(text)
    assert out.isprintable() or all(c.isprintable() or c == " " for c in out)
    assert not any(c in out for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def test_the_app_formatter_keeps_every_record_on_lines_of_its_own() -> None:
    import logging

    from tpsdesk.domain.logsafe import LOG_FORMAT, OneLineFormatter

    formatter = OneLineFormatter(LOG_FORMAT)
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "got %s", ("a\n2026-01-01 INFO x: forged",), None)
    assert "\n" not in formatter.format(record)
    try:
        raise ValueError("boom\n2026-01-01 00:00:00,000 INFO tpsdesk: forged")
    except ValueError:
        import sys

        failed = logging.LogRecord("tpsdesk", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    lines = formatter.format(failed).splitlines()
    assert "Traceback" in lines[1] and all(line.startswith("    ") for line in lines[1:])
    assert not any(line.startswith("2026-01-01") for line in lines)
