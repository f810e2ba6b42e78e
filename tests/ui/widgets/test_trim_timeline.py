"""TrimRangeSlider / TimelineAxis: mouse grabbing, mapping, painting, tooltips."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tpsdesk.domain.timeline import SegmentKind, Timeline, TimelineMarker, TimelineSegment
from tpsdesk.ui.widgets.trim_axis import TimelineAxis
from tpsdesk.ui.widgets.trim_style import FILLS
from tpsdesk.ui.widgets.trim_timeline import TrimRangeSlider

TIMELINE = Timeline(
    5400,
    (
        TimelineSegment(0, 250, SegmentKind.WAITING),
        TimelineSegment(250, 2460, SegmentKind.PUBLISHING),
        TimelineSegment(2460, 2550, SegmentKind.DROPPED),
        TimelineSegment(2550, None, SegmentKind.PUBLISHING),
    ),
    (TimelineMarker(3900, "Recording"),),
)


def make_slider(qtbot: QtBot, values: tuple[int, int] = (250, 5280)) -> TrimRangeSlider:
    slider = TrimRangeSlider()
    qtbot.addWidget(slider)
    slider.resize(780, slider.height())
    slider.setRange(0, 5400)
    slider.setValue(values)
    slider.setTimeline(TIMELINE)
    return slider


def test_handles_are_centred_on_the_band_ends_and_fit_with_their_focus_ring(qtbot: QtBot) -> None:
    slider = make_slider(qtbot)
    for index, value in enumerate(slider.values()):
        assert abs(slider.valueToX(value) - slider.handleRect(index).center().x()) <= 0.5
    slider.setValue((0, 5400))
    band = slider._band()
    start, end = slider.handleRect(0), slider.handleRect(1)
    assert (start.center().x(), end.center().x()) == (band.left(), band.right())
    assert start.center().y() == end.center().y() == band.center().y()
    ring = 3 + 1.5  # drawn 3 px around a handle with a 3 px pen
    assert start.left() - ring >= 0 and end.right() + ring <= slider.width()


def test_press_on_handle_grabs_without_jumping_and_drag_moves(qtbot: QtBot) -> None:
    slider = make_slider(qtbot, (1000, 4000))
    x = round(slider.valueToX(4000)) + 3  # a little off the handle's centre
    y = slider.height() // 2
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
    assert slider.values() == (1000, 4000)
    assert slider.currentHandle() == 1 and slider.isSliderDown()
    QTest.mouseMove(slider, QPoint(x - 100, y))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x - 100, y))
    start, end = slider.values()
    assert start == 1000 and 3100 < end < 3400
    # Pressing the start handle selects it for the keyboard.
    sx = round(slider.valueToX(1000))
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(sx, y))
    assert slider.currentHandle() == 0 and slider.values()[0] == 1000


def test_band_is_painted_with_activity_colours(qtbot: QtBot) -> None:
    slider = make_slider(qtbot, (0, 5400))
    slider.setKeptHighlight(False)
    image = slider.grab().toImage()
    y = slider.height() // 2
    green = QColor(image.pixel(round(slider.valueToX(1200)), y))
    assert green == FILLS[SegmentKind.PUBLISHING]
    assert QColor(image.pixel(round(slider.valueToX(120)), y)) == FILLS[SegmentKind.WAITING]


def test_tooltip_texts(qtbot: QtBot) -> None:
    slider = make_slider(qtbot, (250, 5000))
    assert slider.describeAt(slider.valueToX(250)) == "Start of the kept part: 00:04:10"
    assert slider.describeAt(slider.valueToX(3900)) == "Recording at about 01:05:00"
    seg = slider.describeAt(slider.valueToX(2500))
    assert seg is not None and seg.startswith("Encoder dropped")
    live = slider.describeAt(slider.valueToX(5400))
    assert live is not None and live.startswith("Live edge")
    slider.setTimeline(None)
    assert slider.describeAt(slider.valueToX(1500)) is None


def test_stacked_handles_grab_the_one_that_can_move(qtbot: QtBot) -> None:
    slider = make_slider(qtbot, (5399, 5400))
    assert slider.handleAt(slider.valueToX(5400)) == 0
    slider.setValue((0, 1))
    assert slider.handleAt(slider.valueToX(0) + 1) == 1


def test_axis_ticks_leave_room_and_paint(qtbot: QtBot) -> None:
    slider = make_slider(qtbot)
    axis = TimelineAxis(slider)
    qtbot.addWidget(axis)
    axis.resize(slider.width(), axis.height())
    assert axis.tickStep() == 600  # 10 min labels for 1.5 h on ~780 px
    assert not axis.grab().isNull()
    slider.setRange(0, 0)
    assert axis.tickStep() >= 1 and not axis.grab().isNull()
    slider.setLive(False)
    slider.setRange(0, 40)
    assert not axis.grab().isNull()


def test_unhandled_keys_and_the_wheel_are_left_alone(qtbot: QtBot) -> None:
    slider = make_slider(qtbot, (1000, 2000))
    QTest.keyClick(slider, Qt.Key.Key_A)
    centre = QPointF(slider.valueToX(1500), slider.height() / 2)
    wheel = QWheelEvent(
        centre, slider.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(slider, wheel)
    assert not wheel.isAccepted()  # left for the page to scroll
    assert slider.values() == (1000, 2000)
