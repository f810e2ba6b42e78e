"""The writer: off the loop, in order, and a failure shown once without holding anything up."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from pathlib import Path

from tests.journal.support import entry
from tpsdesk.journal.entries import JournalEntry, JournalFilter
from tpsdesk.journal.writer import JournalWriter


def test_writes_run_on_one_worker_thread_in_order(tmp_path: Path, monkeypatch: object) -> None:
    async def main() -> None:
        writer = JournalWriter(tmp_path / "j.sqlite3")
        threads: set[str] = set()
        original = writer._write

        def spy(e: JournalEntry) -> int:
            threads.add(threading.current_thread().name)
            return original(e)

        writer._write = spy  # type: ignore[method-assign, assignment]
        done: list[JournalEntry] = []
        for i in range(30):
            assert writer.append(entry(i), done=done.append)
        await writer.flush()
        assert [e.elapsed_ms for e in done] == [12 + i for i in range(30)]
        assert threading.current_thread().name not in threads and len(threads) == 1
        page = await writer.page(JournalFilter(), limit=5)
        assert [e.id for e in page] == [30, 29, 28, 27, 26]
        assert await writer.count() == 30
        await writer.aclose()

    asyncio.run(main())


def test_an_unopenable_place_pauses_once(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")  # root ignores permissions, not this
    notices: list[str] = []

    async def main() -> None:
        writer = JournalWriter(blocker / "journal.sqlite3", on_failure=notices.append)
        for i in range(5):
            writer.append(entry(i))
        await writer.flush()
        assert writer.paused and not writer.append(entry(9))
        assert await writer.page(JournalFilter()) == []
        await writer.aclose()

    asyncio.run(main())
    assert len(notices) == 1
    assert notices[0].startswith("The journal could not be written: ")
    assert notices[0].endswith("Actions go on; the journal is paused.")


def test_a_disk_that_fills_up_mid_session_pauses_once(tmp_path: Path) -> None:
    notices: list[str] = []

    async def main() -> None:
        writer = JournalWriter(tmp_path / "j.sqlite3", on_failure=notices.append, max_pages=12)
        done: list[JournalEntry] = []
        for i in range(40):
            writer.append(replace(entry(i), response_body="x" * 8000), done=done.append)
        await writer.flush()
        assert 0 < len(done) < 40 and writer.paused
        await writer.aclose()

    asyncio.run(main())
    assert len(notices) == 1 and "full" in notices[0]


def test_a_directory_in_place_of_the_file_pauses(tmp_path: Path) -> None:
    (tmp_path / "journal.sqlite3").mkdir()
    notices: list[str] = []

    async def main() -> None:
        writer = JournalWriter(tmp_path / "journal.sqlite3", on_failure=notices.append)
        writer.append(entry(1))
        await writer.flush()
        await writer.aclose()

    asyncio.run(main())
    assert len(notices) == 1
