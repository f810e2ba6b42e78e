"""The recording's journey after a stop: Stopped → Recording → Completed (or Error).

Each step shows when this app first saw it and from which source; below
come the video's progress, the playback URL, whether a trim was scheduled
and the server's ``activities`` as a timeline. ``journey_steps`` is the pure
part (which step is done, current, waiting), so it is tested without widgets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, tzinfo
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from tpsdesk.domain.models import Asset, StatusKind, StreamStatus
from tpsdesk.domain.status_order import stages_after
from tpsdesk.domain.timedisplay import localise, on_this_computer, show_clock, show_datetime
from tpsdesk.status.book import StatusStep
from tpsdesk.ui.widgets.copy_field import CopyField
from tpsdesk.ui.widgets.status_style import badge_stylesheet, status_style

_ORDER = (StatusKind.STOPPED, StatusKind.RECORDING, StatusKind.COMPLETED)


class StepState(Enum):
    DONE = "done"
    CURRENT = "current"
    WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class JourneyStep:
    kind: StatusKind
    state: StepState
    seen: StatusStep | None  # when (and how) this app first saw the status; None if it never did


def journey_steps(current: StatusKind, history: list[StatusStep]) -> list[JourneyStep]:
    first: dict[StatusKind, StatusStep] = {}
    for step in history:
        first.setdefault(step.status.kind, step)
    rank = stages_after(StatusKind.STOPPED, current)  # 0 Stopped, 1 Recording, 2 Completed/Error
    rank = -1 if rank is None or rank < 0 else rank
    steps = []
    for index, kind in enumerate(_ORDER):
        if index == 2 and current is StatusKind.ERROR:
            kind = StatusKind.ERROR
        elif current is StatusKind.ERROR and kind not in first:
            steps.append(JourneyStep(kind, StepState.WAITING, None))  # never reached before the error
            continue
        if index < rank or (index == rank and index == 2):
            state = StepState.DONE
        elif index == rank:
            state = StepState.CURRENT
        else:
            state = StepState.WAITING
        steps.append(JourneyStep(kind, state, first.get(kind)))
    return steps


class _StepChip(QLabel):
    def show_step(self, step: JourneyStep, tz: tzinfo) -> None:
        icon = {StepState.DONE: "✔", StepState.CURRENT: "●", StepState.WAITING: "○"}[step.state]
        if step.kind is StatusKind.ERROR:
            icon = "✖"
        if step.seen is not None:
            # One zone everywhere: the server's, labelled; this computer's on hover.
            when = f"{show_clock(step.seen.at, tz)} · {step.seen.source.value}"
            self.setToolTip(on_this_computer(step.seen.at))
        elif step.state is StepState.DONE:
            when = "passed, not seen"
        else:
            when = "waiting"
        self.setText(f"<b>{icon} {step.kind.value}</b><br><span style='font-size:small'>{when}</span>")
        if step.state is StepState.WAITING:
            self.setStyleSheet("QLabel { color: palette(mid); border: 1px dashed palette(mid); "
                               "border-radius: 9px; padding: 4px 10px; }")
        else:
            self.setStyleSheet(badge_stylesheet(step.kind).replace("padding: 1px 8px", "padding: 4px 10px")
                               .replace("font-weight: 600;", "font-weight: 400;"))
        self.setAccessibleName(f"{step.kind.value}: {when}")


class JourneyView(QWidget):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Recording journey")
        self._chips = [_StepChip(self) for _ in _ORDER]
        steps_row = QHBoxLayout()
        steps_row.setSpacing(6)
        for i, chip in enumerate(self._chips):
            chip.setTextFormat(Qt.TextFormat.RichText)
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            chip.setWordWrap(True)  # three chips side by side must fit a narrow panel
            if i:
                arrow = QLabel("→", self)
                arrow.setObjectName("muted")
                steps_row.addWidget(arrow)
            steps_row.addWidget(chip, 1)

        self.video_label = QLabel(self)
        self.video_label.setAccessibleName("Video status")
        self.video_progress = QProgressBar(self)
        self.video_progress.setRange(0, 100)
        self.video_progress.setMaximumHeight(14)
        self.video_progress.setAccessibleName("Video progress")
        video_row = QHBoxLayout()
        video_row.addWidget(self.video_label)
        video_row.addWidget(self.video_progress, 1)
        self.playback = CopyField("playback URL", openable=True, parent=self)
        self.playback.copied.connect(self.copied)
        self.trim_label = QLabel(self)
        self.trim_label.setAccessibleName("Trim scheduled")
        self.trim_label.setWordWrap(True)  # "— asked epoch 1796005141 – 1796005381" is long
        self.timeline = QLabel(self)
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        self.timeline.setWordWrap(True)
        self.timeline.setAccessibleName("Activity timeline")
        self.timeline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow("Video", video_row)
        form.addRow("Playback", self.playback)
        form.addRow("Trim", self.trim_label)
        form.addRow("Activity", self.timeline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(steps_row)
        layout.addLayout(form)
        self.steps: list[JourneyStep] = []
        self._placeholder = ""
        self._tz: tzinfo = UTC

    def setServerTimeZone(self, tz: tzinfo) -> None:
        self._tz = tz

    def show_journey(self, asset: Asset, history: list[StatusStep], *, trim_scheduled: bool | None,
                     trim_text: str = "") -> None:
        self.steps = journey_steps(asset.status.kind, history)
        for chip, step in zip(self._chips, self.steps, strict=True):
            chip.show_step(step, self._tz)
        self._show_video(asset)
        # Only a Completed recording plays: a URL left in an errored asset's video would not.
        completed = asset.status.kind is StatusKind.COMPLETED
        url = asset.video.playback_url if asset.video is not None and completed else None
        placeholder = ("none: the recording ended in Error" if asset.status.kind is StatusKind.ERROR
                       else "appears when the recording is Completed")
        if self.playback.value() != (url or "") or self._placeholder != placeholder:
            self.playback.set_value(url, placeholder=placeholder)
            self._placeholder = placeholder
        if trim_scheduled is None:
            self.trim_label.setText("unknown (the stop's answer was not seen)")
        else:
            asked = f" — asked {trim_text}" if trim_text and trim_text != "no trim" else ""
            self.trim_label.setText(("scheduled; applied after transcoding" if trim_scheduled
                                     else "none") + asked)
        self._show_timeline(asset)

    def _show_video(self, asset: Asset) -> None:
        video = asset.video
        if video is None or not video.status:
            waiting = "not transcoded yet" if not asset.status.is_final else "no video information"
            self.video_label.setText(f"<span style='color:palette(mid)'>{waiting}</span>")
            self.video_progress.setVisible(False)
            return
        self.video_label.setText(html.escape(video.status))
        self.video_progress.setVisible(video.progress is not None)
        if video.progress is not None:
            self.video_progress.setValue(int(max(0.0, min(100.0, video.progress))))

    def _show_timeline(self, asset: Asset) -> None:
        activities = asset.live_stream.activities if asset.live_stream is not None else None
        if not activities:
            self.timeline.setText("<span style='color:palette(mid)'>the server sent no activity list</span>")
            return
        rows, hover = [], []
        for activity in activities:
            colour = status_style(_kind_of(activity.status)).light.marker
            if activity.timestamp is not None:  # the server's minute, shown like every other time
                moment = localise(activity.timestamp, self._tz)
                when = show_datetime(moment, self._tz, seconds=False)
                hover.append(f"{when} = {on_this_computer(moment)} (the server wrote “{activity.raw_timestamp}”)")
            else:
                when = activity.raw_timestamp or "?"
            rows.append(f"<tr><td style='color:{colour}'>●</td>"
                        f"<td style='padding:0 8px'>{html.escape(when)}</td>"
                        f"<td>{html.escape(activity.status)}</td></tr>")
        self.timeline.setText("<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>")
        self.timeline.setToolTip(html.escape("\n".join(hover)).replace("\n", "<br>") if hover else "")

    def step_texts(self) -> list[str]:
        return [chip.accessibleName() for chip in self._chips]


def _kind_of(text: str) -> StatusKind:
    return StreamStatus.parse(text).kind
