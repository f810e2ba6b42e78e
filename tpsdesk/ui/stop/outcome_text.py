"""The words for a stop's record: a headline, a tone and a few lines (display only).

Everything a person reads about a stop comes from here, computed from the
tracker's state and facts; nothing decides behaviour from these words, so
they can be reworded freely.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from tpsdesk.domain.models import Asset
from tpsdesk.services.stop_tracker import StopRecord, StopState
from tpsdesk.ui.plain import quoted


class Tone(Enum):
    PENDING = ("◷", "#b7791f")  # U+25F7: in the common fonts, unlike the hourglass emoji
    BUSY = ("◷", "#3b6fb6")
    GOOD = ("✔", "#1f8a4c")
    BAD = ("✖", "#c0392b")
    UNKNOWN = ("?", "#b7791f")
    NEUTRAL = ("ℹ", "#3b6fb6")

    @property
    def icon(self) -> str:
        return self.value[0]

    @property
    def colour(self) -> str:
        return self.value[1]


@dataclass(frozen=True, slots=True)
class OutcomeText:
    tone: Tone
    headline: str
    lines: tuple[str, ...]
    busy: bool  # something is still running (show a progress hint)


def _seconds(value: float) -> str:
    value = max(0.0, value)
    if value < 90:
        return f"{value:.0f} s"
    return f"{value / 60:.0f} min"


def _trim_line(record: StopRecord) -> str:
    if record.answer is None:
        return "Whether a trim was scheduled is unknown (the stop's answer was lost)."
    scheduled = "yes" if record.answer.trim_scheduled else "no"
    return f"Trim scheduled: {scheduled} (asked: {record.trim_text})."


def _field_lines(record: StopRecord) -> list[str]:
    report = record.report
    if report is None:
        return []
    lines = [report.message] if report.message else []
    for name, messages in report.field_errors.items():
        text = " ".join(messages)
        if text and text not in report.message:  # the message may already quote them: once is enough
            lines.append(f"• {name.replace('_', ' ')}: {text}")
    return lines


def _unknown_lines(record: StopRecord, asset: Asset | None) -> list[str]:
    lines = [record.report.message] if record.report and record.report.message else []
    lines.append("The stop may have gone through. It will not be resent.")
    check = record.check
    if record.following:
        if check is None:
            lines.append("Reading the stream back…")
        else:
            if check.asset is not None:
                seen = f"still reads “{check.asset.status.label}” after {_seconds(check.waited_s)}"
            else:
                problem = check.problem.message if check.problem else "no answer"
                seen = f"could not be read after {_seconds(check.waited_s)} ({problem})"
            then = (f"; next check in {_seconds(check.next_in_s)}" if check.next_in_s is not None
                    else "; last check")
            lines.append(f"Following the stream: it {seen}{then}.")
    elif record.outcome is not None:
        lines.append(f"Reading the stream back failed for {_seconds(record.outcome.waited_s)}. "
                     "Check the stream before stopping again.")
    return lines


def _recording_line(record: StopRecord) -> str:
    if record.state is not StopState.DONE:
        return "Following the recording until it is ready…"
    if record.final_status == "Error":
        return "The recording failed: it ended in Error."
    return f"The recording is {record.final_status}."


def describe(record: StopRecord, asset: Asset | None, *, remaining_s: float = 0.0) -> OutcomeText:
    state, title = record.state, record.title
    again = ("Sent again while the first stop's outcome was unknown, as you confirmed."
             if record.after_unknown else None)
    if state is StopState.COUNTDOWN:
        return OutcomeText(Tone.PENDING, f"Stopping {quoted(title)} in {math.ceil(remaining_s)} s",
                           ("Nothing has been sent yet: Undo (Esc) keeps the stream live, "
                            "Stop now sends at once.",), True)
    if state is StopState.SENDING:
        lines = ["Request sent; waiting for the server."] + ([again] if again else [])
        return OutcomeText(Tone.BUSY, f"Stopping {quoted(title)}…", tuple(lines), True)
    if state in (StopState.STOPPED, StopState.DONE) and record.answer is not None:
        headline = record.answer.message or "Stopped (the server sent no message)"
        return OutcomeText(Tone.GOOD, headline, (_recording_line(record), _trim_line(record)),
                           state is StopState.STOPPED)
    if state in (StopState.CONFIRMED_STOPPED, StopState.DONE):
        now = asset.status.label if asset is not None else "stopped"
        return OutcomeText(Tone.GOOD, "Stopped (confirmed by reading back)",
                           (f"The stop's answer was lost, but the stream now reads “{now}”.",
                            _recording_line(record), _trim_line(record)), state is StopState.CONFIRMED_STOPPED)
    if state is StopState.REFUSED:
        lines = _field_lines(record)
        if asset is not None and asset.status.can_stop:
            lines.append("The stream is still live: adjust the trim and stop again.")
        title_text = record.report.title if record.report else "Stop refused"
        return OutcomeText(Tone.BAD, title_text, tuple(lines), False)
    if state is StopState.NOT_SENT:
        internal = record.report is not None and record.report.internal
        lines = [*_field_lines(record), "Nothing reached the server; the stream is as it was."]
        return OutcomeText(Tone.BAD, "Internal error: stop not sent" if internal else "Stop not sent",
                           tuple(lines), False)
    if state is StopState.UNKNOWN:
        cause = ("internal error" if record.report and record.report.internal
                 else record.report.title if record.report else "the answer was lost")
        return OutcomeText(Tone.UNKNOWN, f"Outcome unknown: {cause}", tuple(_unknown_lines(record, asset)),
                           record.following)
    if state is StopState.NOT_STOPPED:
        waited = record.outcome.waited_s if record.outcome else 0.0
        label = asset.status.label if asset is not None else "live"
        return OutcomeText(Tone.BAD, "Not stopped",
                           (f"The stop's answer was lost and the stream still reads “{label}” after "
                            f"{_seconds(waited)} of checking. Nothing was resent; you can stop it again.",
                            "If the server ends it later, this changes."), False)
    if record.ended_elsewhere:
        return OutcomeText(Tone.NEUTRAL, "Not sent: the stream had already ended",
                           ("It ended during the countdown, so there was nothing left to stop.",), False)
    return OutcomeText(Tone.NEUTRAL, "Stop undone", ("Nothing was sent; the stream is as it was.",), False)
