"""Task tokens: an execution waits for a callback, takes heartbeats, can be stopped."""
from __future__ import annotations

import pytest

import asl
from asl.machine import InvalidToken

APPROVAL = {
    "StartAt": "Ask",
    "States": {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs/approvals", "MessageBody": {"token.$": "$$.Task.Token", "who.$": "$.who"}},
            "HeartbeatSeconds": 600,
            "TimeoutSeconds": 86400,
            "ResultPath": "$.decision",
            "Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.rejection", "Next": "Rejected"}],
            "Next": "Approved",
        },
        "Approved": {"Type": "Succeed"},
        "Rejected": {"Type": "Fail", "Error": "Rejected", "CausePath": "$.rejection.Cause"},
    },
}


def _sent(messages):
    def send(payload):
        messages.append(payload)
        return {"MessageId": f"m{len(messages)}"}
    return send


def test_waits_for_the_token_then_continues_with_the_answer():
    messages = []
    execution = asl.parse(APPROVAL).start({"who": "ann"}, {"Ask": _sent(messages)}).run_until_blocked()
    assert execution.status == "RUNNING"
    token = messages[0]["MessageBody"]["token"]
    assert execution.pending_tokens == [token]
    types = [e["type"] for e in execution.history]
    assert types[-3:] == ["TaskScheduled", "TaskStarted", "TaskSubmitted"]
    assert execution.history[-1]["taskSubmittedEventDetails"]["output"] == '{"MessageId":"m1"}'

    execution.send_task_success(token, {"approved": True})
    result = execution.result()
    assert result.status == "SUCCEEDED"
    assert result.output == {"who": "ann", "decision": {"approved": True}}
    assert execution.pending_tokens == []


def test_a_failure_sent_through_the_token_goes_to_the_catcher():
    messages = []
    execution = asl.parse(APPROVAL).start({"who": "bob"}, {"Ask": _sent(messages)}).run_until_blocked()
    execution.send_task_failure(messages[0]["MessageBody"]["token"], "Rejected", "budget exhausted")
    result = execution.result()
    assert (result.status, result.error, result.cause) == ("FAILED", "Rejected", "budget exhausted")
    assert result.path == ["Ask", "Rejected"]


def test_heartbeats_keep_a_callback_alive_and_their_absence_times_it_out():
    messages = []
    execution = asl.parse(APPROVAL).start({"who": "cy"}, {"Ask": _sent(messages)}).run_until_blocked()
    token = messages[0]["MessageBody"]["token"]
    started = execution.now
    for _ in range(3):  # every 500 s a heartbeat, within the 600 s HeartbeatSeconds
        execution.advance(500)
        execution.send_task_heartbeat(token)
        assert execution.status == "RUNNING"
    execution.advance()  # to the next timer: the heartbeat deadline
    result = execution.result()
    assert (result.status, result.error) == ("FAILED", "States.Timeout")
    timed_out = result.history[-2]
    assert timed_out["type"] == "TaskTimedOut"
    assert (timed_out["timestamp"] - started).total_seconds() == 3 * 500 + 600


def test_unknown_tokens_are_refused_clearly():
    execution = asl.parse(APPROVAL).start({"who": "d"}, {"Ask": _sent([])}).run_until_blocked()
    with pytest.raises(InvalidToken):
        execution.send_task_success("not-a-token", {})


def test_stop_aborts_a_waiting_execution():
    execution = asl.parse(APPROVAL).start({"who": "e"}, {"Ask": _sent([])}).run_until_blocked()
    execution.stop("Operator", "changed our mind")
    result = execution.result()
    assert (result.status, result.error, result.cause) == ("ABORTED", "Operator", "changed our mind")
    assert [e["type"] for e in result.history][-2:] == ["TaskStateAborted", "ExecutionAborted"]
    assert execution.pending_tokens == []


def test_mocked_callback_tasks_complete_without_a_callback():
    result = asl.parse(APPROVAL).run({"who": "f"}, mocks={"Ask": [{"Return": {"approved": "yes"}}]})
    assert result.status == "SUCCEEDED"
    assert result.output["decision"] == {"approved": "yes"}


def test_heartbeat_timeout_fires_when_no_heartbeat_arrives():
    definition = {
        "StartAt": "Ask",
        "States": {"Ask": dict(APPROVAL["States"]["Ask"], Catch=[], End=True, HeartbeatSeconds=5)},
    }
    del definition["States"]["Ask"]["Next"]
    result = asl.parse(definition).run({"who": "g"}, {"Ask": _sent([])})
    assert (result.status, result.error) == ("FAILED", "States.Timeout")
    assert result.history[-2]["type"] == "TaskTimedOut"


def test_the_task_token_is_in_the_context_object_of_its_own_task_only():
    definition = {"StartAt": "Ask", "States": {
        "Ask": dict(APPROVAL["States"]["Ask"], Catch=[], Next="After"),
        "After": {"Type": "Pass", "Parameters": {"context.$": "$$"}, "End": True},
    }}
    del definition["States"]["Ask"]["HeartbeatSeconds"]
    messages = []
    execution = asl.parse(definition).start({"who": "h"}, {"Ask": _sent(messages)}).run_until_blocked()
    execution.send_task_success(messages[0]["MessageBody"]["token"], {"approved": True})
    result = execution.result()
    assert result.status == "SUCCEEDED"
    assert "Task" not in result.output["context"]
