import asyncio

import pytest

from tpsdesk.services.tasks import TaskOwner


def test_aclose_cancels_what_is_still_running() -> None:
    async def main() -> None:
        owner = TaskOwner("test")
        started = asyncio.Event()

        async def forever() -> None:
            started.set()
            await asyncio.Event().wait()

        task = owner.spawn(forever())
        await started.wait()
        assert owner.running == 1
        await asyncio.wait_for(owner.aclose(), timeout=2)
        assert task.cancelled() and owner.running == 0
        with pytest.raises(RuntimeError):
            owner.spawn(forever())

    asyncio.run(main())


def test_finished_tasks_are_released_and_failures_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        owner = TaskOwner("test")

        async def boom() -> None:
            raise ValueError("kaput")

        task = owner.spawn(boom(), name="boom")
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)  # let the done-callback run
        assert owner.running == 0

    asyncio.run(main())
    assert "task boom failed" in caplog.text
