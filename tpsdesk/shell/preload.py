"""The layers without Qt, imported before Qt is.

PySide6 hooks every import that follows its own (its ``__feature__`` support) and
reads the source of each new module to see whether it mentions PySide6. The app's
start imports some 300 modules without Qt (httpx, httpcore, the domain, the HTTP
layer, the journal's storage): imported first, none of them is read again. Measured
here, ~0.1 ms a module, a tenth of the time to the first rows.

The first request's imports come too (httpcore, which httpx imports when the first client
is made, and anyio's asyncio backend, ~40 ms): before the loop runs nothing waits for them,
and the first listing goes out as soon as the window is built. Done on a worker thread
while the window was shown, the same import held the request back and took the
interpreter lock from the window's first paint: the first rows came ~15 ms later.
"""

from __future__ import annotations

import importlib

from tpsdesk.httpapi.warmup import FIRST_REQUEST_MODULES, import_available

PURE_MODULES = (
    "tpsdesk.httpapi.client",  # httpx, the domain's models
    "httpcore",  # httpx imports it when the first client is made
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
    import_available(FIRST_REQUEST_MODULES)  # another httpcore backend, or none: skipped
