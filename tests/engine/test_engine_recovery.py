"""Durability: what survives an engine going away, and what recovery does with it.

An engine that is closed (or dies) leaves its RUNNING executions in the store; the next
engine on the same store replays them and carries on: a Wait with its remaining time, a
task in flight invoked again with the same token and attempt, a callback still pending.
A replay that does not match the stored history is reported, never silently resumed.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

import asl
from asl.drivers.clocks import ManualClock
from asl.store import StoreError
from engine_fixtures import CALLBACK, ROLE, Tokens, callback, machine, task, wait_for_event


def _create(engine: asl.Engine, definition: str, name: str = "M") -> str:
    return engine.create_state_machine(name=name, definition=definition, roleArn=ROLE)["stateMachineArn"]


def _history(engine: asl.Engine, arn: str) -> list[dict[str, Any]]:
    return [e for page in engine.get_paginator("get_execution_history").paginate(executionArn=arn)
            for e in page["events"]]


def test_a_wait_resumes_with_its_remaining_time(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    definition = machine({"Nap": {"Type": "Wait", "Seconds": 100, "Next": "Done"}, "Done": {"Type": "Succeed"}})
    first_clock = ManualClock(1000.0)
    with asl.Engine(store, clock=first_clock) as engine:
        execution = engine.start_execution(stateMachineArn=_create(engine, definition))["executionArn"]
        first_clock.advance(40)
        assert engine.describe_execution(executionArn=execution)["status"] == "RUNNING"
    second_clock = ManualClock(1060.0)  # the process was down for 20 seconds
    with asl.Engine(store, clock=second_clock) as engine:
        assert engine.recover() == {"resumed": [], "problems": []}  # already resumed on first use
        second_clock.advance(39.5)
        assert engine.describe_execution(executionArn=execution)["status"] == "RUNNING"
        second_clock.advance(0.5)
        ended = engine.wait(execution)
        assert ended["status"] == "SUCCEEDED"
        exited = [e for e in _history(engine, execution) if e["type"] == "WaitStateExited"][0]
        assert exited["timestamp"].timestamp() == 1100.0  # entered at 1000 + 100 s, not a second more


def test_a_task_in_flight_is_invoked_again_with_its_token_and_attempt(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    release = threading.Event()
    first_calls: list[tuple[str, int]] = []
    definition = machine({"Work": {**callback(), "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 5}],
                                   "End": True}})

    def flaky_then_stuck(payload: Any, context: Any) -> Any:
        first_calls.append((context.token, context.attempt))
        if context.attempt == 0:
            raise asl.TaskFailed("Flaky", "first attempt")
        release.wait()  # the process "dies" while this runs
        return {}

    try:
        with asl.Engine(store, clock="virtual", tasks={CALLBACK: flaky_then_stuck}) as engine:
            execution = engine.start_execution(stateMachineArn=_create(engine, definition))["executionArn"]
            while len(first_calls) < 2:
                threading.Event().wait(0.01)
        second = Tokens()
        second_calls: list[int] = []

        def record(payload: Any, context: Any) -> Any:
            second_calls.append(context.attempt)
            return second(payload)

        with asl.Engine(store, clock="virtual", tasks={CALLBACK: record}) as engine:
            engine.recover()
            assert second.tokens == [first_calls[1][0]] and second_calls == [1]
            engine.send_task_success(taskToken=second.get(0), output='{"done": true}')
            assert json.loads(engine.wait(execution)["output"]) == {"done": True}
            scheduled = [e for e in _history(engine, execution) if e["type"] == "TaskScheduled"]
            assert len(scheduled) == 2, "the re-invocation is not a new attempt in the history"
    finally:
        release.set()


def test_a_pending_callback_stays_pending(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    tokens = Tokens()
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}) as engine:
        execution = engine.start_execution(stateMachineArn=_create(engine, machine({"Ask": callback(End=True)})),
                                           input='{"order": 7}')["executionArn"]
        wait_for_event(engine, execution, "TaskSubmitted")
    assert len(tokens.tokens) == 1
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}) as engine:
        assert engine.recover() == {"resumed": [], "problems": []}
        assert len(tokens.tokens) == 1, "a submitted callback must not be invoked again"
        engine.send_task_success(taskToken=tokens.get(0), output='{"paid": true}')
        assert json.loads(engine.wait(execution)["output"]) == {"paid": True}


def _tamper(store: Path, sql: str, *params: Any) -> None:
    with sqlite3.connect(store) as db:
        assert db.execute(sql, params).rowcount > 0


def test_a_changed_definition_is_reported_not_resumed(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    tokens = Tokens()
    definition = machine({"Before": {"Type": "Pass", "Result": 1, "Next": "Ask"}, "Ask": callback(End=True)})
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}) as engine:
        execution = engine.start_execution(stateMachineArn=_create(engine, definition))["executionArn"]
        wait_for_event(engine, execution, "TaskSubmitted")
    changed = definition.replace('"Result": 1', '"Result": 2')
    _tamper(store, "UPDATE revisions SET definition = ?", changed)
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}, recover=False) as engine:
        report = engine.recover()
        assert report["resumed"] == []
        [problem] = report["problems"]
        assert problem["executionArn"] == execution and problem["error"] == "NondeterminismError"
        assert problem["cause"].startswith("event 3 differs")
        assert engine.describe_execution(executionArn=execution)["status"] == "RUNNING"
        with pytest.raises(engine.exceptions.TaskDoesNotExist):
            engine.send_task_success(taskToken=tokens.get(0), output="{}")
        engine.stop_execution(executionArn=execution, error="Operator", cause="definition changed")
        assert engine.describe_execution(executionArn=execution)["status"] == "ABORTED"
        events = _history(engine, execution)
        assert [e["id"] for e in events] == list(range(1, len(events) + 1))
        assert events[-1]["type"] == "ExecutionAborted"
        assert events[-1]["executionAbortedEventDetails"] == {"error": "Operator", "cause": "definition changed"}


def test_a_tampered_history_is_reported(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    tokens = Tokens()
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}) as engine:
        engine.start_execution(stateMachineArn=_create(engine, machine({"Ask": callback(End=True)})))
    _tamper(store, "UPDATE events SET type = 'Bogus' WHERE id = 2")
    with asl.Engine(store, clock="virtual", recover=False) as engine:
        [problem] = engine.recover()["problems"]
        assert "event 2 differs: stored Bogus" in problem["cause"]


def test_a_failed_write_stops_the_execution_until_recovery(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    tokens = Tokens()
    definition = machine({"Ask": callback(Next="Done"), "Done": {"Type": "Pass", "End": True}})
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}) as engine:
        execution = engine.start_execution(stateMachineArn=_create(engine, definition))["executionArn"]
        wait_for_event(engine, execution, "TaskSubmitted")
        runtime = engine._async._runtime
        assert runtime is not None
        original = runtime.store.append_step

        def broken(*args: Any) -> None:
            raise StoreError("disk full")

        runtime.store.append_step = broken  # type: ignore[method-assign]
        with pytest.raises(StoreError):
            engine.send_task_success(taskToken=tokens.get(0), output='{"a": 1}')
        runtime.store.append_step = original  # type: ignore[method-assign]
        assert engine.describe_execution(executionArn=execution)["status"] == "RUNNING"
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: tokens}) as engine:
        engine.recover()
        engine.send_task_success(taskToken=tokens.get(0), output='{"a": 1}')
        assert json.loads(engine.wait(execution)["output"]) == {"a": 1}


def test_one_engine_per_store(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    with asl.Engine(store) as first:
        first.list_state_machines()
        with pytest.raises(StoreError, match="another engine"):
            asl.Engine(store).list_state_machines()
    with asl.Engine(store) as again:
        assert again.list_state_machines()["stateMachines"] == []


def test_memory_store_keeps_nothing_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with asl.Engine(":memory:", clock="virtual") as engine:
        arn = _create(engine, machine({"T": task("add", End=True)}))
        engine.register_task("add", lambda v: v)
        engine.wait(engine.start_execution(stateMachineArn=arn)["executionArn"])
    assert list(tmp_path.iterdir()) == []


def test_history_limit_fails_a_standard_execution(tmp_path: Path) -> None:
    loop = machine({
        "Spin": {"Type": "Pass", "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
                  "Default": "Spin"},
        "Done": {"Type": "Succeed"},
    })
    with asl.Engine(":memory:", clock="virtual") as engine:
        execution = engine.start_execution(stateMachineArn=_create(engine, loop))["executionArn"]
        ended = engine.wait(execution)
        assert ended["status"] == "FAILED" and ended["error"] == "States.Runtime"
        assert "25000" in ended["cause"]
        assert ended["redriveStatusReason"] == "Execution history event limit exceeded"
        last = engine.get_execution_history(executionArn=execution, reverseOrder=True, maxResults=1)["events"][0]
        assert last["type"] == "ExecutionFailed" and last["id"] >= 25000


def test_a_redriven_execution_survives_a_restart(tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    tokens = Tokens()
    answers = iter([asl.TaskFailed("Busy", "try later")])

    def flaky(payload: Any) -> Any:
        failure = next(answers, None)
        if failure is not None:
            raise failure
        return tokens(payload)

    definition = machine({"Ask": callback(End=True)})
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: flaky}) as engine:
        execution = engine.start_execution(stateMachineArn=_create(engine, definition))["executionArn"]
        failed = engine.wait(execution)
        assert (failed["status"], failed["redriveStatus"]) == ("FAILED", "REDRIVABLE")
        redriven = engine.redrive_execution(executionArn=execution)
        assert set(redriven) - {"ResponseMetadata"} == {"redriveDate"}
        running = engine.describe_execution(executionArn=execution)
        assert (running["status"], running["redriveCount"]) == ("RUNNING", 1)
        assert running["redriveDate"] == redriven["redriveDate"] and "stopDate" not in running
        assert [e["name"] for e in engine.list_executions(
            stateMachineArn=running["stateMachineArn"], redriveFilter="REDRIVEN")["executions"]] == [running["name"]]
        wait_for_event(engine, execution, "TaskSubmitted")
    with asl.Engine(store, clock="virtual", tasks={CALLBACK: flaky}) as engine:
        assert engine.recover()["problems"] == []
        engine.send_task_success(taskToken=tokens.get(0), output='{"second": "time"}')
        ended = engine.wait(execution)
        assert (ended["status"], json.loads(ended["output"]), ended["redriveCount"]) == (
            "SUCCEEDED", {"second": "time"}, 1)
        events = _history(engine, execution)
        assert [e["id"] for e in events] == list(range(1, len(events) + 1))
        redriven = [e for e in events if e["type"] == "ExecutionRedriven"]
        assert [e["executionRedrivenEventDetails"] for e in redriven] == [{"redriveCount": 1}]
        with pytest.raises(engine.exceptions.ExecutionNotRedrivable):
            engine.redrive_execution(executionArn=execution)
