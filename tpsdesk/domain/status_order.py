"""The order of live-stream statuses, defined once; every ranking derives from it.

The lifecycle: Not Started → Streaming ⇄ Disconnected → Stopped → Recording →
Completed (or Error). Streaming and Disconnected share a stage because the encoder
flaps between them; Completed and Error share the last because either ends a
recording. Used by the status precedence (a reading never moves a stream back a
stage), the recording journey (Stopped → Recording → Completed) and the list's sort.
"""

from __future__ import annotations

from tpsdesk.domain.models import StatusKind

LIFECYCLE: tuple[tuple[StatusKind, ...], ...] = (
    (StatusKind.NOT_STARTED,),
    (StatusKind.STREAMING, StatusKind.DISCONNECTED),
    (StatusKind.STOPPED,),
    (StatusKind.RECORDING,),
    (StatusKind.ERROR, StatusKind.COMPLETED),  # within a stage, the order the list shows them in
)

_STAGE = {kind: stage for stage, kinds in enumerate(LIFECYCLE) for kind in kinds}


def lifecycle_stage(kind: StatusKind) -> int | None:
    """0 (Not Started) … 4 (Completed/Error); None for a status that cannot be placed (Unknown)."""
    return _STAGE.get(kind)


def stages_after(start: StatusKind, kind: StatusKind) -> int | None:
    """How many stages ``kind`` lies past ``start`` (negative: before it); None if unplaced."""
    stage, origin = lifecycle_stage(kind), lifecycle_stage(start)
    return None if stage is None or origin is None else stage - origin


# The list: live streams first (they need attention), then upcoming ones, then the rest of
# the lifecycle in order; a status nobody can place comes last.
LIST_ORDER: tuple[StatusKind, ...] = (
    *LIFECYCLE[1], *LIFECYCLE[0], *(kind for stage in LIFECYCLE[2:] for kind in stage), StatusKind.UNKNOWN)
LIST_RANK: dict[StatusKind, int] = {kind: rank for rank, kind in enumerate(LIST_ORDER)}
