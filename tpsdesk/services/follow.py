"""Following a stopped stream until its recording is final.

Kept as a name for ``StopService``: the follower is now the adaptive poller
(``services/poller.py``), which also polls the selected stream and relaxes
while webhooks arrive.
"""

from __future__ import annotations

from .poller import MAX_BACKOFF_S, AdaptivePoller

RecordingFollower = AdaptivePoller

__all__ = ["MAX_BACKOFF_S", "RecordingFollower"]
