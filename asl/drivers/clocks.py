"""Where a driver gets its time: wall-clock, virtual, or moved by hand.

A clock gives ``now`` (epoch seconds) and arms timers; drivers call it from their event
loop only. ``RealClock`` is wall time; ``VirtualClock`` jumps to the next timer whenever
no task is in flight (``hold``/``release`` tell it), so Waits of days cost nothing in
tests; ``ManualClock`` moves only when a test calls ``advance``, to stop between two
events (e.g. to check what a restarted engine does with a half-elapsed Wait).
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
import time
from typing import Any, Callable, Optional, Protocol


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """Where a driver gets ``now`` and arms timers; called from the loop thread only."""

    def now(self) -> float: ...
    def call_at(self, when: float, callback: Callable[[], None]) -> Cancellable: ...
    def hold(self) -> None:
        """A task started: a virtual clock must not jump ahead while work is in flight."""
    def release(self) -> None:
        """A task ended."""


class RealClock:
    """Wall-clock time; timers are ``loop.call_later`` handles."""

    def now(self) -> float:
        return time.time()

    def call_at(self, when: float, callback: Callable[[], None]) -> Cancellable:
        return asyncio.get_running_loop().call_later(max(0.0, when - time.time()), callback)

    def hold(self) -> None:
        pass

    def release(self) -> None:
        pass


class _Timers:
    """A heap of timers fired in ``(fire_at, arming order)`` order."""

    def __init__(self, start: Optional[float]):
        self._now = time.time() if start is None else float(start)
        self._timers: list[list[Any]] = []  # [when, order, callback or None when cancelled]
        self._order = itertools.count()

    def now(self) -> float:
        return self._now

    def call_at(self, when: float, callback: Callable[[], None]) -> Cancellable:
        entry = [when, next(self._order), callback]
        heapq.heappush(self._timers, entry)
        return _VirtualTimer(entry)

    def hold(self) -> None:
        pass

    def release(self) -> None:
        pass

    def _fire_next(self, limit: float) -> bool:
        """Fire the earliest live timer due by ``limit``; False when there is none."""
        timers = self._timers
        while timers and timers[0][2] is None:
            heapq.heappop(timers)
        if not timers or timers[0][0] > limit:
            return False
        when, _, callback = heapq.heappop(timers)
        self._now = max(self._now, when)
        callback()
        return True


class VirtualClock(_Timers):
    """Time that jumps to the next timer as soon as nothing is running.

    While any task is in flight the clock stands still, so a task's ``TimeoutSeconds``
    cannot fire before it answers; a callback awaiting ``send_task_success`` is not in
    flight, so a heartbeat or execution timeout does fire (as the local driver behaves).
    """

    def __init__(self, start: Optional[float] = None):
        super().__init__(start)
        self._busy = 0
        self._scheduled = False

    def call_at(self, when: float, callback: Callable[[], None]) -> Cancellable:
        timer = super().call_at(when, callback)
        self._poke()
        return timer

    def hold(self) -> None:
        self._busy += 1

    def release(self) -> None:
        self._busy -= 1
        if self._busy == 0:
            self._poke()

    def _poke(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._tick)

    def _tick(self) -> None:
        self._scheduled = False
        if not self._busy and self._fire_next(float("inf")):
            self._poke()


class ManualClock(_Timers):
    """Time that moves only when a test says so (``advance``), to stop between two events.

    ``advance`` may be called from the loop or from another thread (it then waits until
    the loop has fired the timers that fell due).
    """

    def __init__(self, start: float = 0.0):
        super().__init__(start)
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def call_at(self, when: float, callback: Callable[[], None]) -> Cancellable:
        self._loop = asyncio.get_running_loop()
        return super().call_at(when, callback)

    def advance(self, seconds: float) -> None:
        loop = self._loop
        if loop is None or loop.is_closed() or _running_loop() is loop:
            self._advance(seconds)
            return
        done = threading.Event()

        def advance_on_loop() -> None:
            try:
                self._advance(seconds)
            finally:
                done.set()

        loop.call_soon_threadsafe(advance_on_loop)
        done.wait()

    def _advance(self, seconds: float) -> None:
        target = self._now + seconds
        while self._fire_next(target):
            pass
        self._now = target


def _running_loop() -> Optional[asyncio.AbstractEventLoop]:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _VirtualTimer:
    __slots__ = ("entry",)

    def __init__(self, entry: list[Any]):
        self.entry = entry

    def cancel(self) -> None:
        self.entry[2] = None
