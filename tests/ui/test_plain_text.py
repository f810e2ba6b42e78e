"""Server text inside our sentences: one line, no bidi controls, isolated (pure, no widgets)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.ui.plain import FSI, PDI, isolated, one_line, quoted

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_an_override_at_the_end_of_a_title_cannot_reach_the_text_after_it() -> None:
    title = "line\u2028two\u202eevil"
    text = f"Stop {quoted(title)}?"
    assert text == f"Stop “{FSI}line twoevil{PDI}”?"


def test_line_breaks_become_spaces_and_controls_go() -> None:
    assert one_line("a\nb\r\nc\td\x1b[31me\x85f\x00") == "a b  c d[31me f"
    assert one_line("Physics — الفيزياء 12") == "Physics — الفيزياء 12"


@given(st.text())
def test_no_control_survives_and_the_isolate_is_balanced(text: str) -> None:
    shown = isolated(text)
    inner = shown[1:-1]
    assert shown[0] == FSI and shown[-1] == PDI
    assert not any(c in BIDI for c in inner)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in inner)
