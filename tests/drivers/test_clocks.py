"""Clocks: timers fire in (time, arming) order; a virtual clock waits for work in flight;
a manual clock moves only when told, from the loop or from another thread."""
from __future__ import annotations

import asyncio
import threading
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from asl.drivers.clocks import ManualClock, RealClock, VirtualClock


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), max_size=12))
def test_virtual_timers_fire_in_time_order_and_set_the_time(times: list[float]) -> None:
    fired: list[tuple[float, float]] = []

    async def scenario() -> None:
        clock = VirtualClock(0.0)
        for when in times:
            clock.call_at(when, lambda when=when: fired.append((when, clock.now())))
        for _ in range(len(times) + 2):
            await asyncio.sleep(0)

    asyncio.run(scenario())
    assert [when for when, _ in fired] == sorted(times)
    assert all(now == when for when, now in fired)


def test_virtual_clock_stands_still_while_held_and_skips_cancelled_timers() -> None:
    fired: list[str] = []

    async def scenario() -> None:
        clock = VirtualClock(100.0)
        clock.hold()
        clock.call_at(150.0, lambda: fired.append("a"))
        clock.call_at(120.0, lambda: fired.append("cancelled")).cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        assert fired == [] and clock.now() == 100.0
        clock.release()
        for _ in range(5):
            await asyncio.sleep(0)
        assert clock.now() == 150.0

    asyncio.run(scenario())
    assert fired == ["a"]


def test_manual_clock_fires_what_falls_due() -> None:
    fired: list[float] = []

    async def scenario() -> ManualClock:
        clock = ManualClock(10.0)
        for when in (30.0, 15.0, 20.0):
            clock.call_at(when, lambda when=when: fired.append(when))
        clock.advance(6)
        assert fired == [15.0] and clock.now() == 16.0
        clock.advance(100)
        return clock

    clock = asyncio.run(scenario())
    assert fired == [15.0, 20.0, 30.0] and clock.now() == 116.0


def test_manual_clock_advanced_from_another_thread_runs_timers_on_the_loop() -> None:
    loop_thread: list[int] = []

    async def scenario() -> None:
        clock = ManualClock(0.0)
        clock.call_at(5.0, lambda: loop_thread.append(threading.get_ident()))
        mover = threading.Thread(target=clock.advance, args=(5.0,))
        mover.start()
        while mover.is_alive():
            await asyncio.sleep(0.001)
        assert clock.now() == 5.0

    asyncio.run(scenario())
    assert loop_thread == [threading.main_thread().ident]


def test_real_clock_is_wall_time() -> None:
    fired: list[float] = []

    async def scenario() -> None:
        clock = RealClock()
        before = time.time()
        assert before <= clock.now() <= time.time()
        clock.call_at(clock.now() + 0.01, lambda: fired.append(time.time()))
        while not fired:
            await asyncio.sleep(0.005)
        assert fired[0] >= before

    asyncio.run(scenario())
