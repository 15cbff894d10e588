"""Cross-check of the engine's API against botocore's own service model for Step Functions.

Every operation's parameters (names, required ones, types, bounds) must be botocore's,
and every response of a scenario touching every operation must conform to the output
shape botocore would parse (keys, required keys, value types, nested lists and events).
Needs botocore (the tests are skipped, and say so, where it is not installed).
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterator

import pytest

import asl
from asl.engine.errors import ERROR_CLASSES
from asl.engine.params import OPERATIONS
from engine_fixtures import CALLBACK, PASS_MACHINE, ROLE, Tokens, callback, machine

botocore_session = pytest.importorskip("botocore.session", reason="botocore is needed to read the service model")

_KINDS = {"string": "string", "integer": "integer", "long": "integer", "boolean": "boolean",
          "structure": "structure", "list": "list"}


@pytest.fixture(scope="module")
def model() -> Any:
    return botocore_session.get_session().get_service_model("stepfunctions")


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_parameters_are_botocores(model: Any, operation: str) -> None:
    aws_name, params = OPERATIONS[operation]
    shape = model.operation_model(aws_name).input_shape
    assert list(shape.members) == list(params)
    assert set(shape.required_members) == {name for name, p in params.items() if p.required}
    for name, member in shape.members.items():
        ours = params[name]
        assert _KINDS[member.type_name] == ours.kind, name
        assert (member.metadata.get("min"), member.metadata.get("max")) == (ours.min, ours.max), name
        assert tuple(getattr(member, "enum", None) or ()) == ours.enum, name


def test_error_classes_are_errors_of_the_service(model: Any) -> None:
    codes = {shape.name for shape in model.error_shapes}
    assert set(ERROR_CLASSES) <= codes


def conforms(value: Any, shape: Any, where: str = "") -> list[str]:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{where}: not a structure"]
        problems = [f"{where}.{key}: not in {shape.name}" for key in value if key not in shape.members]
        problems += [f"{where}.{key}: required by {shape.name}" for key in shape.required_members if key not in value]
        for key, item in value.items():
            if key in shape.members:
                problems += conforms(item, shape.members[key], f"{where}.{key}")
        return problems
    if kind == "list":
        return [p for i, item in enumerate(value) for p in conforms(item, shape.member, f"{where}[{i}]")]
    if kind == "map":
        return [p for key, item in value.items() for p in conforms(item, shape.value, f"{where}[{key}]")]
    expected = {"string": str, "integer": int, "long": int, "boolean": bool, "timestamp": datetime}.get(kind)
    if expected is not None and not isinstance(value, expected):
        return [f"{where}: {type(value).__name__} is not a {kind}"]
    return []


@pytest.fixture(scope="module")
def responses() -> Iterator[dict[str, list[dict[str, Any]]]]:
    """One or more answers of every operation, from a scenario an app could run."""
    answers: dict[str, list[dict[str, Any]]] = {name: [] for name in OPERATIONS}
    tokens = Tokens()
    with asl.Engine(":memory:", clock="virtual", tasks={CALLBACK: tokens}) as engine:
        def call(operation: str, /, **kwargs: Any) -> dict[str, Any]:
            answer = getattr(engine, operation)(**kwargs)
            answers[operation].append({k: v for k, v in answer.items() if k != "ResponseMetadata"})
            return answer

        definition = machine({"Set": {"Type": "Pass", "Assign": {"v": 1}, "Next": "Ask"},
                              "Ask": callback(Next="Use"), "Use": {"Type": "Pass", "Parameters": {"v.$": "$v"},
                                                                   "End": True}})
        arn = call("create_state_machine", name="Shapes", definition=definition, roleArn=ROLE)["stateMachineArn"]
        call("update_state_machine", stateMachineArn=arn, definition=definition)
        call("describe_state_machine", stateMachineArn=arn)
        call("list_state_machines")
        first = call("start_execution", stateMachineArn=arn, input='{"a": 1}')["executionArn"]
        second = call("start_execution", stateMachineArn=arn, name="second")["executionArn"]
        third = call("start_execution", stateMachineArn=arn, name="third")["executionArn"]
        call("describe_execution", executionArn=first)
        call("send_task_heartbeat", taskToken=tokens.get(0))
        call("send_task_success", taskToken=tokens.get(0), output='{"ok": 1}')
        call("send_task_failure", taskToken=tokens.get(1), error="E", cause="C")
        call("stop_execution", executionArn=third, error="S")
        for execution in (first, second, third):
            engine.wait(execution)
            call("describe_execution", executionArn=execution)
            call("get_execution_history", executionArn=execution, maxResults=3)
            call("get_execution_history", executionArn=execution, reverseOrder=True, includeExecutionData=False)
        call("describe_state_machine_for_execution", executionArn=first)
        call("list_executions", stateMachineArn=arn, maxResults=2)
        call("redrive_execution", executionArn=second)
        call("send_task_success", taskToken=tokens.get(3), output="{}")
        engine.wait(second)
        express = call("create_state_machine", name="Quick", definition=PASS_MACHINE, roleArn=ROLE,
                       type="EXPRESS")["stateMachineArn"]
        call("start_sync_execution", stateMachineArn=express, input="{}")
        call("delete_state_machine", stateMachineArn=express)
        yield answers


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_responses_have_botocores_shape(model: Any, responses: dict[str, list[dict[str, Any]]],
                                        operation: str) -> None:
    shape = model.operation_model(OPERATIONS[operation][0]).output_shape
    answers = responses[operation]
    assert answers, f"the scenario did not call {operation}"
    for answer in answers:
        if shape is None:
            assert answer == {}
        else:
            assert conforms(answer, shape) == [], json.dumps(answer, default=str)[:500]


def test_the_scenario_saw_every_kind_of_history_detail(responses: dict[str, list[dict[str, Any]]]) -> None:
    members = {key for page in responses["get_execution_history"] for event in page["events"] for key in event
               if key.endswith("EventDetails")}
    assert {"executionStartedEventDetails", "stateEnteredEventDetails", "taskScheduledEventDetails",
            "taskSubmittedEventDetails", "taskSucceededEventDetails", "taskFailedEventDetails",
            "executionAbortedEventDetails"} <= members
