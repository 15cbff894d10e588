"""The pure interpreter: one execution of a compiled state machine, with no I/O.

``start(now)`` and ``resume(resolution, now)`` return the commands a driver must carry
out (``asl.core.messages``). In between, the core runs every frame as far as it can go:
Pass/Choice/Succeed/Fail chains complete inside one call; a frame stops when it waits
for a task, a timer or its children. Time only moves when a driver says so, and all
randomness comes from a ``random.Random`` seeded by the caller, so the same inputs,
seed and resolutions always give the same history.

Frames run in a fixed order (FIFO of runnable frames); a frame runs until it waits or
ends. Effects yielded by state runners are carried out by ``apply`` on the effect.
"""
from __future__ import annotations

import random
from collections import deque
from typing import Any, Callable, Optional

from asl.core import messages as m
from asl.core.effects import Submitted
from asl.core.fanout import run_map, run_parallel
from asl.core.frame import Clock, ExecutionInfo, Frame
from asl.core.history import EventLog, error_details
from asl.core.limits import PAYLOAD_LIMIT, PayloadMeter, too_large
from asl.core.plan import Scope
from asl.core.states import run_choice, run_fail, run_pass, run_succeed, run_wait
from asl.core.task import run_task
from asl.errors import StatesError
from asl.expr.intrinsic_functions import random_uuid

_SEND, _THROW = 0, 1
_TASK, _SLEEP, _TIMEOUT, _HEARTBEAT, _EXECUTION_TIMEOUT, _MAP_RUN = range(6)

_RUNNERS: dict[str, Callable[..., Any]] = {
    "Pass": run_pass,
    "Choice": run_choice,
    "Succeed": run_succeed,
    "Fail": run_fail,
}
_WAITING_RUNNERS: dict[str, Callable[..., Any]] = {
    "Task": run_task,
    "Wait": run_wait,
    "Parallel": run_parallel,
    "Map": run_map,
}
_ABORTABLE = frozenset({"Task", "Wait", "Parallel", "Map"})


class HistoryLimitExceeded(BaseException):
    """Unwinds the runners when the history quota is hit (not an ASL error: a stop)."""


class _Wait:
    __slots__ = ("kind", "frame", "task_seq", "timeout_seq", "heartbeat_seq", "heartbeat", "token")

    def __init__(self, kind: int, frame: Optional[Frame], task_seq: int = 0):
        self.kind = kind
        self.frame = frame
        self.task_seq = task_seq
        self.timeout_seq = 0
        self.heartbeat_seq = 0
        self.heartbeat: Optional[float] = None
        self.token: Optional[str] = None


class ExecutionCore:
    def __init__(
        self,
        plan: Scope,
        info: ExecutionInfo,
        *,
        seed: int = 0,
        region: str = "us-east-1",
        timeout_seconds: Optional[float] = None,
        history_limit: Optional[int] = None,
        payload_limit: Optional[int] = PAYLOAD_LIMIT,
    ):
        self.plan = plan
        self.info = info
        self.rng = random.Random(seed)
        self.region = region
        self.timeout_seconds = timeout_seconds
        self.history_limit = history_limit
        self.event_ceiling: float = float("inf") if history_limit is None else history_limit
        self.payload_limit = payload_limit
        self.meter = None if payload_limit is None else PayloadMeter(payload_limit)
        self.now = 0.0
        self.clock = Clock(info)
        self.events = EventLog()
        self.path: list[str] = []
        self.variable_bytes = 0  # JSON size of the variables the execution holds
        self.transitions: list[tuple[str, Optional[str], str, Optional[int]]] = []
        self.status = "RUNNING"
        self.finished = False  # status is no longer RUNNING
        self.output: Any = None
        self.error: Optional[str] = None
        self.cause: Optional[str] = None
        self.root: Optional[Frame] = None
        self._seq = 0
        self._waiting: dict[int, _Wait] = {}
        self._tokens: dict[str, int] = {}
        self._runnable: deque[tuple[Frame, int, Any]] = deque()
        self._commands: list[Any] = []

    # ------------------------------------------------------------------ driver API
    def start(self, now: float) -> list[Any]:
        self.now = self.clock.now = now
        self.root = root = Frame(self.plan, "root", 0, None, 0, self.rng, self.clock)
        root.history = self.events
        self.emit(root, "ExecutionStarted", {"input": self.info.input, "roleArn": self.info.role_arn})
        root.last = 0  # the first state's event chains from 0, as AWS records it
        if self.timeout_seconds is not None:
            seq = self._next_seq()
            self._waiting[seq] = _Wait(_EXECUTION_TIMEOUT, None)
            self._commands.append(m.StartTimer(seq, now + self.timeout_seconds))
        if not self._payload_fits(self.info.input):
            self._finish_failed(root, StatesError("States.DataLimitExceeded", too_large("input")))
        else:
            root.gen = self._frame_main(root, self.info.input)
            self._runnable.append((root, _SEND, None))
            self._drain()
        return self._take_commands()

    def resume(self, resolution: Any, now: float) -> list[Any]:
        return self.resume_all((resolution,), now)

    def resume_all(self, resolutions: Any, now: float) -> list[Any]:
        """``resume`` for several resolutions that arrived at the same time, in order: the
        frames they wake run one after another, then the commands they left come back."""
        if now > self.now:
            self.now = self.clock.now = now
        resolvers = self._RESOLVERS
        for resolution in resolutions:
            if self.status != "RUNNING":
                break
            resolvers[type(resolution)](self, resolution)
        if self.status == "RUNNING":
            self._drain()
        return self._take_commands()

    def redrive(self, now: float) -> list[Any]:
        """Restart a FAILED, TIMED_OUT or ABORTED execution from the top-level state that
        did not complete, with the input it had entered with, as AWS's RedriveExecution
        does: ``ExecutionRedriven`` joins the same history and ``$$.Execution.RedriveCount``
        goes up. (AWS re-runs only the unsuccessful iterations of a Map or branches of a
        Parallel; here the whole state runs again.)"""
        root = self.root
        state, value = root.entered if root is not None else (None, None)
        if self.status not in ("FAILED", "TIMED_OUT", "ABORTED") or state is None:
            raise ValueError(f"an execution that is {self.status} cannot be redriven")
        self.now = self.clock.now = max(self.now, now)
        self.info.redrive_count = (self.info.redrive_count or 0) + 1
        self.status, self.output, self.error, self.cause = "RUNNING", None, None, None
        self.finished = False
        root.done = False
        root.pending.clear()
        root.spec = None
        self.emit(root, "ExecutionRedriven", {"redriveCount": self.info.redrive_count})
        root.gen = self._frame_main(root, value, start=state.name)
        self._runnable.append((root, _SEND, None))
        self._drain()
        return self._take_commands()

    def seq_for_token(self, token: str) -> Optional[int]:
        return self._tokens.get(token)

    @property
    def pending_tokens(self) -> list[str]:
        return list(self._tokens)

    # ------------------------------------------------------------------ for runners
    def emit(
        self, frame: Frame, type_: str, details: Optional[dict[str, Any]], prev: Optional[int] = None, advance: bool = True
    ) -> int:
        log = frame.history
        types = log.type
        event_id = len(types) + 1
        if event_id > self.event_ceiling:
            self.history_full()
        log.prev.append(frame.last if prev is None else prev)
        log.ts.append(self.now)
        types.append(type_)
        log.state.append(None)
        log.details.append(details)
        if advance:
            frame.last = event_id
        return event_id

    def history_full(self) -> None:
        """The history quota is reached: unwind the runners (once; the closing events
        are then allowed past the quota)."""
        self.event_ceiling = float("inf")
        raise HistoryLimitExceeded()

    def note_transition(self, frame: Frame, kind: str, index: Optional[int], target: Optional[str]) -> None:
        """Log a transition taken, for coverage: ``(from, to, kind, index)``; ``to`` is
        None when the state ends its frame."""
        self.transitions.append((frame.spec.name, target, kind, index))

    def _payload_fits(self, value: Any) -> bool:
        return self.meter is None or self.meter.fits(value)

    def evaluation_failed(self, frame: Frame, failure: StatesError, location: Optional[str]) -> None:
        details: dict[str, Any] = {"error": failure.error, "cause": failure.cause}
        if location:
            details["location"] = location
        details["state"] = frame.spec.name
        self.emit(frame, "EvaluationFailed", details, prev=frame.entered_prev)

    def new_token(self) -> str:
        return "AQ" + "%064x" % self.rng.getrandbits(256)

    def map_run_arn(self, spec: Any) -> str:
        label = spec.extra.get("label") or spec.name
        run_id = random_uuid(self.rng)
        return f"{self.info.state_machine_arn.replace(':stateMachine:', ':mapRun:')}/{label}:{run_id}"

    def start_sleep(self, frame: Frame, fire_at: float) -> None:
        self._timer(_SLEEP, frame, 0, fire_at)

    def start_task(self, frame: Frame, call: Any) -> None:
        """Number the runner's ``InvokeTask`` and pass it on, with its timers."""
        seq = call.seq = self._next_seq()
        wait = _Wait(_TASK, frame)
        self._waiting[seq] = wait
        frame.pending.add(seq)
        if call.token is not None:
            wait.token = call.token
            self._tokens[call.token] = seq
        self._commands.append(call)
        if call.timeout_seconds is not None:
            wait.timeout_seq = self._timer(_TIMEOUT, frame, seq, self.now + call.timeout_seconds)
        if call.heartbeat_seconds is not None and call.token is not None:
            wait.heartbeat = call.heartbeat_seconds
            wait.heartbeat_seq = self._timer(_HEARTBEAT, frame, seq, self.now + call.heartbeat_seconds)

    def start_map_run(self, frame: Frame, request: Any) -> None:
        seq = self._next_seq()
        self._waiting[seq] = _Wait(_MAP_RUN, frame)
        frame.pending.add(seq)
        self._commands.append(m.StartMapRun(seq, request))

    def spawn(self, scope: Scope, value: Any, parent: Frame, kind: str, index: int, last: int,
              before: Callable[[Any, Frame], None]) -> Frame:
        child = Frame(scope, kind, index, parent, last, self.rng, self.clock)
        before(self, child)
        child.gen = self._frame_main(child, value)
        self._runnable.append((child, _SEND, None))
        return child

    def send(self, frame: Frame, value: Any) -> None:
        self._runnable.append((frame, _SEND, value))

    def throw(self, frame: Frame, failure: StatesError) -> None:
        self._runnable.append((frame, _THROW, failure))

    def abort_state(self, frame: Frame) -> None:
        spec = frame.spec
        if spec is not None and spec.type in _ABORTABLE:
            self.emit(frame, spec.type + "StateAborted", None)
            frame.spec = None

    def abort_frame(self, frame: Frame) -> None:
        if frame.done:
            return
        frame.done = True
        if frame.child_join is not None:
            frame.child_join.abort_children(self)
        for seq in list(frame.pending):
            self._cancel(seq)
        frame.pending.clear()
        self.abort_state(frame)
        if frame.gen is not None:
            frame.gen.close()
            frame.gen = None

    # ------------------------------------------------------------------ scheduling
    def _frame_main(self, frame: Frame, value: Any, start: Optional[str] = None) -> Any:
        states = frame.scope.states
        name: Optional[str] = start or frame.scope.start_at
        while name is not None:
            spec = states[name]
            runner = _RUNNERS.get(spec.type)
            if runner is not None:
                name, value = runner(self, frame, spec, value)
            else:
                name, value = yield from _WAITING_RUNNERS[spec.type](self, frame, spec, value)
        return value

    def _drain(self) -> None:
        runnable = self._runnable
        while runnable:
            frame, mode, value = runnable.popleft()
            if frame.done:
                continue
            try:
                effect = frame.gen.send(value) if mode == _SEND else frame.gen.throw(value)  # type: ignore[union-attr]
            except StopIteration as stop:
                self._frame_ended(frame, stop.value)
            except StatesError as failure:
                self._frame_failed(frame, failure)
            except HistoryLimitExceeded:
                self._history_full()
            except (RecursionError, MemoryError) as exc:
                self._internal_failure(exc)
            else:
                effect.apply(self, frame)
            if self.status != "RUNNING":
                runnable.clear()

    def _release(self, frame: Frame) -> None:
        """A finished frame's generator holds the frame: drop it so reference counting
        frees both; an inner frame's variables vanish with it."""
        frame.done = True
        frame.gen = None
        if frame.parent is not None and frame._variable_sizes:
            self.variable_bytes -= sum(frame._variable_sizes.values())

    def _frame_ended(self, frame: Frame, output: Any) -> None:
        self._release(frame)
        if frame.join is None:
            self._finish_succeeded(frame, output)
            return
        frame.join.child_succeeded(self, frame, output)

    def _frame_failed(self, frame: Frame, failure: StatesError) -> None:
        self._release(frame)
        if frame.join is None:
            self._finish_failed(frame, failure)
            return
        frame.join.child_failed(self, frame, failure)

    # ------------------------------------------------------------------ resolutions
    def _task_wait(self, seq: int) -> Optional[_Wait]:
        wait = self._waiting.get(seq)
        return wait if wait is not None and wait.kind == _TASK else None

    def _close_task(self, seq: int) -> Optional[Frame]:
        wait = self._task_wait(seq)
        if wait is None:
            return None
        del self._waiting[seq]
        frame = wait.frame
        frame.pending.discard(seq)  # type: ignore[union-attr]
        for timer in (wait.timeout_seq, wait.heartbeat_seq):
            if timer:
                self._cancel(timer)
        if wait.token is not None:
            self._tokens.pop(wait.token, None)
        return frame

    def _on_task_succeeded(self, resolution: m.TaskSucceeded) -> None:
        frame = self._close_task(resolution.seq)
        if frame is not None:
            self._runnable.append((frame, _SEND, resolution.output))

    def _on_task_failed(self, resolution: m.TaskFailed) -> None:
        frame = self._close_task(resolution.seq)
        if frame is not None:
            self.throw(frame, StatesError(resolution.error, resolution.cause))

    def _on_task_submitted(self, resolution: m.TaskSubmitted) -> None:
        wait = self._task_wait(resolution.seq)
        if wait is not None:
            self.send(wait.frame, Submitted(resolution.output))  # type: ignore[arg-type]

    def _on_heartbeat(self, resolution: m.TaskHeartbeat) -> None:
        wait = self._task_wait(resolution.seq)
        if wait is None or not wait.heartbeat_seq:
            return
        self._cancel(wait.heartbeat_seq)
        wait.heartbeat_seq = self._timer(_HEARTBEAT, wait.frame, resolution.seq, self.now + wait.heartbeat)  # type: ignore[operator]

    def _on_timer(self, resolution: m.TimerFired) -> None:
        wait = self._waiting.pop(resolution.seq, None)
        if wait is None:
            return
        if wait.kind == _SLEEP:
            wait.frame.pending.discard(resolution.seq)  # type: ignore[union-attr]
            self.send(wait.frame, None)  # type: ignore[arg-type]
        elif wait.kind == _EXECUTION_TIMEOUT:
            self._end_all("TIMED_OUT", "ExecutionTimedOut", StatesError("States.Timeout", None))
        else:  # a task's timeout or heartbeat timer
            wait.frame.pending.discard(resolution.seq)  # type: ignore[union-attr]
            frame = self._close_task(wait.task_seq)
            if frame is not None:
                self._commands.append(m.CancelTask(wait.task_seq))
                self.throw(frame, StatesError("States.Timeout", None))

    def _map_run_wait(self, seq: int) -> Optional[Frame]:
        wait = self._waiting.get(seq)
        if wait is None or wait.kind != _MAP_RUN:
            return None
        del self._waiting[seq]
        wait.frame.pending.discard(seq)  # type: ignore[union-attr]
        return wait.frame

    def _on_map_run_succeeded(self, resolution: m.MapRunSucceeded) -> None:
        frame = self._map_run_wait(resolution.seq)
        if frame is not None:
            self.send(frame, resolution.output)

    def _on_map_run_failed(self, resolution: m.MapRunFailed) -> None:
        frame = self._map_run_wait(resolution.seq)
        if frame is not None:
            self.throw(frame, StatesError(resolution.error, resolution.cause))

    def _on_stop(self, resolution: m.StopRequested) -> None:
        self._end_all("ABORTED", "ExecutionAborted", StatesError(resolution.error, resolution.cause))

    _RESOLVERS = {
        m.TaskSucceeded: _on_task_succeeded,
        m.TaskFailed: _on_task_failed,
        m.TaskSubmitted: _on_task_submitted,
        m.TaskHeartbeat: _on_heartbeat,
        m.TimerFired: _on_timer,
        m.MapRunSucceeded: _on_map_run_succeeded,
        m.MapRunFailed: _on_map_run_failed,
        m.StopRequested: _on_stop,
    }

    # ------------------------------------------------------------------ endings
    def _finish_succeeded(self, root: Frame, output: Any) -> None:
        if not self._payload_fits(output):
            self._finish_failed(root, StatesError("States.DataLimitExceeded", too_large("output")))
            return
        self.emit(root, "ExecutionSucceeded", {"output": output})
        self._finish("SUCCEEDED", output=output)

    def _finish_failed(self, root: Frame, failure: StatesError) -> None:
        self.emit(root, "ExecutionFailed", error_details(failure.error, failure.cause))
        self._finish("FAILED", error=failure.error, cause=failure.cause)

    def _end_all(self, status: str, event: str, failure: StatesError) -> None:
        root = self.root
        assert root is not None
        self.abort_frame(root)
        self.emit(root, event, error_details(failure.error, failure.cause))
        self._finish(status, error=failure.error, cause=failure.cause)

    def _history_full(self) -> None:
        failure = StatesError(
            "States.Runtime",
            f"The execution reached the maximum number of history events ({self.history_limit}).",
        )
        self._end_all("FAILED", "ExecutionFailed", failure)

    def _internal_failure(self, exc: BaseException) -> None:
        failure = StatesError("States.Runtime", f"The execution could not continue: {type(exc).__name__}: {exc}")
        self._end_all("FAILED", "ExecutionFailed", failure)

    def _finish(self, status: str, output: Any = None, error: Optional[str] = None, cause: Optional[str] = None) -> None:
        self.status, self.output, self.error, self.cause = status, output, error, cause
        self.finished = True
        for seq in list(self._waiting):
            self._cancel(seq)
        self._commands.append(m.Finish(status, output, error, cause))

    # ------------------------------------------------------------------ plumbing
    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _timer(self, kind: int, frame: Optional[Frame], task_seq: int, fire_at: float) -> int:
        seq = self._next_seq()
        self._waiting[seq] = _Wait(kind, frame, task_seq)
        if frame is not None:
            frame.pending.add(seq)
        self._commands.append(m.StartTimer(seq, fire_at))
        return seq

    def _cancel(self, seq: int) -> None:
        wait = self._waiting.pop(seq, None)
        if wait is None:
            return
        if wait.frame is not None:
            wait.frame.pending.discard(seq)
        if wait.kind in (_TASK, _MAP_RUN):
            if wait.token is not None:
                self._tokens.pop(wait.token, None)
            for timer in (wait.timeout_seq, wait.heartbeat_seq):
                if timer:
                    self._cancel(timer)
            self._commands.append(m.CancelTask(seq))
        else:
            self._commands.append(m.CancelTimer(seq))

    def _take_commands(self) -> list[Any]:
        commands, self._commands = self._commands, []
        return commands
