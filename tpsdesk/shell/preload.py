"""The layers without Qt, imported before Qt is.

PySide6 hooks every import that follows its own (its ``__feature__`` support) and
reads the source of each new module to see whether it mentions PySide6. The app's
start imports some 300 modules without Qt (httpx, httpcore, the domain, the HTTP
layer, the journal's storage): imported first, none of them is read again. Measured
here, ~0.1 ms a module, a tenth of the time to the first rows.
"""

from __future__ import annotations

import importlib

PURE_MODULES = (
    "tpsdesk.httpapi.client",  # httpx, httpcore, the domain's models
    "tpsdesk.accounts.flow",
    "tpsdesk.journal.classify",
    "tpsdesk.journal.writer",  # sqlite3
    "tpsdesk.domain.marks",
    "tpsdesk.domain.redact",
    "tpsdesk.domain.status_order",
    "tpsdesk.domain.timedisplay",
    "tpsdesk.domain.timeline",
    "tpsdesk.domain.zone_evidence",
    "tpsdesk.status.precedence",
)


def import_pure_layers() -> None:
    for name in PURE_MODULES:
        importlib.import_module(name)
