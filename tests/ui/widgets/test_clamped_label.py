"""The stream title's label: at most two lines, the rest elided with the whole title on hover."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from tpsdesk.ui.widgets.clamped_label import ClampedLabel

LONG = "Class 12 Organic Chemistry — Reaction Mechanisms Concept Builder with a very long subtitle " * 2


def lines_of(label: ClampedLabel) -> int:
    metrics = label.fontMetrics()
    rect = metrics.boundingRect(QRect(0, 0, label.contentsRect().width(), 100_000),
                                int(Qt.TextFlag.TextWordWrap), label.text())
    return round(rect.height() / metrics.lineSpacing())


def test_a_long_title_is_two_lines_with_the_rest_on_hover(qtbot: QtBot) -> None:
    label = ClampedLabel(2)
    qtbot.addWidget(label)
    label.resize(300, 200)
    label.setFullText(LONG)
    assert label.text().endswith("…") and LONG.startswith(label.text()[:-1])
    assert lines_of(label) <= 2 and label.toolTip() and label.fullText() == LONG
    label.resize(2000, 200)  # wider: more of it shows, or all of it
    assert len(label.text()) > 40 and lines_of(label) <= 2


def test_a_short_title_is_shown_whole_and_as_plain_text(qtbot: QtBot) -> None:
    label = ClampedLabel(2)
    qtbot.addWidget(label)
    label.resize(300, 200)
    label.setFullText("<b>bold?</b>")
    assert label.text() == "<b>bold?</b>" and label.textFormat() is Qt.TextFormat.PlainText
    assert label.toolTip() == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), width=st.integers(min_value=30, max_value=600))
def test_any_text_fits_or_is_a_prefix_with_an_ellipsis(qtbot: QtBot, text: str, width: int) -> None:
    label = ClampedLabel(2)
    label.resize(width, 100)
    label.setFullText(text)
    shown = label.text()
    assert shown == text or (shown.endswith("…") and text.startswith(shown[:-1]))
    label.deleteLater()


def test_an_isolated_title_that_fits_two_lines_is_not_cut(qtbot: QtBot) -> None:
    """Direction marks around a title (ui/plain.py ``isolated``) make a line taller, not longer."""
    from tpsdesk.ui.plain import isolated

    label = ClampedLabel(2)
    qtbot.addWidget(label)
    label.resize(300, 200)
    title = "CBSE Boards Mathematics — Probability Live Doubt Session"
    label.setFullText(title)
    assert label.text() == title  # two lines at this width
    label.setFullText(isolated(title))
    assert label.text() == isolated(title)
