"""The asyncio driver: real concurrency, timers, cancellation, heartbeats, the journal."""
from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import asl
from asl.core import messages as m
from asl.core.execution import ExecutionCore
from asl.core.frame import ExecutionInfo
from asl.drivers.aio import AsyncioDriver, AsyncTaskResolver, DriverStep, Outstanding
from asl.drivers.outcomes import resolutions_for
from asl.drivers.clocks import ManualClock, VirtualClock
from asl.tasks import Outcome

FN = "arn:aws:lambda:us-east-1:123456789012:function:"
CALLBACK = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"


def driver_for(states: dict[str, Any], tasks: dict[str, Callable[..., Any]], clock: Any = None,
               journal: Any = None, value: Any = None) -> AsyncioDriver:
    plan = asl.parse({"StartAt": next(iter(states)), "States": states}).plan
    info = ExecutionInfo("arn:aws:states:us-east-1:123456789012:execution:M:e", "e",
                         "arn:aws:states:us-east-1:123456789012:stateMachine:M", "M",
                         "arn:aws:iam::123456789012:role/r", "2025-01-01T00:00:00.000Z", value or {})
    core = ExecutionCore(plan, info, seed=1)
    return AsyncioDriver(core, AsyncTaskResolver(tasks), clock or VirtualClock(0.0), journal=journal)


def run(driver: AsyncioDriver) -> str:
    async def go() -> str:
        driver.start()
        assert driver.done is not None
        return await driver.done

    return asyncio.run(go())


class Overlap:
    """Counts how many calls run at the same time."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


def parallel(branches: int) -> dict[str, Any]:
    return {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": f"T{i}", "States": {f"T{i}": {"Type": "Task", "Resource": FN + "work", "End": True}}}
        for i in range(branches)]}}


def test_async_callables_of_parallel_branches_run_at_once() -> None:
    overlap = Overlap()

    async def work(value: Any) -> Any:
        overlap.enter()
        for _ in range(5):
            await asyncio.sleep(0)
        overlap.leave()
        return value

    driver = driver_for(parallel(3), {"work": work})
    assert run(driver) == "SUCCEEDED"
    assert overlap.most == 3


def test_sync_callables_run_in_threads_at_once() -> None:
    overlap = Overlap()
    threads: set[int] = set()
    together = threading.Barrier(3, timeout=60)  # passes only once all three run at the same time

    def work(value: Any) -> Any:
        threads.add(threading.get_ident())
        overlap.enter()
        together.wait()
        overlap.leave()
        return value

    driver = driver_for(parallel(3), {"work": work})
    assert run(driver) == "SUCCEEDED"
    assert overlap.most == 3 and threading.get_ident() not in threads


def test_map_respects_max_concurrency() -> None:
    overlap = Overlap()

    async def work(value: Any) -> Any:
        overlap.enter()
        await asyncio.sleep(0.001)
        overlap.leave()
        return value * 2

    states = {"M": {"Type": "Map", "MaxConcurrency": 3, "End": True, "ItemProcessor": {
        "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": FN + "work", "End": True}}}}}
    driver = driver_for(states, {"work": work}, value=list(range(10)))
    assert run(driver) == "SUCCEEDED"
    assert driver.core.output == [i * 2 for i in range(10)]
    assert overlap.most == 3


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=6))
def test_parallel_output_is_in_branch_order_whatever_the_finishing_order(delays: list[int]) -> None:
    async def work(value: Any, context: Any) -> Any:
        index = int(context.state_name[1:])
        for _ in range(delays[index]):
            await asyncio.sleep(0)
        return index

    driver = driver_for(parallel(len(delays)), {"work": work})
    assert run(driver) == "SUCCEEDED"
    assert driver.core.output == list(range(len(delays)))


def test_virtual_clock_makes_long_waits_instant_with_exact_timestamps() -> None:
    states = {"Nap": {"Type": "Wait", "Seconds": 365 * 24 * 3600, "End": True}}
    driver = driver_for(states, {}, clock=VirtualClock(1000.0))
    assert run(driver) == "SUCCEEDED"
    events = driver.core.events
    assert events[-1].ts - events[0].ts == 365 * 24 * 3600


def test_virtual_clock_stands_still_while_a_task_runs() -> None:
    async def slow(value: Any) -> Any:
        await asyncio.sleep(0.05)
        return "done"

    states = {"T": {"Type": "Task", "Resource": FN + "slow", "TimeoutSeconds": 1, "End": True}}
    driver = driver_for(states, {"slow": slow})
    assert run(driver) == "SUCCEEDED" and driver.core.output == "done"


def test_a_timed_out_task_is_cancelled() -> None:
    clock = ManualClock(0.0)

    async def scenario() -> tuple[str, bool]:
        started, stopped = asyncio.Event(), asyncio.Event()

        async def hang(value: Any) -> Any:
            started.set()
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                stopped.set()
                raise

        states = {"T": {"Type": "Task", "Resource": FN + "hang", "TimeoutSeconds": 5, "End": True}}
        driver = driver_for(states, {"hang": hang}, clock=clock)
        driver.start()
        await started.wait()
        clock.advance(4.9)
        assert not driver.done.done()  # type: ignore[union-attr]
        clock.advance(0.1)
        status = await driver.done  # type: ignore[misc]
        await asyncio.sleep(0)
        return status, stopped.is_set()

    status, was_cancelled = asyncio.run(scenario())
    assert status == "FAILED" and was_cancelled


def test_heartbeats_keep_a_callback_alive() -> None:
    clock = ManualClock(0.0)
    contexts: list[Any] = []

    def submit(payload: Any, context: Any) -> Any:
        contexts.append(context)
        return {}

    states = {"Ask": {"Type": "Task", "Resource": CALLBACK, "HeartbeatSeconds": 10, "End": True,
                      "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}}}

    async def scenario() -> AsyncioDriver:
        driver = driver_for(states, {CALLBACK: submit}, clock=clock)
        driver.start()
        while not contexts or driver.in_flight:
            await asyncio.sleep(0)
        clock.advance(8)
        contexts[0].heartbeat()
        await asyncio.sleep(0)
        clock.advance(8)  # 16 s after the start, 8 after the heartbeat
        assert not driver.done.done()  # type: ignore[union-attr]
        clock.advance(3)  # 11 s after the heartbeat
        await driver.done  # type: ignore[misc]
        return driver

    driver = asyncio.run(scenario())
    assert driver.core.status == "FAILED"
    assert [e.type for e in driver.core.events][-2:] == ["TaskTimedOut", "ExecutionFailed"]


def test_the_journal_sees_each_step_before_its_commands_run() -> None:
    seen: list[tuple[int, int, list[str]]] = []

    def journal(driver: AsyncioDriver, step: DriverStep) -> None:
        seen.append((step.index, driver.in_flight, [type(c).__name__ for c in step.commands]))

    async def work(value: Any) -> Any:
        return value

    driver = driver_for({"T": {"Type": "Task", "Resource": FN + "work", "End": True}}, {"work": work},
                        journal=journal)
    assert run(driver) == "SUCCEEDED"
    assert seen[0] == (0, 0, ["InvokeTask"])  # the task starts only once the step is journaled
    assert [index for index, _, _ in seen] == list(range(len(seen)))
    assert seen[-1][2] == ["Finish"]


def test_a_failing_journal_halts_the_driver() -> None:
    calls: list[Any] = []

    def journal(driver: AsyncioDriver, step: DriverStep) -> None:
        if step.index == 1:
            raise OSError("disk full")

    async def work(value: Any) -> Any:
        calls.append(value)
        return value

    states = {"A": {"Type": "Task", "Resource": FN + "work", "Next": "B"},
              "B": {"Type": "Task", "Resource": FN + "work", "End": True}}
    driver = driver_for(states, {"work": work}, journal=journal)
    with pytest.raises(OSError, match="disk full"):
        run(driver)
    assert len(calls) == 1 and isinstance(driver.halted, OSError)


def test_replay_regenerates_the_history_and_what_is_outstanding() -> None:
    steps: list[tuple[Any, float]] = []

    def journal(driver: AsyncioDriver, step: DriverStep) -> None:
        steps.append((step.resolution, step.now))

    def submit(payload: Any) -> Any:
        return {}

    states = {"Nap": {"Type": "Wait", "Seconds": 5, "Next": "Ask"},
              "Ask": {"Type": "Task", "Resource": CALLBACK, "End": True,
                      "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}}}

    async def scenario() -> tuple[AsyncioDriver, AsyncioDriver]:
        live = driver_for(states, {CALLBACK: submit}, journal=journal)
        live.start()
        while not live.core.pending_tokens or live.in_flight:
            await asyncio.sleep(0)
        replayed = driver_for(states, {CALLBACK: submit})
        replayed.replay(steps)
        return live, replayed

    live, replayed = asyncio.run(scenario())
    assert list(replayed.core.events) == list(live.core.events)
    assert replayed.outstanding.callbacks.keys() == live.outstanding.callbacks.keys() != set()
    assert replayed.outstanding.tasks == {} and replayed.outstanding.timers == {}


# ----------------------------------------------------------------------------- task answers
def invoke(resolver: AsyncTaskResolver, resource: str, payload: Any, state: str = "S") -> Outcome:
    from asl.tasks import TaskContext

    async def go() -> Outcome:
        loop = asyncio.get_running_loop()
        context = TaskContext(state, resource, None, 0, {})
        return await resolver.ainvoke(state, resource, payload, context,
                                      lambda call: loop.run_in_executor(None, call))

    return asyncio.run(go())


def test_async_exceptions_become_lambda_errors() -> None:
    async def broken(value: Any) -> Any:
        raise KeyError("missing")

    outcome = invoke(AsyncTaskResolver({"f": broken}), FN + "f", {})
    assert not outcome.ok and outcome.error == "KeyError" and '"errorType":"KeyError"' in (outcome.cause or "")


def test_task_failed_sets_error_and_cause() -> None:
    async def refuse(value: Any) -> Any:
        raise asl.TaskFailed("Order.Rejected", "out of stock")

    outcome = invoke(AsyncTaskResolver({"f": refuse}), FN + "f", {})
    assert (outcome.ok, outcome.error, outcome.cause) == (False, "Order.Rejected", "out of stock")


def test_lambda_invoke_wraps_async_results() -> None:
    async def double(value: Any) -> Any:
        return value * 2

    outcome = invoke(AsyncTaskResolver({"f": double}), "arn:aws:states:::lambda:invoke",
                     {"FunctionName": "f", "Payload": 21})
    assert outcome.ok and outcome.output["Payload"] == 42 and outcome.output["StatusCode"] == 200


def test_mocks_answer_without_calling_anything() -> None:
    resolver = AsyncTaskResolver({}, {"S": [{"Return": {"mocked": True}}]})
    assert invoke(resolver, FN + "f", {}).output == {"mocked": True}


def test_non_json_results_fail_the_task() -> None:
    async def bad(value: Any) -> Any:
        return {1, 2}

    outcome = invoke(AsyncTaskResolver({"f": bad}), FN + "f", {})
    assert not outcome.ok and outcome.error == "States.Runtime"


@pytest.mark.parametrize("resource, token, mocked, ok, expected", [
    (FN + "f", None, False, True, ["TaskSucceeded"]),
    (FN + "f", None, False, False, ["TaskFailed"]),
    (CALLBACK, "tok", False, True, ["TaskSubmitted"]),
    (CALLBACK, "tok", False, False, ["TaskFailed"]),
    (CALLBACK, "tok", True, True, ["TaskSubmitted", "TaskSucceeded"]),
    ("arn:aws:states:::ecs:runTask.sync", None, False, True, ["TaskSubmitted", "TaskSucceeded"]),
    ("arn:aws:states:us-east-1:123456789012:activity:a", "tok", False, True, ["TaskSucceeded"]),
])
def test_resolutions_for_each_kind_of_task(resource: str, token: Optional[str], mocked: bool, ok: bool,
                                           expected: list[str]) -> None:
    call = m.InvokeTask(7, "S", resource, {}, token)
    outcome = Outcome(True, {"r": 1}) if ok else Outcome(False, error="E", cause="C")
    resolutions = resolutions_for(call, outcome, mocked)
    assert [type(r).__name__ for r in resolutions] == expected
    assert all(r.seq == 7 for r in resolutions)


def test_outstanding_tracks_tasks_callbacks_and_timers() -> None:
    outstanding = Outstanding()
    call = m.InvokeTask(1, "S", CALLBACK, {}, "tok")
    change = outstanding.absorb(None, [call, m.StartTimer(2, 50.0)])
    assert change.opened == [(1, "task", None, "tok", "S"), (2, "timer", 50.0, None, None)]
    change = outstanding.absorb(m.TaskSubmitted(1, {}), [])
    assert change.opened == [(1, "callback", None, "tok", "S")] and outstanding.callbacks == {1: call}
    change = outstanding.absorb(m.TimerFired(2), [m.CancelTask(1)])
    assert change.closed == [2, 1] and change.tokens_closed == [("tok", "TIMED_OUT")]
    assert (outstanding.tasks, outstanding.callbacks, outstanding.timers) == ({}, {}, {})


# ----------------------------------------------------------------------------- Distributed Map
DISTRIBUTED = {"M": {
    "Type": "Map", "ItemsPath": "$.items", "End": True,
    "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Work",
        "States": {"Work": {"Type": "Task", "Resource": FN + "double", "End": True}},
    },
}}


def test_a_distributed_map_runs_its_children_with_async_and_sync_callables() -> None:
    async def double(value: Any) -> Any:
        await asyncio.sleep(0)
        return value * 2

    driver = driver_for(DISTRIBUTED, {"double": double}, value={"items": [1, 2, 3]})
    assert run(driver) == "SUCCEEDED" and driver.core.output == [2, 4, 6]
    types = [e.type for e in driver.core.events]
    assert types[2:5] == ["MapStateStarted", "MapRunStarted", "MapRunSucceeded"]
    [outcome] = driver.map_runs.values()
    assert [child.output for child in outcome.children] == [2, 4, 6]

    def fail_two(value: Any) -> Any:
        if value == 2:
            raise ValueError("two")
        return value

    failing = driver_for(DISTRIBUTED, {"double": fail_two}, value={"items": [1, 2, 3]})
    assert run(failing) == "FAILED" and failing.core.error == "ValueError"


def test_a_map_run_is_outstanding_until_it_answers() -> None:
    outstanding = Outstanding()
    request = m.MapRunRequest("arn:aws:states:us-east-1:123456789012:mapRun:M/x:1", "M", {})
    change = outstanding.absorb(None, [m.StartMapRun(3, request)])
    assert change.opened == [(3, "map-run", None, None, "M")] and 3 in outstanding.map_runs
    assert outstanding.absorb(m.MapRunSucceeded(3, []), []).closed == [3] and outstanding.map_runs == {}
    outstanding.absorb(None, [m.StartMapRun(4, request)])
    assert outstanding.absorb(None, [m.CancelTask(4)]).closed == [4]


def test_what_a_service_answered_at_submission_is_the_submitted_output() -> None:
    call = m.InvokeTask(1, "S", "arn:aws:states:::ecs:runTask.sync", {}, None)
    outcome = Outcome(True, {"done": 1}, submitted={"TaskArn": "t"})
    assert [(type(r).__name__, r.output) for r in resolutions_for(call, outcome, False)] == [
        ("TaskSubmitted", {"TaskArn": "t"}), ("TaskSucceeded", {"done": 1})]


def test_service_backends_are_called_off_the_loop() -> None:
    threads: list[int] = []

    class Backend:
        def invoke(self, state: str, info: Any, payload: Any, context: Any) -> Outcome:
            threads.append(threading.get_ident())
            return Outcome(True, {"from": "service"})

    resolver = AsyncTaskResolver({}, {}, services={"endpoint_url": "http://127.0.0.1:1"})
    resolver._backend = Backend()
    outcome = invoke(resolver, "arn:aws:states:::sqs:sendMessage", {})
    assert outcome.output == {"from": "service"} and threads and threads[0] != threading.get_ident()
