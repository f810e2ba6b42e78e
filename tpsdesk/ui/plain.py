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
