"""The deterministic driver: a virtual clock and tasks answered inline.

Commands from the core are carried out at once, in the order given: a task is called
(or its mock consulted) and its outcome queued; a timer goes into a heap keyed by
``(fire_at, seq)``. When nothing is queued, the clock jumps to the earliest timer, so a
Wait of a year or a long retry backoff costs nothing but shows the right timestamps.
The driver stops when the execution ends or only callbacks (task tokens) remain.
"""
from __future__ import annotations

import gc
import heapq
from collections import deque
from typing import Any, Optional

from asl.core import messages as m
from asl.core.execution import ExecutionCore
from asl.drivers.outcomes import map_run_resolution, resolutions_for
from asl.tasks import TaskContext, TaskResolver


class LocalDriver:
    def __init__(self, core: ExecutionCore, resolver: TaskResolver, start_time: float, map_executor: Any = None):
        self.core = core
        self.resolver = resolver
        self.map_executor = map_executor  # made on first use: most machines have no Distributed Map
        self.map_runs: dict[str, Any] = {}  # Map Run ARN -> outcome (with its child executions)
        self.clock = start_time
        # (when, order, what): a timer's seq, or a resolution due at that time
        self._timers: list[tuple[float, int, Any]] = []
        self._order = 0
        self._live_timers: set[int] = set()
        self._inbox: deque[Any] = deque()
        self._started = False

    # ------------------------------------------------------------------ public
    def run_until_blocked(self, wait_for_callbacks: bool = True, until: Optional[float] = None) -> None:
        """Run until the execution ends or is blocked.

        With ``wait_for_callbacks`` the clock stands still while a task token is
        pending, so the caller can answer it "now"; without it (``machine.run``, where
        nobody can answer) the clock moves on to the next timer, so a callback's
        timeout or heartbeat fires. ``until`` stops the clock at that instant.

        The cyclic garbage collector is paused meanwhile: a run allocates many small
        objects that live as long as the history, and collections triggered by those
        allocations would cost more than the run itself. The interpreter breaks its own
        reference cycles, and collection resumes when the run returns.
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            self._run(wait_for_callbacks, until)
        finally:
            if paused:
                gc.enable()

    def _run(self, wait_for_callbacks: bool, until: Optional[float]) -> None:
        if not self._started:
            self._started = True
            self._carry_out(self.core.start(self.clock))
        while not self.core.finished:
            if self._inbox:  # everything answered so far goes in at once
                batch = list(self._inbox)
                self._inbox.clear()
                self._carry_out(self.core.resume_all(batch, self.clock))
                continue
            if wait_for_callbacks and self.core.pending_tokens and until is None:
                return  # the caller answers the callback first
            due = self._next_due(until)
            if due is None:
                if until is not None and until > self.clock:
                    self.clock = until
                return  # nothing left but callbacks
            self._feed(due)

    def next_timer_at(self) -> Optional[float]:
        """When the next live timer fires, or None."""
        live = [when for when, _, what in self._timers if not isinstance(what, int) or what in self._live_timers]
        return min(live) if live else None

    def send(self, resolution: Any) -> None:
        """Queue a resolution from outside (a callback answered through its token)."""
        self._inbox.append(resolution)

    def seq_for_token(self, token: str) -> Optional[int]:
        return self.core.seq_for_token(token)

    # ------------------------------------------------------------------ internals
    def _feed(self, resolution: Any) -> None:
        self._carry_out(self.core.resume(resolution, self.clock))

    def _next_due(self, until: Optional[float] = None) -> Any:
        """The next resolution on the clock (a timer firing, a deferred answer), moving
        the clock to its time; None when there is none (before ``until``)."""
        while self._timers:
            if until is not None and self._timers[0][0] > until:
                return None
            when, _, what = heapq.heappop(self._timers)
            if isinstance(what, int):
                if what not in self._live_timers:
                    continue  # cancelled
                self._live_timers.discard(what)
                what = m.TimerFired(what)
            if when > self.clock:
                self.clock = when
            return what
        return None

    def _deliver_at(self, when: float, what: Any) -> None:
        self._order += 1
        heapq.heappush(self._timers, (when, self._order, what))

    def _carry_out(self, commands: list[Any]) -> None:
        """``CancelTask`` needs nothing here: a task's answer is queued as soon as it is
        called, and the core ignores answers to a ``seq`` it no longer awaits."""
        for command in commands:
            kind = type(command)
            if kind is m.InvokeTask:
                self._invoke(command)
            elif kind is m.StartTimer:
                self._deliver_at(command.fire_at, command.seq)
                self._live_timers.add(command.seq)
            elif kind is m.CancelTimer:
                self._live_timers.discard(command.seq)
            elif kind is m.StartMapRun:
                self._map_run(command)

    def _map_run(self, command: m.StartMapRun) -> None:
        """Run the children now; the Map Run ends when its longest child does."""
        if self.map_executor is None:
            from asl.distributed import InProcessExecutor

            self.map_executor = InProcessExecutor()
        outcome = self.map_executor.run(command.request, self.resolver, self.clock)
        self.map_runs[command.request.map_run_arn] = outcome
        resolution = map_run_resolution(command.seq, outcome)
        if outcome.duration > 0:
            self._deliver_at(self.clock + outcome.duration, resolution)
        else:
            self._inbox.append(resolution)

    def _invoke(self, call: m.InvokeTask) -> None:
        def context() -> TaskContext:  # built only for callables that take one
            return TaskContext(call.state, call.resource, call.token, call.attempt, call.context,
                               lambda: self._inbox.append(m.TaskHeartbeat(call.seq)))

        mocked = call.state in self.resolver.mocks
        outcome = self.resolver.invoke(call.state, call.resource, call.payload, context)
        resolutions = resolutions_for(call, outcome, mocked)
        if outcome.duration > 0:  # e.g. a polled .sync job: it ends that much later
            for resolution in resolutions:
                self._deliver_at(self.clock + outcome.duration, resolution)
        else:
            self._inbox.extend(resolutions)
