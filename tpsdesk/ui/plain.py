"""Server text is data: shown exactly as written, never interpreted as markup (issue 9, item 11).

QLabel and tooltips guess ("AutoText", ``Qt.mightBeRichText``): a title such as
``<b>bold?</b>`` would be shown bold with its tags gone. Labels that show
server text are set to plain text (``plain_label``); a tooltip has no format
setting, so text that looks like markup is turned into the HTML that renders it
literally (``plain_tooltip``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as TextQt  # mightBeRichText and convertFromPlainText live in QtGui's Qt
from PySide6.QtWidgets import QLabel


def plain_label(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    return TextQt.convertFromPlainText(text) if TextQt.mightBeRichText(text) else text


# Bidi embeddings/overrides/isolates: an unpaired U+202E in a title reverses the text *after*
# it ("Stop “title‮”?" reads "?”title"), so they are removed from server text and each title is
# wrapped in its own isolate instead (FSI … PDI), which also keeps a right-to-left title's
# direction from reordering the words around it.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029")
FSI, PDI = "\u2068", "\u2069"


def _is_control(c: str) -> bool:
    code = ord(c)
    return code < 0x20 or 0x7F <= code <= 0x9F or c in _BIDI_CONTROLS


def one_line(text: str) -> str:
    """Server text as one line of visible text: line breaks become spaces; bidi and other
    control characters (C0, C1, U+202A–U+202E, U+2066–U+2069) are removed."""
    if text.isprintable():
        return text
    return "".join(" " if c in _LINE_BREAKS else "" if _is_control(c) else c for c in text)


def isolated(text: str) -> str:
    """A server-chosen name (a title, an organization) inside a sentence of ours: its own
    direction cannot reorder the sentence, and no control in it reaches the sentence."""
    return f"{FSI}{one_line(text)}{PDI}"


def quoted(text: str) -> str:
    """``isolated`` between quotation marks: “title”."""
    return f"“{isolated(text)}”"
