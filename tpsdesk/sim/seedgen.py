"""The initial, seeded population of live streams.

A realistic mix for the demo list: a few live now, a couple dropped, scheduled
ones (some with a future start), many finished in the past, an error or two.
Separate RNGs per concern keep e.g. the quirks from shifting ids or titles.
"""

from __future__ import annotations

import hashlib
import random
import string
import uuid

from .config import SimConfig
from .model import (
    COMPLETED,
    DISCONNECTED,
    ERROR,
    NOT_STARTED,
    OMITTABLE,
    ON_PUBLISH,
    ON_PUBLISH_DONE,
    RECORDING,
    STOPPED,
    STREAMING,
    Quirks,
    Stream,
)
from .titles import TitleGenerator
from .trim import Trim

BASE62 = string.digits + string.ascii_letters
_MIN = 60
_HOUR = 3600
_DAY = 86400

# Share of each status in a large list (Completed takes the rest).
_SHARES: tuple[tuple[str, float], ...] = (
    (STREAMING, 0.08), (DISCONNECTED, 0.04), (NOT_STARTED, 0.12),
    (ERROR, 0.03), (RECORDING, 0.02), (STOPPED, 0.10),
)
# Small lists still show every kind, Streaming first.
_SMALL = (STREAMING, COMPLETED, NOT_STARTED, DISCONNECTED, STOPPED, STREAMING,
          COMPLETED, ERROR, NOT_STARTED, RECORDING, COMPLETED)


def make_id(rng: random.Random, length: int = 11) -> str:
    return "".join(rng.choices(BASE62, k=length))


def org_short(org_id: str) -> str:
    """Six lowercase characters standing for the org in stream keys and HLS paths."""
    digest = int.from_bytes(hashlib.sha256(org_id.encode()).digest()[:8], "big")
    alphabet = string.digits + string.ascii_lowercase
    out = []
    for _ in range(6):
        digest, rem = divmod(digest, 36)
        out.append(alphabet[rem])
    return "".join(out)


def status_plan(count: int, rng: random.Random) -> list[str]:
    if count < 12:
        return list(_SMALL[:count])
    plan: list[str] = []
    for status, share in _SHARES:
        plan += [status] * max(1, round(count * share))
    plan += [COMPLETED] * (count - len(plan))
    rng.shuffle(plan)
    return plan


def _past_session(s: Stream, rng: random.Random, now: float, ago_max: float) -> int:
    """Fill start/activities of a session that ended in the past; return its end."""
    start = int(now - rng.uniform(2 * _HOUR, ago_max))
    begin = start + rng.randint(0, 180)
    end = begin + rng.randint(25 * _MIN, 150 * _MIN)
    s.start, s.streaming_since = start, begin
    s.activities = [(ON_PUBLISH, begin), (ON_PUBLISH_DONE, end)]
    s.created = start - rng.uniform(_HOUR, 5 * _DAY)
    return end


def _fill(s: Stream, rng: random.Random, now: float, cfg: SimConfig) -> None:
    status = s.status
    if status in (STREAMING, DISCONNECTED):
        start = int(now - rng.uniform(5 * _MIN, 90 * _MIN))
        begin = start + rng.randint(0, 120)
        s.start, s.streaming_since, s.server_ready = start, begin, True
        s.activities = [(ON_PUBLISH, begin)]
        if status == DISCONNECTED:
            s.activities.append((ON_PUBLISH_DONE, max(begin, now - rng.uniform(20, 240))))
        elif rng.random() < 0.3 and now - begin > 240:
            drop = rng.uniform(begin + 60, now - 120)
            s.activities += [(ON_PUBLISH_DONE, drop), (ON_PUBLISH, drop + rng.uniform(10, 90))]
        s.created = start - rng.uniform(30 * _MIN, 3 * _DAY)
        s.status_changed = s.activities[-1][1]
    elif status == NOT_STARTED:
        s.created = now - rng.uniform(_MIN, 2 * _DAY)
        roll = rng.random()
        if roll < 0.6:
            s.start = int(now + rng.uniform(30 * _MIN, 7 * _DAY))
        elif roll < 0.85:
            s.start = None
        else:  # scheduled in the past, never went live
            s.start = int(max(s.created, now - rng.uniform(10 * _MIN, _DAY)))
        s.status_changed = s.created
    elif status == RECORDING:
        start = int(now - rng.uniform(40 * _MIN, 120 * _MIN))
        stop = int(now - rng.uniform(0, max(cfg.stop_to_recording_s, 1.0)))
        s.start, s.streaming_since, s.server_ready, s.recorded = start, start, True, True
        s.recording_s = stop - start
        s.transcode_recorded_video = True
        s.activities = [(ON_PUBLISH, start), (ON_PUBLISH_DONE, stop - 5), (STOPPED, stop)]
        s.created = start - rng.uniform(_HOUR, _DAY)
        # Part-way through transcoding so the demo shows progress moving.
        s.status_changed = now - rng.uniform(0, cfg.recording_to_completed_s / 2)
    else:  # COMPLETED, STOPPED, ERROR: sessions in the past
        end = _past_session(s, rng, now, 60 * _DAY)
        s.server_ready = True
        if status == ERROR:
            s.status_changed = end
            return
        stop = end + rng.randint(0, 15 * _MIN)
        s.activities.append((STOPPED, stop))
        # Only Completed ones had a recording processed; old Stopped ones stay put.
        s.recorded = status == COMPLETED
        s.recording_s = stop - s.start if s.start is not None else 0
        s.transcode_recorded_video = status == COMPLETED and rng.random() < 0.92
        s.status_changed = stop + 60
        if status == COMPLETED and rng.random() < 0.15 and s.recording_s > 600:
            a = rng.randint(0, 300)
            s.trim = Trim(a, rng.randint(a + 300, s.recording_s), epoch_format=False)


def _quirks(s: Stream, rng: random.Random) -> Quirks | None:
    q = Quirks()
    q.upper_status = rng.random() < 0.12
    q.omit = frozenset(name for name in OMITTABLE if rng.random() < 0.07)
    if rng.random() < 0.1:
        q.extra = {"views_count": rng.randint(0, 5000), "tags": []}
        q.extra_live = {"server_region": "ap-south-1", "recording_status": None}
    # A null start on a stream that did run (the seed's webhook sample has one).
    if s.status != NOT_STARTED and rng.random() < 0.1:
        s.start = None
    if not (q.upper_status or q.omit or q.extra):
        return None
    return q


def generate(cfg: SimConfig, now: float) -> list[Stream]:
    """Seeded streams, oldest created first."""
    rng = random.Random(f"streams-{cfg.seed}")
    quirk_rng = random.Random(f"quirks-{cfg.seed}")
    titles = TitleGenerator(cfg.seed)
    seen: set[str] = set()
    streams: list[Stream] = []
    for status in status_plan(cfg.stream_count, rng):
        sid = make_id(rng)
        while sid in seen:
            sid = make_id(rng)
        seen.add(sid)
        s = Stream(
            id=sid, title=titles.next(), created=now, status=status, start=None,
            status_changed=now, stream_key_suffix=make_id(rng, 4),
            video_uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )
        s.enable_drm_for_recording = rng.random() < 0.4
        s.enable_drm = rng.random() < 0.5
        s.latency = "Low Latency" if rng.random() < 0.35 else "Normal Latency"
        s.enable_llhls = s.latency == "Low Latency" and rng.random() < 0.5
        if rng.random() < 0.2:
            s.resolutions = ["240p", "360p", "480p", "720p", "1080p"]
        _fill(s, rng, now, cfg)
        if cfg.quirks:
            s.quirks = _quirks(s, quirk_rng)
        streams.append(s)
    streams.sort(key=lambda st: st.created)
    return streams
