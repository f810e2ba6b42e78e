"""The first request's imports run on a worker thread, never on the event loop's."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tpsdesk.httpapi import warmup

PROBE = """
import threading
ON_MAIN_THREAD = threading.current_thread() is threading.main_thread()
"""


@pytest.fixture
def fresh_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"tpsdesk_warmup_probe_{threading.get_ident()}"
    (tmp_path / f"{name}.py").write_text(PROBE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_modules_are_imported_off_the_loop_and_missing_ones_are_skipped(fresh_module: str) -> None:
    asyncio.run(warmup.import_off_the_loop([fresh_module, "tpsdesk_no_such_module_anywhere"]))
    assert sys.modules[fresh_module].ON_MAIN_THREAD is False
    assert "tpsdesk_no_such_module_anywhere" not in sys.modules


def test_modules_already_imported_cost_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_thread(*_args: object) -> None:
        raise AssertionError("no worker thread for modules already there")

    monkeypatch.setattr(asyncio, "to_thread", no_thread)
    asyncio.run(warmup.import_off_the_loop(["json", "asyncio"]))


def test_httpcore_first_request_module_is_the_one_warmed() -> None:
    # If httpcore stops needing anyio's asyncio backend, this list must follow (else it warms nothing useful).
    import httpcore._synchronization as sync

    assert "anyio" in vars(sync) and warmup.FIRST_REQUEST_MODULES == ("anyio._backends._asyncio",)
