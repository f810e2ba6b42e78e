"""after_first_rows: the keychain probe (and anything else not on the first screen) waits for the rows."""

from __future__ import annotations

import asyncio


class Fake:
    def __init__(self) -> None:
        self.has_loaded = False
        self.filling = True

    def isFilling(self) -> bool:
        return self.filling


async def waits_for(fake: Fake, steps: list[str], *, limit_s: float = 5.0) -> None:
    from tpsdesk.shell.after_first_rows import after_first_rows

    async def listing() -> None:
        await asyncio.sleep(0.02)
        fake.has_loaded = True
        steps.append("listed")
        await asyncio.sleep(0.02)
        fake.filling = False
        steps.append("filled")

    task = asyncio.create_task(listing())
    await after_first_rows(fake, fake, limit_s=limit_s, poll_s=0.005)
    steps.append("after")
    await task


def test_returns_only_once_the_listing_is_wholly_in_the_list() -> None:
    steps: list[str] = []
    asyncio.run(waits_for(Fake(), steps))
    assert steps == ["listed", "filled", "after"]


def test_gives_up_waiting_when_no_listing_comes() -> None:
    async def main() -> bool:
        from tpsdesk.shell.after_first_rows import after_first_rows

        fake = Fake()  # the server never answers
        await asyncio.wait_for(after_first_rows(fake, fake, limit_s=0.05, poll_s=0.01), timeout=5)
        return fake.has_loaded

    assert asyncio.run(main()) is False
