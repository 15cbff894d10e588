"""The asyncio driver: the same pure core, with real concurrency and real (or virtual) time.

Each ``InvokeTask`` becomes an asyncio task: async callables are awaited on the loop,
plain functions run in a thread pool, so Parallel branches and Map iterations (which the
core already starts together, within ``MaxConcurrency``) really run at once. Timers are
``loop.call_at`` handles; ``CancelTask`` cancels the task's asyncio task (a function
already running in a thread cannot be interrupted: its late answer is simply ignored).

The core is not thread-safe and needs no lock: every resolution is fed to it from the
loop thread, one at a time, in arrival order. After each *step* (start, resolution,
redrive) the optional ``journal`` sees the new events and commands *before* any command
is carried out, which is what makes the durable engine's write-ahead log possible.

Time comes from a ``Clock`` (``asl.drivers.clocks``): ``RealClock`` (wall time),
``VirtualClock`` (timers fire in order, at once, whenever no task is in flight) or
``ManualClock`` (moved by a test).
"""
from __future__ import annotations

import asyncio
import functools
import inspect
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from asl.core import messages as m
from asl.core.execution import ExecutionCore
from asl.core.resources import classify
from asl.drivers.clocks import Cancellable, Clock, ManualClock, RealClock, VirtualClock
from asl.drivers.outcomes import map_run_resolution, resolutions_for
from asl.tasks import BACKEND, Found, MockExhausted, Outcome, TaskContext, TaskNotRegistered, TaskResolver, failure, shape

__all__ = [
    "AsyncTaskResolver", "AsyncioDriver", "Cancellable", "Change", "Clock", "DriverStep", "Journal", "ManualClock",
    "BlockingResolver", "Outstanding", "REDRIVE", "RealClock", "VirtualClock",
]


# ----------------------------------------------------------------------------- tasks
class AsyncTaskResolver(TaskResolver):
    """``TaskResolver`` for a loop: async callables awaited, plain ones (and calls to the
    ``services`` backend, which block on the network) in a thread pool. Lookup and the
    shaping of answers are ``TaskResolver``'s; only the call itself moves."""

    async def ainvoke(
        self, state: str, resource: str, payload: Any, context: TaskContext,
        run_sync: Callable[[Callable[[], Any]], Any],
    ) -> Outcome:
        found = self.lookup(state, resource, payload)
        if isinstance(found, Outcome):
            return found
        if found is BACKEND:
            call = functools.partial(self.backend.invoke, state, classify(resource), payload, context)
            return await run_sync(call)  # type: ignore[no-any-return]
        assert isinstance(found, Found)
        try:
            value = await self._run(found, payload, context, run_sync)
        except Exception as exc:  # noqa: BLE001 - a user's function failed: AWS reports it
            return failure(exc)
        return shape(found, value)

    async def _run(self, found: Found, payload: Any, context: TaskContext,
                   run_sync: Callable[[Callable[[], Any]], Any]) -> Any:
        call = functools.partial(TaskResolver.call, self, found, payload, context)
        value = call() if _is_async(found.function) else await run_sync(call)
        while inspect.isawaitable(value):
            value = await value
        return value


def _is_async(function: Any) -> bool:
    return inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(getattr(function, "__call__", None))


class BlockingResolver(TaskResolver):
    """The same tasks and mocks, for code that calls tasks synchronously from a worker
    thread (a Map Run executor): async callables are run on the driver's loop."""

    def __init__(self, source: TaskResolver, loop: asyncio.AbstractEventLoop):
        super().__init__(source.tasks, source.mocks, source.services)
        self._loop = loop

    def call(self, found: Found, payload: Any, context: Any) -> Any:
        value = TaskResolver.call(self, found, payload, context)
        if inspect.isawaitable(value):
            return asyncio.run_coroutine_threadsafe(_awaited(value), self._loop).result()
        return value


async def _awaited(value: Any) -> Any:
    return await value


# ----------------------------------------------------------------------------- bookkeeping
REDRIVE = "redrive"  # what a redrive step feeds, in place of a resolution


@dataclass
class Change:
    """How one step changed the set of commands awaiting an answer."""

    opened: list[tuple[int, str, Optional[float], Optional[str], Optional[str]]] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    tokens_closed: list[tuple[str, str]] = field(default_factory=list)


class Outstanding:
    """Commands whose answer is awaited: tasks running, callbacks submitted, timers armed.

    Updated from the same resolutions and commands live and during replay, so after a
    replay it says exactly what must be carried out again.
    """

    def __init__(self) -> None:
        self.tasks: dict[int, m.InvokeTask] = {}
        self.callbacks: dict[int, m.InvokeTask] = {}
        self.timers: dict[int, float] = {}
        self.map_runs: dict[int, m.StartMapRun] = {}

    def absorb(self, resolution: Any, commands: list[Any]) -> Change:
        change = Change()
        kind = type(resolution)
        if kind is m.TaskSucceeded or kind is m.TaskFailed:
            self._close_task(resolution.seq, change, "CLOSED")
        elif kind is m.TaskSubmitted:
            call = self.tasks.pop(resolution.seq, None)
            if call is not None:
                self.callbacks[call.seq] = call
                change.opened.append((call.seq, "callback", None, call.token, call.state))
        elif kind is m.TimerFired and self.timers.pop(resolution.seq, None) is not None:
            change.closed.append(resolution.seq)
        elif (kind is m.MapRunSucceeded or kind is m.MapRunFailed) and self.map_runs.pop(resolution.seq, None):
            change.closed.append(resolution.seq)
        cancelled_by = "TIMED_OUT" if kind is m.TimerFired else "CLOSED"
        for command in commands:
            ctype = type(command)
            if ctype is m.InvokeTask:
                self.tasks[command.seq] = command
                change.opened.append((command.seq, "task", None, command.token, command.state))
            elif ctype is m.StartTimer:
                self.timers[command.seq] = command.fire_at
                change.opened.append((command.seq, "timer", command.fire_at, None, None))
            elif ctype is m.StartMapRun:
                self.map_runs[command.seq] = command
                change.opened.append((command.seq, "map-run", None, None, command.request.state_name))
            elif ctype is m.CancelTimer and self.timers.pop(command.seq, None) is not None:
                change.closed.append(command.seq)
            elif ctype is m.CancelTask:
                self._close_task(command.seq, change, cancelled_by)
        return change

    def _close_task(self, seq: int, change: Change, token_status: str) -> None:
        if self.map_runs.pop(seq, None) is not None:  # a Map Run is cancelled as a task is
            change.closed.append(seq)
            return
        call = self.tasks.pop(seq, None) or self.callbacks.pop(seq, None)
        if call is None:
            return
        change.closed.append(seq)
        if call.token is not None:
            change.tokens_closed.append((call.token, token_status))


@dataclass
class DriverStep:
    """One step as the journal sees it, before its commands are carried out."""

    index: int
    resolution: Any  # None for the start, REDRIVE, or a resolution
    now: float
    events: list[Any]
    commands: list[Any]
    change: Change


Journal = Callable[["AsyncioDriver", DriverStep], None]


# ----------------------------------------------------------------------------- driver
class AsyncioDriver:
    """Runs one ``ExecutionCore`` on the running asyncio loop."""

    def __init__(
        self,
        core: ExecutionCore,
        resolver: AsyncTaskResolver,
        clock: Optional[Clock] = None,
        *,
        journal: Optional[Journal] = None,
        executor: Optional[Executor] = None,
        map_executor: Any = None,
    ):
        from asl.distributed import InProcessExecutor

        self.core = core
        self.resolver = resolver
        self.clock: Clock = clock or RealClock()
        self.journal = journal
        self.executor = executor
        self.map_executor = map_executor if map_executor is not None else InProcessExecutor()
        self.map_runs: dict[str, Any] = {}  # Map Run ARN -> the executor's outcome (child executions)
        self.outstanding = Outstanding()
        self.steps = 0
        self.halted: Optional[BaseException] = None
        self.done: Optional[asyncio.Future[str]] = None
        self._last_now = 0.0
        self._running: dict[int, asyncio.Task[None]] = {}
        self._timers: dict[int, Cancellable] = {}

    # ------------------------------------------------------------------ lifecycle
    def start(self, now: Optional[float] = None) -> None:
        """Start the execution (call from the loop); ``now`` defaults to the clock's."""
        self._new_done()
        if now is None:
            now = self._now()
        self._last_now = max(self._last_now, now)
        self._step(None, now)

    def replay(self, steps: Iterable[tuple[Any, float]]) -> list[Any]:
        """Feed recorded ``(resolution, now)`` steps without carrying anything out.

        Returns the regenerated events; ``resume_outstanding`` then carries out what the
        replayed steps left pending.
        """
        self._new_done()
        for resolution, now in steps:
            self._last_now = max(self._last_now, now)
            commands, _ = self._advance(resolution, now)
            self.outstanding.absorb(resolution, commands)
            self.steps += 1
        return self.core.events

    def resume_outstanding(self) -> None:
        """Invoke again every task without an answer and re-arm every timer."""
        if self.core.finished:
            self._finish()
            return
        for seq in sorted(self.outstanding.tasks):
            self._invoke(self.outstanding.tasks[seq])
        for seq in sorted(self.outstanding.callbacks):
            call = self.outstanding.callbacks[seq]
            if call.token is None:  # a ``.sync`` job was submitted: only its end is missing
                self._invoke(call, submitted=True)
        for seq in sorted(self.outstanding.map_runs):
            self._start_map_run(self.outstanding.map_runs[seq])
        for seq in sorted(self.outstanding.timers):
            self._arm(seq, self.outstanding.timers[seq])

    def feed(self, resolution: Any, at: float = 0.0) -> None:
        """Give the core one resolution (from the loop thread)."""
        if self.halted is not None or self.core.finished:
            return
        self._step(resolution, self._now(at))

    def feed_threadsafe(self, loop: asyncio.AbstractEventLoop, resolution: Any) -> None:
        """``feed`` from any thread (a task's ``heartbeat()``); ignored once the loop is gone."""
        try:
            loop.call_soon_threadsafe(self.feed, resolution)
        except RuntimeError:  # the loop is closed: the engine went away, nothing to tell
            pass

    def redrive(self) -> None:
        """Restart a failed execution from where it failed (``ExecutionCore.redrive``)."""
        self._new_done()
        self._step(REDRIVE, self._now())

    def halt(self, reason: Optional[BaseException] = None) -> None:
        """Stop driving: cancel tasks and timers, leave the core (and the store) as they are."""
        self.halted = reason or asyncio.CancelledError("driver halted")
        self._cancel_all()
        if self.done is not None and not self.done.done():
            if reason is None:
                self.done.cancel()
            else:
                self.done.set_exception(reason)

    @property
    def in_flight(self) -> int:
        return len(self._running)

    # ------------------------------------------------------------------ steps
    def _new_done(self) -> None:
        self.halted = None
        self.done = asyncio.get_running_loop().create_future()

    def _now(self, at: float = 0.0) -> float:
        self._last_now = max(self._last_now, self.clock.now(), at)
        return self._last_now

    def _advance(self, resolution: Any, now: float) -> tuple[list[Any], int]:
        first = len(self.core.events)
        if resolution is None:
            return self.core.start(now), first
        if resolution == REDRIVE:
            return self.core.redrive(now), first
        return self.core.resume(resolution, now), first

    def _step(self, resolution: Any, now: float) -> None:
        commands, first = self._advance(resolution, now)
        change = self.outstanding.absorb(resolution, commands)
        if self.journal is not None:
            step = DriverStep(self.steps, resolution, now, self.core.events[first:], commands, change)
            try:
                self.journal(self, step)
            except Exception as exc:  # not durable: stop here, recovery will redo this step
                self.halt(exc)
                return
        self.steps += 1
        for command in commands:
            self._carry_out(command)

    def _carry_out(self, command: Any) -> None:
        kind = type(command)
        if kind is m.InvokeTask:
            self._invoke(command)
        elif kind is m.StartTimer:
            self._arm(command.seq, command.fire_at)
        elif kind is m.CancelTimer:
            timer = self._timers.pop(command.seq, None)
            if timer is not None:
                timer.cancel()
        elif kind is m.CancelTask:
            task = self._running.pop(command.seq, None)
            if task is not None:
                task.cancel()
            late = self._timers.pop(command.seq, None)  # a Map Run's answer waiting for its end time
            if late is not None:
                late.cancel()
        elif kind is m.StartMapRun:
            self._start_map_run(command)
        elif kind is m.Finish:
            self._finish()

    def _finish(self) -> None:
        self._cancel_all()
        if self.done is not None and not self.done.done():
            self.done.set_result(self.core.status)

    def _cancel_all(self) -> None:
        for task in self._running.values():
            task.cancel()
        for timer in self._timers.values():
            timer.cancel()
        self._running.clear()
        self._timers.clear()

    def _arm(self, seq: int, fire_at: float) -> None:
        self._timers[seq] = self.clock.call_at(fire_at, functools.partial(self._fire, seq, fire_at))

    def _fire(self, seq: int, fire_at: float) -> None:
        if self._timers.pop(seq, None) is not None:
            self.feed(m.TimerFired(seq), at=fire_at)

    # ------------------------------------------------------------------ tasks
    def _invoke(self, call: m.InvokeTask, submitted: bool = False) -> None:
        self.clock.hold()  # before the task exists, so a virtual clock cannot jump past it
        loop = asyncio.get_running_loop()
        self._running[call.seq] = loop.create_task(self._run_task(loop, call, submitted))

    async def _run_task(self, loop: asyncio.AbstractEventLoop, call: m.InvokeTask, submitted: bool) -> None:
        try:
            context = TaskContext(
                state_name=call.state,
                resource=call.resource,
                token=call.token,
                attempt=call.attempt,
                context=call.context() if callable(call.context) else (call.context or {}),  # now, on the loop
                heartbeat=functools.partial(self.feed_threadsafe, loop, m.TaskHeartbeat(call.seq)),
            )
            mocked = call.state in self.resolver.mocks
            run_sync = functools.partial(loop.run_in_executor, self.executor)
            try:
                outcome = await self.resolver.ainvoke(call.state, call.resource, call.payload, context, run_sync)
            except (TaskNotRegistered, MockExhausted) as exc:
                outcome = Outcome(False, error="States.Runtime", cause=str(exc))
            except Exception as exc:  # a malformed mock answer, a broken service backend
                outcome = Outcome(False, error="States.Runtime", cause=f"{type(exc).__name__}: {exc}")
        finally:
            if self._running.get(call.seq) is asyncio.current_task():
                del self._running[call.seq]
            self.clock.release()
        for resolution in resolutions_for(call, outcome, mocked):
            if not (submitted and type(resolution) is m.TaskSubmitted):
                self.feed(resolution)

    # ------------------------------------------------------------------ Distributed Map
    def _start_map_run(self, command: m.StartMapRun) -> None:
        self.clock.hold()
        loop = asyncio.get_running_loop()
        self._running[command.seq] = loop.create_task(self._run_map_run(loop, command))

    async def _run_map_run(self, loop: asyncio.AbstractEventLoop, command: m.StartMapRun) -> None:
        """The executor runs the children in a worker thread; its answer is fed when the
        Map Run ends (its longest child's duration after it started)."""
        started = self.clock.now()
        try:
            outcome = await loop.run_in_executor(
                self.executor, self.map_executor.run, command.request, BlockingResolver(self.resolver, loop), started)
        except Exception as exc:  # the executor itself broke: the Map Run fails, visibly
            outcome = None
            resolution: Any = m.MapRunFailed(command.seq, "States.Runtime", f"{type(exc).__name__}: {exc}")
        finally:
            if self._running.get(command.seq) is asyncio.current_task():
                del self._running[command.seq]
            self.clock.release()
        if outcome is not None:
            self.map_runs[command.request.map_run_arn] = outcome
            resolution = map_run_resolution(command.seq, outcome)
            if outcome.duration > 0:
                end = started + outcome.duration
                self._timers[command.seq] = self.clock.call_at(end, functools.partial(self._deliver, command.seq, resolution, end))
                return
        self.feed(resolution)

    def _deliver(self, seq: int, resolution: Any, at: float) -> None:
        if self._timers.pop(seq, None) is not None:
            self.feed(resolution, at=at)
