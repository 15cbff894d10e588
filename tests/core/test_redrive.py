"""Redrive: a failed execution restarts from the state that failed, in the same history."""
from __future__ import annotations

import pytest

import asl
from asl.core import messages as m
from asl.core.execution import ExecutionCore
from asl.core.frame import ExecutionInfo

DEFINITION = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Result": {"n": 1}, "ResultPath": "$.prep", "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "f", "Payload": {"count.$": "$$.Execution.RedriveCount"}},
                 "ResultSelector": {"seen.$": "$.Payload"}, "End": True},
    },
}


def _core() -> ExecutionCore:
    info = ExecutionInfo("arn:exec", "e", "arn:sm", "sm", "arn:role", "2025-01-01T00:00:00.000Z", {"x": 1})
    return ExecutionCore(asl.parse(DEFINITION).plan, info)


def _invocation(commands):
    call, = [c for c in commands if isinstance(c, m.InvokeTask)]
    return call


def test_redrive_resumes_at_the_failed_state_with_its_input_and_counts():
    core = _core()
    call = _invocation(core.start(0.0))
    assert call.payload["Payload"] == {"count": 0}
    core.resume(m.TaskFailed(call.seq, "Boom", "first try"), 1.0)
    assert (core.status, core.error) == ("FAILED", "Boom")
    entered_before = [e for e in core.events if e.type == "PassStateEntered"]

    call = _invocation(core.redrive(5.0))
    assert core.status == "RUNNING"
    assert call.payload["Payload"] == {"count": 1}
    commands = core.resume(m.TaskSucceeded(call.seq, {"Payload": "ok"}), 6.0)
    assert commands[-1] == m.Finish("SUCCEEDED", {"seen": "ok"}, None, None)
    types = [e.type for e in core.events]
    assert types.count("ExecutionRedriven") == 1
    assert types[types.index("ExecutionRedriven") + 1] == "TaskStateEntered"
    assert [e for e in core.events if e.type == "PassStateEntered"] == entered_before  # Prepare not re-run
    assert [e.id for e in core.events] == list(range(1, len(core.events) + 1))


def test_only_ended_unsuccessful_executions_can_be_redriven():
    core = _core()
    call = _invocation(core.start(0.0))
    with pytest.raises(ValueError):
        core.redrive(1.0)
    core.resume(m.TaskSucceeded(call.seq, {"Payload": 1}), 1.0)
    with pytest.raises(ValueError):
        core.redrive(2.0)
