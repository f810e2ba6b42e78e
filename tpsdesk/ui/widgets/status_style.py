"""How each stream status looks: badge colours, markers and the painted pill.

One table of colours serves the painted badge in the stream list and the
style-sheet badge in the details panel, so a status reads the same everywhere.
Every status has a light and a dark variant; the text/fill pairs keep a WCAG
contrast of at least 4.5:1 (checked by the tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPalette, QPen

from tpsdesk.domain.models import StatusKind


class Marker(Enum):
    NONE = "none"
    DOT = "dot"  # publishing now
    RING = "ring"  # live but the encoder dropped: an empty dot


@dataclass(frozen=True, slots=True)
class BadgeColors:
    fill: str
    text: str
    border: str
    marker: str


@dataclass(frozen=True, slots=True)
class StatusStyle:
    light: BadgeColors
    dark: BadgeColors
    marker: Marker = Marker.NONE

    def colors(self, dark: bool) -> BadgeColors:
        return self.dark if dark else self.light


def _pair(light: tuple[str, str, str, str], dark: tuple[str, str, str, str]) -> tuple[BadgeColors, BadgeColors]:
    return BadgeColors(*light), BadgeColors(*dark)


# (fill, text, border, marker) for the light then the dark palette.
STATUS_STYLES: dict[StatusKind, StatusStyle] = {
    StatusKind.STREAMING: StatusStyle(
        *_pair(("#dcf5e3", "#0f5c27", "#8fd4a4", "#16a34a"), ("#173d24", "#a7f0bf", "#2f7a48", "#4ade80")),
        marker=Marker.DOT,
    ),
    StatusKind.DISCONNECTED: StatusStyle(
        *_pair(("#fff1d1", "#7a4a00", "#f0c36b", "#d97706"), ("#45320c", "#ffd98a", "#8a6418", "#fbbf24")),
        marker=Marker.RING,
    ),
    StatusKind.NOT_STARTED: StatusStyle(
        *_pair(("#e8ecf2", "#364152", "#c3ccd8", "#64748b"), ("#2a3340", "#d3dbe6", "#4a5668", "#94a3b8")),
    ),
    StatusKind.STOPPED: StatusStyle(
        *_pair(("#e0ebfd", "#1e4a94", "#a9c4f2", "#2563eb"), ("#1b2f52", "#bcd4fb", "#35558f", "#60a5fa")),
    ),
    StatusKind.RECORDING: StatusStyle(
        *_pair(("#e6e4fc", "#3a2f96", "#bcb5f2", "#5b4ee0"), ("#2a2652", "#cdc7fb", "#4a4291", "#a39afc")),
    ),
    StatusKind.COMPLETED: StatusStyle(
        *_pair(("#d9f2ef", "#0d5650", "#99d5cd", "#0d9488"), ("#153f3b", "#a6e7df", "#2c716a", "#2dd4bf")),
    ),
    StatusKind.ERROR: StatusStyle(
        *_pair(("#fde2e0", "#9b1c1c", "#f2a8a2", "#dc2626"), ("#4a1a1a", "#ffbcb5", "#8c3030", "#f87171")),
    ),
    StatusKind.UNKNOWN: StatusStyle(
        *_pair(("#eee6f7", "#553a75", "#cbb7e3", "#7e5aa8"), ("#372b47", "#dccbf2", "#65507f", "#c4a7e7")),
    ),
}


def status_style(kind: StatusKind) -> StatusStyle:
    return STATUS_STYLES.get(kind, STATUS_STYLES[StatusKind.UNKNOWN])


def is_dark(palette: QPalette) -> bool:
    """Dark when the background the badge sits on is dark."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def _app_is_dark() -> bool:
    app = QGuiApplication.instance()
    return isinstance(app, QGuiApplication) and is_dark(app.palette())


def badge_stylesheet(kind: StatusKind, dark: bool | None = None) -> str:
    """A QLabel style sheet for the badge (``dark`` defaults to the app palette)."""
    colors = status_style(kind).colors(_app_is_dark() if dark is None else dark)
    return (
        f"QLabel {{ background: {colors.fill}; color: {colors.text}; border: 1px solid {colors.border}; "
        "border-radius: 9px; padding: 1px 8px; font-weight: 600; }"
    )


# Geometry of the painted pill, in pixels.
_PAD_X = 8
_MARGIN_X = 6
_MARKER_D = 7.0
_MARKER_GAP = 5


def badge_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def badge_width(fm: QFontMetrics, label: str, kind: StatusKind) -> int:
    """Width of the pill plus its margins, for column sizing (``fm`` of :func:`badge_font`)."""
    marker = _MARKER_D + _MARKER_GAP if status_style(kind).marker is not Marker.NONE else 0
    return int(fm.horizontalAdvance(label) + 2 * _PAD_X + marker + 2 * _MARGIN_X + 1)


def paint_badge(
    painter: QPainter,
    rect: QRect,
    label: str,
    kind: StatusKind,
    palette: QPalette,
    *,
    selected: bool = False,
) -> None:
    """A rounded pill left-aligned in ``rect``; the text is elided when the column is narrow."""
    style = status_style(kind)
    colors = style.colors(is_dark(palette))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = badge_font(painter.font())
    painter.setFont(font)
    fm = QFontMetrics(font)
    has_marker = style.marker is not Marker.NONE
    marker_w = _MARKER_D + _MARKER_GAP if has_marker else 0.0
    height = min(float(fm.height() + 4), float(rect.height() - 2))
    room = rect.width() - 2 * _MARGIN_X - 2 * _PAD_X - marker_w
    text = fm.elidedText(label, Qt.TextElideMode.ElideRight, max(0, int(room)))
    width = fm.horizontalAdvance(text) + 2 * _PAD_X + marker_w
    pill = QRectF(rect.left() + _MARGIN_X, rect.center().y() - height / 2 + 0.5, width, height)

    # On a selected row the border takes the highlight's text colour, so the pill stays outlined.
    border = palette.color(QPalette.ColorRole.HighlightedText) if selected else QColor(colors.border)
    painter.setPen(QPen(border, 1.0))
    painter.setBrush(QColor(colors.fill))
    painter.drawRoundedRect(pill.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)

    text_left = pill.left() + _PAD_X
    if has_marker:
        dot = QRectF(text_left, pill.center().y() - _MARKER_D / 2, _MARKER_D, _MARKER_D)
        if style.marker is Marker.DOT:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.marker))
        else:
            painter.setPen(QPen(QColor(colors.marker), 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            dot = dot.adjusted(0.8, 0.8, -0.8, -0.8)
        painter.drawEllipse(dot)
        text_left += marker_w
    painter.setPen(QColor(colors.text))
    painter.drawText(
        QRectF(text_left, pill.top(), pill.right() - _PAD_X - text_left + 1, pill.height()),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        text,
    )
    painter.restore()
