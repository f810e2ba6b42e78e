"""The selected stream: status, times, ingest and playback links."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from tpsdesk.domain.models import Asset, StatusKind
from tpsdesk.domain.timedisplay import localise, on_this_computer, show_datetime
from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.trim import ElapsedReading
from tpsdesk.ui.plain import isolated, plain_label, plain_tooltip
from tpsdesk.ui.widgets.copy_field import CopyField
from tpsdesk.ui.widgets.status_style import badge_stylesheet


def _ingest_placeholder(kind: StatusKind) -> str:
    """What an empty RTMP URL / stream key means, by status (the server fills them once it is up)."""
    if kind is StatusKind.NOT_STARTED:
        return "appears when the server is up"
    if kind in (StatusKind.STOPPED, StatusKind.RECORDING, StatusKind.COMPLETED, StatusKind.ERROR):
        return "none: the stream has ended"
    return "not sent by the server"


class StreamDetailsPanel(QWidget):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Selected stream")
        self._ingest_placeholder = ""
        self._asset: Asset | None = None
        self._last_known = False  # the server is not answering: the elapsed time is its last answer's
        self._doubt: str | None = None  # why the elapsed time cannot be trusted (a wrong zone)
        self._title = plain_label(QLabel(self))  # titles are data, never markup
        self._title.setObjectName("streamTitle")
        self._title.setWordWrap(True)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._badge = plain_label(QLabel(self))  # an unknown status is shown as the server sent it
        self._badge.setObjectName("statusBadge")
        self._badge.setAccessibleName("Stream status")
        self._elapsed = QLabel(self)
        self._elapsed.setObjectName("elapsedBig")
        self._elapsed.setAccessibleName("Elapsed time")
        self._elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        header = QHBoxLayout()
        header.addWidget(self._badge, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self._title, 1)
        header.addWidget(self._elapsed)

        self._start = plain_label(QLabel(self))
        self._start.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._asset_id = plain_label(QLabel(self))
        self._asset_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rtmp = CopyField("RTMP URL", parent=self)
        self.stream_key = CopyField("stream key", secret=True, parent=self)
        self.hls = CopyField("HLS URL", openable=True, parent=self)
        self.chat = CopyField("chat link", openable=True, parent=self)
        for field in (self.rtmp, self.stream_key, self.hls, self.chat):
            field.copied.connect(self.copied)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Started", self._start)
        form.addRow("Stream id", self._asset_id)
        form.addRow("RTMP URL", self.rtmp)
        form.addRow("Stream key", self.stream_key)
        form.addRow("HLS", self.hls)
        form.addRow("Chat", self.chat)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(form)
        self.show_asset(None, None, None)

    @property
    def asset(self) -> Asset | None:
        return self._asset

    def show_asset(self, asset: Asset | None, elapsed: ElapsedReading | None, server_tz: tzinfo | None) -> None:
        previous_id = self._asset.id if self._asset else None
        self._asset = asset
        if asset is None:
            self._title.setText("No stream selected")
            self._badge.setText("")
            self._badge.setStyleSheet("")
            self._start.setText("—")
            self._asset_id.setText("—")
            for field in (self.rtmp, self.stream_key, self.hls, self.chat):
                field.set_value("")
            self.set_elapsed(None)
            return
        live = asset.live_stream
        self._title.setText(isolated(asset.title))
        self._title.setToolTip(plain_tooltip(isolated(asset.title)))
        self._badge.setText(f" {asset.status.label} ")
        self._badge.setStyleSheet(badge_stylesheet(asset.status.kind))
        self._badge.setToolTip(plain_tooltip(f"The server says “{asset.status.raw}”") if asset.status.raw else "")
        self._asset_id.setText(asset.id)
        self._start.setToolTip("")
        if live is None:
            self._start.setText("— (not a live stream)")
        elif live.start is not None and server_tz is not None:
            moment = localise(live.start, server_tz)  # one zone everywhere, labelled; ours on hover
            self._start.setText(show_datetime(moment, server_tz))
            self._start.setToolTip(on_this_computer(moment))
        elif live.start is not None:
            self._start.setText(f"{live.start:%Y-%m-%d %H:%M:%S} (server time)")
        else:
            self._start.setText(live.start_problem or "not given by the server")
        waiting = _ingest_placeholder(asset.status.kind)
        if live is not None and (asset.id != previous_id or self.rtmp.value() != live.rtmp_url
                                 or self.stream_key.value() != (live.stream_key or "")
                                 or self._ingest_placeholder != waiting):
            self._ingest_placeholder = waiting
            self.rtmp.set_value(live.rtmp_url, placeholder=waiting)
            self.stream_key.set_value(live.stream_key, placeholder=waiting)
        if live is not None:
            if self.hls.value() != (live.hls_url or ""):
                self.hls.set_value(live.hls_url)
            if self.chat.value() != (live.chat_embed_url or ""):
                self.chat.set_value(live.chat_embed_url)
        self.set_elapsed(elapsed)

    def setLastKnown(self, last_known: bool) -> None:
        """The server is not answering: the elapsed time shown is marked "last seen", greyed."""
        self._last_known = last_known
        self._elapsed.setEnabled(not last_known)

    def setElapsedDoubt(self, reason: str | None) -> None:
        self._doubt = reason

    def set_elapsed(self, reading: ElapsedReading | None) -> None:
        if reading is not None and self._doubt:
            reading = ElapsedReading(None, self._doubt)
        if reading is None or self._asset is None or not self._asset.status.is_live:
            self._elapsed.setText("")
            self._elapsed.setToolTip("")
        elif reading.usable and reading.seconds is not None and self._last_known:
            self._elapsed.setText(f"last seen {format_hms(reading.seconds)}")
            self._elapsed.setToolTip("The elapsed time when the server last answered; "
                                     "whether the stream is still live is not known")
        elif reading.usable and reading.seconds is not None:
            self._elapsed.setText(format_hms(reading.seconds))
            self._elapsed.setToolTip("Time since the stream started")
        else:
            self._elapsed.setText("⚠ ??:??:??")
            self._elapsed.setToolTip(reading.problem or "")

    def elapsed_text(self) -> str:
        return self._elapsed.text()
