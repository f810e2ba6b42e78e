"""TimeField: commit on Enter, refusal with a reason, keys, bounds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tpsdesk.ui.widgets.time_field import TimeField


def make(qtbot: QtBot, maximum: int = 3600) -> TimeField:
    field = TimeField(maximum=maximum)
    qtbot.addWidget(field)
    return field


def test_commit_reformats_and_signals_only_on_change(qtbot: QtBot) -> None:
    field = make(qtbot)
    with qtbot.waitSignal(field.valueEdited, timeout=100) as blocker:
        field.setText("90")
        assert field.commit()
    assert blocker.args == [90] and field.text() == "00:01:30"
    with qtbot.assertNotEmitted(field.valueEdited):
        field.setText("1:30")
        assert field.commit()
        field.setValue(100)  # programmatic: silent


def test_refusal_keeps_value_and_half_typed_text_is_not_flagged(qtbot: QtBot) -> None:
    field = make(qtbot, maximum=600)
    field.setValue(30)
    field.selectAll()
    qtbot.keyClicks(field, "00:")
    assert field.error() is None  # not judged while typing
    assert not field.commit()
    error = field.error()
    assert error is not None and "not a time" in error and field.value() == 30
    qtbot.keyClicks(field, "05")  # fixed by typing: the red goes at once
    assert field.error() is None
    field.setText("2:00:00")
    assert not field.commit()
    assert "after the live edge 00:10:00" in (field.error() or "")
    field.setValue(30)
    assert field.error() is None and field.text() == "00:00:30"


def test_keys_step_and_clamp(qtbot: QtBot) -> None:
    field = make(qtbot, maximum=100)
    field.setValue(50)
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert field.value() == 40
    qtbot.keyClick(field, Qt.Key.Key_PageUp)
    assert field.value() == 100
    field.setMaximum(3600)
    field.setText("00:10:00")  # typed but not committed: keys start from the text
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.value() == 601
    field.setValue(0)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.value() == 0 and field.text() == "00:00:00"
