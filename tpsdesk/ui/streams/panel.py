"""The selected stream: status, times, ingest and playback links.

Compact enough for a 1280×720 screen: the start and the id share a line, and the four
ingest/link rows fold under one toggle (closed unless opened; the choice is kept while
the app runs), so the trim and Stop below stay in view.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from tpsdesk.domain.models import Asset, StatusKind
from tpsdesk.domain.timedisplay import localise, on_this_computer, show_datetime
from tpsdesk.domain.timefmt import format_hms
from tpsdesk.domain.trim import ElapsedReading
from tpsdesk.ui.plain import isolated, plain_label, plain_tooltip
from tpsdesk.ui.staged_build import Parts
from tpsdesk.ui.widgets.clamped_label import ClampedLabel
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
        for _ in self._init_parts(parent):
            pass

    @classmethod
    def madeInParts(cls, parent: QWidget | None = None) -> Generator[None, None, StreamDetailsPanel]:
        """The panel made in two parts (~4 ms at once): ``panel = yield from StreamDetailsPanel.madeInParts()``.
        Between them it is half made: a hidden child of ``parent`` that nothing else refers to yet."""
        panel = cls.__new__(cls)
        yield from panel._init_parts(parent)
        return panel

    def _init_parts(self, parent: QWidget | None) -> Parts:
        super().__init__(parent)
        self.setAccessibleName("Selected stream")
        self._ingest_placeholder = ""
        self._asset: Asset | None = None
        self._last_known = False  # the server is not answering: the elapsed time is its last answer's
        self._doubt: str | None = None  # why the elapsed time cannot be trusted (a wrong zone)
        self._title = ClampedLabel(2, self)  # titles are data, never markup; two lines, the rest on hover
        self._title.setObjectName("streamTitle")
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
        self._start.setWordWrap(True)  # "not given by the server", a start problem: never wider than the panel
        self._asset_id = plain_label(QLabel(self))
        self._asset_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        id_label = QLabel("Stream id", self)
        id_label.setObjectName("muted")
        id_label.setBuddy(self._asset_id)
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self._start, 1)
        when.addWidget(id_label)
        when.addWidget(self._asset_id)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Started", when)
        yield

        # The ingest address, key and links: folded under one toggle to keep Stop in view.
        self.links_toggle = QToolButton(self)
        self.links_toggle.setCheckable(True)
        self.links_toggle.setAutoRaise(True)
        self.links_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.links_toggle.setText("Ingest and links")
        self.links_toggle.setAccessibleName("Show ingest and links")
        self.links_toggle.toggled.connect(self.setLinksShown)
        self._links = QWidget(self)  # the fields made in it: moving made widgets works their style out again
        self.rtmp = CopyField("RTMP URL", parent=self._links)
        self.stream_key = CopyField("stream key", secret=True, parent=self._links)
        self.hls = CopyField("HLS URL", openable=True, parent=self._links)
        self.chat = CopyField("chat link", openable=True, parent=self._links)
        for field in (self.rtmp, self.stream_key, self.hls, self.chat):
            field.copied.connect(self.copied)
        links = QFormLayout(self._links)
        links.setContentsMargins(0, 0, 0, 0)
        links.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        links.addRow("RTMP URL", self.rtmp)
        links.addRow("Stream key", self.stream_key)
        links.addRow("HLS", self.hls)
        links.addRow("Chat", self.chat)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(form)
        self._links_row = QHBoxLayout()
        self._links_row.setContentsMargins(0, 0, 0, 0)
        self._links_row.addWidget(self.links_toggle)
        self._links_row.addStretch(1)
        layout.addLayout(self._links_row)
        layout.addWidget(self._links)
        self.setLinksShown(False)
        self.show_asset(None, None, None)

    def addStatusWidget(self, widget: QWidget) -> None:
        """A short status line (where the status came from), on the links toggle's row to save a line."""
        # It takes the row's free width (its text changes every second: no relayout, never clipped).
        self._links_row.setStretch(1, 0)
        self._links_row.addWidget(widget, 1)
        if isinstance(widget, QLabel):
            widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def titleText(self) -> str:
        """The whole title (the label may show it shortened, with the rest on hover)."""
        return self._title.fullText()

    def linksShown(self) -> bool:
        return self.links_toggle.isChecked()

    def setLinksShown(self, shown: bool) -> None:
        """Unfold (or fold) the RTMP URL, stream key, HLS and chat rows."""
        if self.links_toggle.isChecked() != shown:
            self.links_toggle.setChecked(shown)  # comes back here through toggled
            return
        self._links.setVisible(shown)
        self.links_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.links_toggle.setAccessibleName("Hide ingest and links" if shown else "Show ingest and links")
        self.links_toggle.setToolTip("Hide the RTMP URL, stream key, HLS and chat rows" if shown else
                                     "Show the RTMP URL, stream key (hidden until you press Show), "
                                     "HLS and chat links, with Copy buttons")

    @property
    def asset(self) -> Asset | None:
        return self._asset

    def show_asset(self, asset: Asset | None, elapsed: ElapsedReading | None, server_tz: tzinfo | None) -> None:
        previous_id = self._asset.id if self._asset else None
        self._asset = asset
        if asset is None:
            self._title.setFullText("No stream selected")
            self._badge.setText("")
            self._badge.setStyleSheet("")
            self._start.setText("—")
            self._asset_id.setText("—")
            for field in (self.rtmp, self.stream_key, self.hls, self.chat):
                field.set_value("")
            self.set_elapsed(None)
            return
        live = asset.live_stream
        self._title.setFullText(isolated(asset.title))  # its tooltip (when shortened) is plain too
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
