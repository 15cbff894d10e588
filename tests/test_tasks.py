"""Who answers a Task: mocks, callables by state/resource/function, Lambda's shapes."""
from __future__ import annotations

import json

import pytest

import asl
from asl import TaskFailed
from asl.tasks import MockExhausted, TaskNotRegistered

LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:greet"


def _one(resource, **task):
    return asl.parse({"StartAt": "T", "States": {"T": dict({"Type": "Task", "Resource": resource, "End": True}, **task)}})


def test_a_lambda_arn_returns_the_function_value_as_is():
    result = _one(LAMBDA_ARN).run({"name": "ann"}, {"greet": lambda event: {"hello": event["name"]}})
    assert result.output == {"hello": "ann"}
    assert [e["type"] for e in result.history][2:5] == [
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"]


def test_lambda_invoke_wraps_the_value_in_the_invoke_response():
    machine = _one("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": LAMBDA_ARN, "Payload.$": "$"})
    result = machine.run({"name": "bo"}, {LAMBDA_ARN: lambda event: f"hi {event['name']}"})
    assert result.output["Payload"] == "hi bo"
    assert result.output["StatusCode"] == 200
    assert "SdkHttpMetadata" in result.output and "SdkResponseMetadata" in result.output
    scheduled = result.history[2]["taskScheduledEventDetails"]
    assert (scheduled["resourceType"], scheduled["resource"]) == ("lambda", "invoke")


@pytest.mark.parametrize("key", ["T", "arn:aws:states:::lambda:invoke", LAMBDA_ARN, "greet"])
def test_callables_are_found_by_state_resource_function_arn_or_name(key):
    machine = _one("arn:aws:states:::lambda:invoke", Parameters={"FunctionName": LAMBDA_ARN, "Payload": {"x": 1}})
    assert machine.run({}, {key: lambda event: event["x"] + 1}).output["Payload"] == 2


def test_the_context_is_passed_to_callables_that_take_two_parameters():
    seen = {}

    def task(event, context):
        seen.update(state=context.state_name, execution=context.context["Execution"]["Name"], attempt=context.attempt)
        return {}

    _one(LAMBDA_ARN).run({}, {"greet": task}, name="exec-1")
    assert seen == {"state": "T", "execution": "exec-1", "attempt": 0}


def test_a_python_exception_fails_the_task_as_a_lambda_error():
    def broken(event):
        raise KeyError("missing")

    result = _one(LAMBDA_ARN).run({}, {"greet": broken})
    assert (result.status, result.error) == ("FAILED", "KeyError")
    cause = json.loads(result.cause)
    assert cause["errorType"] == "KeyError" and cause["errorMessage"] == "'missing'"


def test_task_failed_sets_error_and_cause():
    def refuse(event):
        raise TaskFailed("Order.Invalid", "no items")

    result = _one(LAMBDA_ARN).run({}, {"greet": refuse})
    assert (result.error, result.cause) == ("Order.Invalid", "no items")


def test_a_result_that_is_not_json_fails_the_task_clearly():
    result = _one(LAMBDA_ARN).run({}, {"greet": lambda event: {1, 2}})
    assert result.error == "States.Runtime"
    assert "not JSON" in result.cause


def test_callables_cannot_rewrite_the_history_by_mutating_their_input():
    def meddle(event):
        event["x"] = "changed"
        return event

    result = _one(LAMBDA_ARN).run({"x": "original"}, {"greet": meddle})
    entered = result.history[1]["stateEnteredEventDetails"]["input"]
    assert json.loads(entered) == {"x": "original"}
    assert result.output == {"x": "changed"}


def test_an_unregistered_task_names_the_state_the_resource_and_the_remedy():
    with pytest.raises(TaskNotRegistered) as caught:
        _one(LAMBDA_ARN).run({})
    message = str(caught.value)
    assert "'T'" in message and LAMBDA_ARN in message and "tasks=" in message and "mocks=" in message


def test_mock_answers_are_consumed_by_invocation_and_run_out_clearly():
    machine = _one(LAMBDA_ARN, Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}])
    answers = [{"Throw": {"Error": "E", "Cause": "1"}}, {"Return": {"ok": 2}}]
    assert machine.run({}, mocks={"T": answers}).output == {"ok": 2}
    with pytest.raises(MockExhausted):
        machine.run({}, mocks={"T": [{"Throw": {"Error": "E"}}]})


def test_a_single_mock_answer_answers_every_invocation_and_callables_see_the_payload():
    machine = _one(LAMBDA_ARN, Parameters={"n.$": "$.n"})
    assert machine.run({"n": 3}, mocks={"T": {"Return": 7}}).output == 7
    assert machine.run({"n": 3}, mocks={"T": lambda payload: {"Return": payload["n"] * 2}}).output == 6


def test_malformed_mock_answers_are_reported():
    with pytest.raises(TypeError, match="Return"):
        _one(LAMBDA_ARN).run({}, mocks={"T": [{"Result": 1}]})


@pytest.mark.parametrize("mock", [{"Throw": "Busy"}, [{"Throw": ["Busy"]}], 5, "Busy", {"Result": 1}])
def test_mocks_of_the_wrong_shape_are_reported_with_the_state(mock):
    with pytest.raises(TypeError, match="'T'.*Return"):
        _one(LAMBDA_ARN).run({}, mocks={"T": mock})
