"""The virtual clock: long waits and backoffs cost nothing and show AWS's timestamps."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import asl
from asl import TaskFailed

START = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def _stamps(result, event_type):
    return [e["timestamp"] for e in result.history if e["type"] == event_type]


def test_a_365_day_wait_ends_a_year_later_on_the_virtual_clock():
    machine = asl.parse({
        "StartAt": "Sleep",
        "States": {"Sleep": {"Type": "Wait", "Seconds": 365 * 24 * 3600, "Next": "Done"},
                   "Done": {"Type": "Succeed"}},
    })
    result = machine.run({}, start_time=START)
    assert result.status == "SUCCEEDED"
    entered, = _stamps(result, "WaitStateEntered")
    exited, = _stamps(result, "WaitStateExited")
    assert entered == START
    assert exited - entered == timedelta(days=365)
    assert result.history[-1]["timestamp"] == START + timedelta(days=365)


def test_a_wait_until_a_timestamp_in_the_past_does_not_wait():
    machine = asl.parse({
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": True}},
    })
    result = machine.run({}, start_time=START)
    assert _stamps(result, "WaitStateExited") == [START]


def test_timestamp_path_wakes_at_the_given_instant_with_an_offset():
    machine = asl.parse({
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "TimestampPath": "$.until", "End": True}},
    })
    result = machine.run({"until": "2024-03-02T14:30:00+02:00"}, start_time=START)
    assert _stamps(result, "WaitStateExited") == [datetime(2024, 3, 2, 12, 30, tzinfo=timezone.utc)]


def test_ten_attempts_with_exponential_backoff_are_spaced_as_aws_spaces_them():
    machine = asl.parse({
        "StartAt": "Flaky",
        "States": {"Flaky": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 9, "BackoffRate": 2.0}],
            "End": True,
        }},
    })
    calls = []

    def flaky(event):
        calls.append(event)
        if len(calls) < 10:
            raise TaskFailed("Boom", f"attempt {len(calls)}")
        return {"attempts": len(calls)}

    result = machine.run({}, {"flaky": flaky}, start_time=START)
    assert result.status == "SUCCEEDED"
    assert result.output == {"attempts": 10}
    scheduled = _stamps(result, "LambdaFunctionScheduled")
    gaps = [(b - a).total_seconds() for a, b in zip(scheduled, scheduled[1:])]
    assert gaps == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert result.history[-1]["timestamp"] == START + timedelta(seconds=511)


def test_max_delay_caps_the_backoff():
    machine = asl.parse({
        "StartAt": "T",
        "States": {"T": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 4,
                       "BackoffRate": 3, "MaxDelaySeconds": 10}],
            "End": True,
        }},
    })
    answers = [{"Throw": {"Error": "E", "Cause": "c"}}] * 4 + [{"Return": {"Payload": 1}}]
    result = machine.run({}, mocks={"T": answers}, start_time=START)
    scheduled = _stamps(result, "TaskScheduled")
    assert [(b - a).total_seconds() for a, b in zip(scheduled, scheduled[1:])] == [3, 9, 10, 10]


def test_full_jitter_stays_within_the_backoff_and_is_reproducible_by_seed():
    definition = {
        "StartAt": "T",
        "States": {"T": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "q", "MessageBody": "m"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 3,
                       "JitterStrategy": "FULL"}],
            "End": True,
        }},
    }
    answers = [{"Throw": {"Error": "E"}}] * 3 + [{"Return": {}}]

    def gaps(seed):
        result = asl.parse(definition).run({}, mocks={"T": answers}, seed=seed, start_time=START)
        scheduled = _stamps(result, "TaskScheduled")
        return [(b - a).total_seconds() for a, b in zip(scheduled, scheduled[1:])]

    first = gaps(7)
    assert all(0 <= gap <= limit for gap, limit in zip(first, [10, 20, 40]))
    assert gaps(7) == first
    assert gaps(8) != first


def test_task_timeout_fires_at_the_deadline_when_the_task_never_answers():
    machine = asl.parse({
        "StartAt": "Wait for human",
        "States": {"Wait for human": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "TimeoutSeconds": 3600, "End": True,
        }},
    })
    result = machine.run({}, {"Wait for human": lambda payload: {"MessageId": "1"}}, start_time=START)
    assert result.status == "FAILED"
    assert result.error == "States.Timeout"
    timed_out, = [e for e in result.history if e["type"] == "TaskTimedOut"]
    assert timed_out["timestamp"] == START + timedelta(hours=1)


def test_execution_timeout_ends_the_run_timed_out_at_its_deadline():
    machine = asl.parse({
        "TimeoutSeconds": 60,
        "StartAt": "Long",
        "States": {"Long": {"Type": "Wait", "Seconds": 3600, "End": True}},
    })
    result = machine.run({}, start_time=START)
    assert result.status == "TIMED_OUT"
    assert result.error == "States.Timeout"
    assert [e["type"] for e in result.history][-2:] == ["WaitStateAborted", "ExecutionTimedOut"]
    assert result.history[-1]["timestamp"] == START + timedelta(seconds=60)
