"""RangeSlider: the generic two-handle slider under the trim timeline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tpsdesk.ui.widgets.range_slider import RangeSlider

LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def make(qtbot: QtBot, values: tuple[int, int] = (30, 70), top: int = 100) -> RangeSlider:
    slider = RangeSlider()
    qtbot.addWidget(slider)
    slider.resize(420, slider.sizeHint().height())
    slider.setRange(0, top)
    slider.setValue(values)
    return slider


def recorder(slider: RangeSlider) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    slider.valuesChanged.connect(seen.append)
    return seen


def at(slider: RangeSlider, value: float, dx: float = 0) -> QPoint:
    return QPoint(round(slider.valueToX(value) + dx), slider.height() // 2)


def test_set_value_clamps_to_the_range_and_orders(qtbot: QtBot) -> None:
    slider = make(qtbot)
    slider.setValue((120, -5))
    assert slider.value() == (0, 100)
    slider.setValue((70, 30))
    assert slider.value() == (30, 70)
    slider.setValue((40, 40))  # code may put them together (a user may not)
    assert slider.value() == (40, 40)


def test_values_changed_once_per_real_change_whoever_makes_it(qtbot: QtBot) -> None:
    slider = make(qtbot)
    seen = recorder(slider)
    slider.setValue((30, 70))
    slider.setRange(0, 200)  # wider: the handles stay
    assert seen == []
    slider.setValue((10, 90))
    slider.setValue((10, 90))
    assert seen == [(10, 90)]
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Right)  # the current handle is the start
    assert seen == [(10, 90), (11, 90)]
    slider.setRange(0, 50)  # shrinking takes the end with it: one signal, the clamped values
    assert seen[2:] == [(11, 50)]


def test_a_shrinking_range_reclamps_both_handles(qtbot: QtBot) -> None:
    slider = make(qtbot)
    slider.setRange(0, 50)
    assert slider.value() == (30, 50)
    slider.setRange(0, 20)
    assert slider.value() == (20, 20)
    slider.setRange(60, 100)
    assert slider.value() == (60, 60)
    slider.setRange(0, 0)
    assert slider.value() == (0, 0) and slider.maximum() == 0


def test_keys_move_the_current_handle_and_keep_a_step_between_them(qtbot: QtBot) -> None:
    slider = make(qtbot, (40, 41))
    slider.setPageStep(10)
    assert slider.currentHandle() == 0
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() == (40, 41)  # the end is in the way
    QTest.keyClick(slider, Qt.Key.Key_PageDown)
    QTest.keyClick(slider, Qt.Key.Key_Left)
    assert slider.value() == (29, 41)
    slider.setCurrentHandle(1)
    QTest.keyClick(slider, Qt.Key.Key_Home)
    assert slider.value() == (29, 30)
    QTest.keyClick(slider, Qt.Key.Key_End)
    QTest.keyClick(slider, Qt.Key.Key_Up)
    assert slider.value() == (29, 100)
    slider.setValue((50, 50))  # placed together by code: neither can be keyed past the other
    QTest.keyClick(slider, Qt.Key.Key_Down)
    assert slider.value() == (50, 50)


def test_a_press_on_a_handle_grabs_it_where_it_is_and_a_drag_moves_it(qtbot: QtBot) -> None:
    slider = make(qtbot)
    seen = recorder(slider)
    with qtbot.waitSignal(slider.sliderPressed, timeout=500):
        QTest.mousePress(slider, LEFT, NO_MOD, at(slider, 70, dx=4))  # off the handle's centre
    assert seen == [] and slider.isSliderDown()
    assert slider.currentHandle() == 1 and slider.pressedHandle() == 1
    px_per_value = slider.valueToX(1) - slider.valueToX(0)
    QTest.mouseMove(slider, at(slider, 70, dx=4 + 10 * px_per_value))
    assert slider.value() == (30, 80)  # moved by the pointer's travel, not to the pointer
    with qtbot.waitSignal(slider.sliderReleased, timeout=500):
        QTest.mouseRelease(slider, LEFT, NO_MOD, at(slider, 80, dx=4))
    assert not slider.isSliderDown() and slider.pressedHandle() == -1


def test_a_drag_stops_a_step_before_the_other_handle_and_at_the_ends(qtbot: QtBot) -> None:
    slider = make(qtbot)
    QTest.mousePress(slider, LEFT, NO_MOD, at(slider, 30))
    QTest.mouseMove(slider, at(slider, 95))
    assert slider.value() == (69, 70)
    QTest.mouseMove(slider, QPoint(-50, slider.height() // 2))
    assert slider.value() == (0, 70)
    QTest.mouseRelease(slider, LEFT, NO_MOD, QPoint(-50, slider.height() // 2))


def test_a_press_on_the_band_moves_the_nearer_handle_there(qtbot: QtBot) -> None:
    cases = [(10, (10, 70), 0), (90, (30, 90), 1), (45, (45, 70), 0), (60, (30, 60), 1)]
    for value, expected, handle in cases:
        slider = make(qtbot)  # below the start, above the end, nearer the start, nearer the end
        QTest.mouseClick(slider, LEFT, NO_MOD, at(slider, value))
        assert (slider.value(), slider.currentHandle()) == (expected, handle), value
    slider = make(qtbot)
    QTest.mousePress(slider, LEFT, NO_MOD, at(slider, 10))
    QTest.mouseMove(slider, at(slider, 20))  # and it follows the pointer from there
    QTest.mouseRelease(slider, LEFT, NO_MOD, at(slider, 20))
    assert slider.value() == (20, 70)


def test_presses_with_another_button_are_left_alone(qtbot: QtBot) -> None:
    slider = make(qtbot)
    QTest.mouseClick(slider, Qt.MouseButton.RightButton, NO_MOD, at(slider, 10))
    pos = QPointF(at(slider, 10))
    both = QMouseEvent(QEvent.Type.MouseButtonPress, pos, slider.mapToGlobal(pos), LEFT,
                       LEFT | Qt.MouseButton.RightButton, NO_MOD)
    QApplication.sendEvent(slider, both)
    assert not both.isAccepted()
    assert slider.value() == (30, 70) and not slider.isSliderDown()


def test_an_empty_range_ignores_presses(qtbot: QtBot) -> None:
    slider = make(qtbot, (0, 0), top=0)
    QTest.mouseClick(slider, LEFT, NO_MOD, QPoint(slider.width() // 2, slider.height() // 2))
    assert slider.value() == (0, 0) and not slider.isSliderDown()


def test_disabled_mid_drag_lets_go(qtbot: QtBot) -> None:
    slider = make(qtbot)
    QTest.mousePress(slider, LEFT, NO_MOD, at(slider, 70))
    assert slider.isSliderDown()
    slider.setEnabled(False)
    assert not slider.isSliderDown() and slider.pressedHandle() == -1


def test_stacked_handles_give_the_one_that_can_move_towards_the_pointer(qtbot: QtBot) -> None:
    slider = make(qtbot, (100, 100))
    assert slider.handleAt(slider.valueToX(100)) == 0  # the end is at the maximum
    slider.setValue((0, 0))
    assert slider.handleAt(slider.valueToX(0) + 1) == 1
    assert slider.handleAt(slider.valueToX(50)) is None


def test_hover_follows_the_pointer(qtbot: QtBot) -> None:
    slider = make(qtbot)
    slider.show()
    qtbot.waitExposed(slider)
    QTest.mouseMove(slider, at(slider, 30))
    qtbot.waitUntil(lambda: slider.hoveredHandle() == 0, timeout=1000)
    QTest.mouseMove(slider, at(slider, 50))
    qtbot.waitUntil(lambda: slider.hoveredHandle() == -1, timeout=1000)


def test_accessibility_reads_and_sets_the_current_handle(qtbot: QtBot) -> None:
    slider = make(qtbot)
    iface = QAccessible.queryAccessibleInterface(slider)
    assert iface is not None and iface.role() == QAccessible.Role.Slider
    value = iface.valueInterface()
    assert (value.minimumValue(), value.maximumValue(), value.currentValue()) == (0, 100, 30)
    slider.setCurrentHandle(1)
    assert value.currentValue() == 70
    slider.setValue((30, 65))
    assert value.currentValue() == 65
    value.setCurrentValue(80)  # what an assistive tool does: moves the current handle
    assert slider.value() == (30, 80)
    value.setCurrentValue(10)  # not past the other handle
    assert slider.value() == (30, 31) and value.currentValue() == 31
    slider.setRange(0, 20)
    assert value.currentValue() == 20 == slider.value()[1]


def test_tab_goes_from_handle_to_handle_before_leaving(qtbot: QtBot) -> None:
    slider = make(qtbot)
    assert slider.currentHandle() == 0
    assert slider.focusNextPrevChild(True) and slider.currentHandle() == 1
    assert slider.focusNextPrevChild(False) and slider.currentHandle() == 0


def test_handle_geometry_follows_the_values(qtbot: QtBot) -> None:
    slider = make(qtbot, (0, 100))
    start, end = slider.handleRect(0), slider.handleRect(1)
    x0, x1 = slider.track()
    assert (start.center().x(), end.center().x()) == (x0, x1)
    assert start.left() >= 0 and end.right() <= slider.width()
    assert slider.xToValue(slider.valueToX(37)) == 37
    assert not slider.grab().isNull()
