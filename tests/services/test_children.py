"""states:startExecution runs registered state machines in our own engine."""
from __future__ import annotations

import json

import asl
from asl.services import Services

CHILD = "arn:aws:states:us-east-1:123456789012:stateMachine:Child"


def _parent(resource: str, child_input: object = None) -> asl.StateMachine:
    params = {"StateMachineArn": CHILD, "Name": "run-1"}
    if child_input is not None:
        params["Input"] = child_input
    return asl.parse({"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": resource,
                                                               "Parameters": params, "End": True}}})


def _services(definition: dict) -> Services:
    return Services(state_machines={CHILD: asl.parse(definition)})


DOUBLE = {"StartAt": "D", "States": {"D": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, $.n)"}, "End": True}}}
FAIL = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "SomeFailure", "Cause": "because"}}}


def test_sync_returns_the_description_with_json_text() -> None:
    result = _parent("arn:aws:states:::states:startExecution.sync", {"n": 2}).run({}, services=_services(DOUBLE))
    assert result.status == "SUCCEEDED"
    out = result.output
    assert out["Output"] == '{"n":4}' and out["Input"] == '{"n":2}' and out["Status"] == "SUCCEEDED"
    assert out["ExecutionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Child:run-1"
    assert out["StartDate"] == "2025-01-01T00:00:00.000Z" and out["RedriveStatus"] == "NOT_REDRIVABLE"


def test_sync_description_has_awss_key_order_and_ends_when_the_child_ends() -> None:
    wait = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 90, "End": True}}}
    for resource in ("arn:aws:states:::states:startExecution.sync", "arn:aws:states:::states:startExecution.sync:2"):
        out = _parent(resource).run({}, services=_services(wait)).output
        assert list(out) == sorted(out)  # as the recordings show it
        assert out["StopDate"] == "2025-01-01T00:01:30.000Z"


def test_sync2_returns_json_values_and_the_start_as_submitted() -> None:
    result = _parent("arn:aws:states:::states:startExecution.sync:2", '{"n": 5}').run({}, services=_services(DOUBLE))
    assert result.output["Output"] == {"n": 10} and result.output["Input"] == {"n": 5}
    submitted = next(e for e in result.history if e["type"] == "TaskSubmitted")
    assert set(json.loads(submitted["taskSubmittedEventDetails"]["output"])) == {"ExecutionArn", "StartDate"}


def test_failed_child_fails_the_task_with_its_description() -> None:
    result = _parent("arn:aws:states:::states:startExecution.sync").run({}, services=_services(FAIL))
    assert result.error == "States.TaskFailed"
    cause = json.loads(result.cause)
    assert (cause["Error"], cause["Cause"], cause["Status"], cause["Input"]) == ("SomeFailure", "because", "FAILED", "{}")
    assert "Output" not in cause and list(cause) == sorted(cause)


def test_request_response_start_has_metadata() -> None:
    result = _parent("arn:aws:states:::states:startExecution").run({}, services=_services(DOUBLE))
    assert result.output["ExecutionArn"].endswith(":execution:Child:run-1")
    assert result.output["SdkHttpMetadata"]["HttpStatusCode"] == 200


def test_invalid_input_text_is_refused() -> None:
    result = _parent("arn:aws:states:::states:startExecution.sync", "{not json").run({}, services=_services(DOUBLE))
    assert result.error == "StepFunctions.InvalidExecutionInputException"


def test_unregistered_machine_goes_to_the_backend(aws) -> None:
    result = _parent("arn:aws:states:::states:startExecution.sync").run({}, services=aws)
    assert result.error == "StepFunctions.StateMachineDoesNotExistException"
    assert result.cause.startswith(f"State Machine Does Not Exist: '{CHILD}' (Service: AWSStepFunctions; Status Code: 400;")


def test_an_engine_can_lend_its_machines_through_a_lookup() -> None:
    machines = {CHILD: asl.parse(DOUBLE)}
    services = Services().with_state_machines(machines.get)
    result = _parent("arn:aws:states:::states:startExecution.sync:2", {"n": 1}).run({}, services=services)
    assert result.output["Output"] == {"n": 2}
