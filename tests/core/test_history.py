"""History events: AWS's shape, produced lazily, read-only."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import asl
from asl.core.history import History, details_member, json_safe, materialize, new_event


def test_details_member_names_follow_aws():
    assert details_member("PassStateEntered") == "stateEnteredEventDetails"
    assert details_member("MapStateExited") == "stateExitedEventDetails"
    assert details_member("TaskScheduled") == "taskScheduledEventDetails"
    assert details_member("LambdaFunctionTimedOut") == "lambdaFunctionTimedOutEventDetails"


def test_payloads_become_json_text_with_their_truncation_flags():
    event = materialize(new_event(3, 2, 0.0, "PassStateExited",
                                  {"name": "P", "output": {"a": [1, "é"]}, "assignedVariables": {"x": 1}}))
    details = event["stateExitedEventDetails"]
    assert details["output"] == '{"a":[1,"é"]}'
    assert details["outputDetails"] == {"truncated": False}
    assert details["assignedVariables"] == {"x": "1"}
    assert details["assignedVariablesDetails"] == {"truncated": False}
    assert event["timestamp"] == datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert (event["id"], event["previousEventId"]) == (3, 2)


def test_history_behaves_like_a_read_only_list():
    result = asl.parse({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}).run({"k": 1})
    history = result.history
    assert isinstance(history, History)
    assert len(history) == 4
    assert [e["type"] for e in history] == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert history[-1] == list(history)[-1]
    assert history[1:3] == list(history)[1:3]
    assert history == list(history)
    history[0]["type"] = "Tampered"
    assert history[0]["type"] == "ExecutionStarted"
    assert json.loads(json.dumps(json_safe(list(history))))[0]["timestamp"] == "2025-01-01T00:00:00.000Z"


def test_a_result_keeps_the_history_it_was_taken_from():
    definition = {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": True}}}
    execution = asl.parse(definition).start({}, {"Ask": lambda p: {}}).run_until_blocked()
    snapshot = execution.result()
    execution.send_task_success(execution.pending_tokens[0], {"done": True})
    assert len(snapshot.history) < len(execution.history)
    assert snapshot.status == "RUNNING"
