"""One simulated live stream and its JSON rendering.

State is kept canonical (``"Streaming"``, epoch seconds); everything the
contract says may vary between server versions (status spelling, missing or
extra fields) is applied only when rendering, so a quirk can never change the
simulator's own behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from .timefmt import activity_stamp, naive
from .trim import Trim

NOT_STARTED = "Not Started"
STREAMING = "Streaming"
RECORDING = "Recording"
DISCONNECTED = "Disconnected"
STOPPED = "Stopped"
COMPLETED = "Completed"
ERROR = "Error"
STATUSES: tuple[str, ...] = (NOT_STARTED, STREAMING, RECORDING, DISCONNECTED, STOPPED, COMPLETED, ERROR)
# The docs also spell statuses as enum names; quirky assets use these.
UPPER: dict[str, str] = {s: s.upper().replace(" ", "_") for s in STATUSES}
_CANONICAL: dict[str, str] = {**{s: s for s in STATUSES}, **{u: s for s, u in UPPER.items()}}

# States a stop request may end; stopping anything else is "not running".
STOPPABLE = frozenset({NOT_STARTED, STREAMING, DISCONNECTED})

# Activity labels as the contract shows them.
ON_PUBLISH = "On Publish"
ON_PUBLISH_DONE = "On Publish Done"

OMITTABLE = ("activities", "latency", "enable_llhls", "parent")
MALFORMED_VARIANTS = ("live_stream_string", "title_number", "activities_string", "id_missing")

RTMP_URL = "rtmp://127.0.0.1/live"  # loopback: a demo must never point an encoder at a real host


def canonical_status(value: str) -> str:
    """``"Streaming"`` or ``"STREAMING"`` -> ``"Streaming"``; ValueError otherwise."""
    try:
        return _CANONICAL[value]
    except KeyError:
        raise ValueError(f"unknown status {value!r}; expected one of {', '.join(STATUSES)}") from None


@dataclass(slots=True)
class Quirks:
    upper_status: bool = False
    omit: frozenset[str] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)
    extra_live: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Stream:
    id: str
    title: str
    created: float
    status: str
    start: int | None  # the `start` field; None renders as null
    status_changed: float
    stream_key_suffix: str
    video_uuid: str
    streaming_since: int | None = None  # when the encoder first published
    server_ready: bool = False  # rtmp_url/stream_key are shown once the server is up
    provisioning: bool = False
    transcode_recorded_video: bool = True
    enable_drm_for_recording: bool = False
    enable_drm: bool = False
    enable_llhls: bool = False
    latency: str = "Normal Latency"
    resolutions: list[str] = field(default_factory=lambda: ["240p", "480p", "720p"])
    activities: list[tuple[str, float]] = field(default_factory=list)
    recorded: bool = False  # was it ever live when it stopped? (no recording otherwise)
    recording_s: int = 0
    recording_started: int | None = None  # epoch second the recording's clock starts at
    trim: Trim | None = None
    quirks: Quirks | None = None
    version: int = 0  # bumped on each status change; stale clock events check it


@dataclass(frozen=True, slots=True)
class RenderContext:
    tz: tzinfo
    org_short: str
    now: float
    recording_to_completed_s: float


def render_video(s: Stream, ctx: RenderContext) -> dict[str, Any] | None:
    if not s.transcode_recorded_video or not s.recorded or s.status not in (RECORDING, COMPLETED):
        return None
    done = s.status == COMPLETED
    if done:
        progress = 100
    elif ctx.recording_to_completed_s > 0:
        progress = int(100 * (ctx.now - s.status_changed) / ctx.recording_to_completed_s)
        progress = max(0, min(99, progress))
    else:
        progress = 0
    base = f"https://cdn.example.invalid/transcoded/{s.video_uuid}/video"
    duration = (s.trim.end_s - s.trim.start_s) if s.trim else s.recording_s
    return {
        "progress": progress,
        "thumbnails": [],
        "status": "Completed" if done else "Transcoding",
        # URLs exist only once the recording is ready.
        "playback_url": f"{base}.m3u8" if done else None,
        "dash_url": f"{base}.mpd" if done else None,
        "preview_thumbnail_url": None,
        "format": "abr",
        "resolutions": list(s.resolutions),
        "video_codec": "h264",
        "audio_codec": "aac",
        "enable_drm_for_recording": s.enable_drm_for_recording,
        "tracks": [],
        "inputs": [],
        "duration": duration if done else None,
    }


def render_asset(s: Stream, ctx: RenderContext) -> dict[str, Any]:
    q = s.quirks
    status = UPPER[s.status] if q and q.upper_status else s.status
    live: dict[str, Any] = {
        "status": status,
        "start": naive(s.start, ctx.tz) if s.start is not None else None,
        "rtmp_url": RTMP_URL if s.server_ready else "",
        "stream_key": f"org-{ctx.org_short}-live-{s.id}-{s.stream_key_suffix}" if s.server_ready else None,
        "hls_url": f"https://live.example.invalid/live/{ctx.org_short}/{s.id}/video.m3u8",
        "transcode_recorded_video": s.transcode_recorded_video,
        "enable_drm_for_recording": s.enable_drm_for_recording,
        "chat_embed_url": f"https://app.example.invalid/live-chat/{s.id}/",
        "resolutions": list(s.resolutions),
        "enable_drm": s.enable_drm,
        "enable_llhls": s.enable_llhls,
        "latency": s.latency,
        "activities": [{"status": a, "timestamp": activity_stamp(t, ctx.tz)} for a, t in s.activities],
    }
    asset: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "type": "livestream",
        "bytes": None,
        "parent": None,
        "parent_id": None,
        "video": render_video(s, ctx),
        "live_stream": live,
    }
    if q:
        for name in q.omit:
            (asset if name == "parent" else live).pop(name, None)
        asset.update(q.extra)
        live.update(q.extra_live)
    return asset


def malform(asset: dict[str, Any], variant: str) -> dict[str, Any]:
    """Break one list item's structure so a client's per-item tolerance is testable."""
    broken = dict(asset)
    if variant == "live_stream_string":
        broken["live_stream"] = "Streaming"
    elif variant == "title_number":
        broken["title"] = 404
    elif variant == "activities_string":
        live = broken.get("live_stream")
        broken["live_stream"] = {**live, "activities": "n/a"} if isinstance(live, dict) else "n/a"
    else:
        broken.pop("id", None)
    return broken
