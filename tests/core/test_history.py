"""History events: AWS's shape, produced lazily, read-only."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import asl
import pytest
from hypothesis import given, strategies as st

from asl.core.history import EventLog, History, details_member, json_safe, materialize, new_event


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


@given(st.lists(st.tuples(st.integers(0, 99), st.floats(0, 1e9), st.sampled_from(["A", "B"]),
                          st.one_of(st.none(), st.dictionaries(st.text(max_size=3), st.integers())))),
       st.integers(-12, 12), st.integers(-12, 12), st.sampled_from([None, 1, 2, -1]))
def test_an_event_log_reads_like_the_list_of_events_it_records(rows, start, stop, step):
    log, events = EventLog(), []
    for prev, ts, type_, details in rows:
        assert log.add(prev, ts, type_, details) == len(events) + 1
        events.append(new_event(len(events) + 1, prev, ts, type_, details))
    assert len(log) == len(events)
    assert list(log) == events
    assert log[start:stop:step] == events[start:stop:step]
    for index in (start, stop):
        if -len(events) <= index < len(events):
            assert log[index] == events[index]
            assert log[index].id == events[index][0]
        else:
            with pytest.raises(IndexError):
                log[index]


def test_state_events_read_back_with_their_details_dicts():
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Q"},
                                             "Q": {"Type": "Pass", "Result": {"r": 2}, "End": True}}}
    execution = asl.parse(definition).start({"k": 1})
    execution.run_until_blocked()
    details = {e.type + ":" + (e.details or {}).get("name", ""): e.details for e in execution._core.events}
    assert details["PassStateEntered:P"] == {"name": "P", "input": {"k": 1}}
    assert details["PassStateExited:P"] == {"name": "P", "output": {"k": 1}, "assignedVariables": {"x": 1}}
    assert details["PassStateEntered:Q"] == {"name": "Q", "input": {"k": 1}}
    assert details["PassStateExited:Q"] == {"name": "Q", "output": {"r": 2}}
