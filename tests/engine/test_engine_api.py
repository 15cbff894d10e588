"""The engine driven exactly as an app written against boto3's Step Functions client would.

Same method names, keyword arguments, response keys and types, ARNs, and errors (class
names, ``response["Error"]["Code"]``, botocore's message format).
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest

import asl
from asl.engine import ClientError, ParamValidationError
from engine_fixtures import CALLBACK, PASS_MACHINE, ROLE, Tokens, callback, machine, task

ARN = re.compile(r"^arn:aws:states:us-east-1:123456789012:(stateMachine|execution|express):")


def body(response: dict[str, Any]) -> set[str]:
    """The response's keys, without the ``ResponseMetadata`` boto3 adds to every answer."""
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    return set(response) - {"ResponseMetadata"}


def aws_error(excinfo: pytest.ExceptionInfo[BaseException]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]  # type: ignore[attr-defined]
    return error["Code"], error["Message"]


# ----------------------------------------------------------------------------- state machines
def test_create_state_machine_answers_arn_and_date(sfn: asl.Engine) -> None:
    created = sfn.create_state_machine(name="Hello", definition=PASS_MACHINE, roleArn=ROLE)
    assert body(created) == {"stateMachineArn", "creationDate"}
    assert created["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:Hello"
    assert isinstance(created["creationDate"], datetime) and created["creationDate"].tzinfo is not None


def test_create_is_idempotent_and_refuses_a_different_definition(sfn: asl.Engine, pass_machine: str) -> None:
    again = sfn.create_state_machine(name="Hello", definition=PASS_MACHINE, roleArn=ROLE)
    assert again["stateMachineArn"] == pass_machine
    other = machine({"Other": {"Type": "Succeed"}})
    with pytest.raises(sfn.exceptions.StateMachineAlreadyExists) as excinfo:
        sfn.create_state_machine(name="Hello", definition=other, roleArn=ROLE)
    assert aws_error(excinfo) == ("StateMachineAlreadyExists", f"State Machine Already Exists: '{pass_machine}'")


def test_invalid_definition_carries_the_parser_message(sfn: asl.Engine) -> None:
    broken = machine({"A": {"Type": "Pass", "Next": "Nowhere"}})
    with pytest.raises(sfn.exceptions.InvalidDefinition) as excinfo:
        sfn.create_state_machine(name="Broken", definition=broken, roleArn=ROLE)
    with pytest.raises(asl.DefinitionError) as parsed:
        asl.parse(broken)
    assert aws_error(excinfo) == ("InvalidDefinition", parsed.value.aws_message())
    assert "MISSING_TRANSITION_TARGET" in str(excinfo.value)


def test_express_rules_apply_to_express_machines(sfn: asl.Engine) -> None:
    definition = machine({"Wait": callback(End=True)})
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.create_state_machine(name="Fast", definition=definition, roleArn=ROLE, type="EXPRESS")
    created = sfn.create_state_machine(name="Slow", definition=definition, roleArn=ROLE, type="STANDARD")
    assert created["stateMachineArn"].endswith(":stateMachine:Slow")


@pytest.mark.parametrize("name", ["has space", "a/b", "x:y", "tab\there", "q?", "star*", "{brace}", "pipe|", "tick`"])
def test_names_with_forbidden_characters_are_invalid(sfn: asl.Engine, name: str) -> None:
    with pytest.raises(sfn.exceptions.InvalidName) as excinfo:
        sfn.create_state_machine(name=name, definition=PASS_MACHINE, roleArn=ROLE)
    assert aws_error(excinfo) == ("InvalidName", f"Invalid Name: '{name}'")


def test_names_longer_than_80_characters_fail_validation(sfn: asl.Engine) -> None:
    with pytest.raises(sfn.exceptions.ValidationException) as excinfo:
        sfn.create_state_machine(name="n" * 81, definition=PASS_MACHINE, roleArn=ROLE)
    assert "Member must have length less than or equal to 80" in aws_error(excinfo)[1]
    sfn.create_state_machine(name="n" * 80, definition=PASS_MACHINE, roleArn=ROLE)


def test_role_must_be_an_iam_role_arn(sfn: asl.Engine) -> None:
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.create_state_machine(name="Hello", definition=PASS_MACHINE, roleArn="not-an-arn")


def test_describe_state_machine(sfn: asl.Engine, pass_machine: str) -> None:
    described = sfn.describe_state_machine(stateMachineArn=pass_machine)
    assert body(described) >= {"stateMachineArn", "name", "status", "definition", "roleArn", "type", "creationDate"}
    assert (described["name"], described["status"], described["type"]) == ("Hello", "ACTIVE", "STANDARD")
    assert described["definition"] == PASS_MACHINE and described["roleArn"] == ROLE


def test_describe_state_machine_reports_variable_references(sfn: asl.Engine) -> None:
    definition = machine({
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": True},
    })
    arn = sfn.create_state_machine(name="Vars", definition=definition, roleArn=ROLE)["stateMachineArn"]
    assert sfn.describe_state_machine(stateMachineArn=arn)["variableReferences"] == {"Use": ["x"]}


def test_unknown_state_machine(sfn: asl.Engine) -> None:
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope"
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist) as excinfo:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert aws_error(excinfo) == ("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.describe_state_machine(stateMachineArn="garbage")


def test_list_state_machines_pages(sfn: asl.Engine) -> None:
    for index in range(5):
        sfn.create_state_machine(name=f"M{index}", definition=PASS_MACHINE, roleArn=ROLE)
    first = sfn.list_state_machines(maxResults=2)
    assert body(first) == {"stateMachines", "nextToken"}
    assert set(first["stateMachines"][0]) == {"stateMachineArn", "name", "type", "creationDate"}
    names = [m["name"] for page in sfn.get_paginator("list_state_machines").paginate(
        PaginationConfig={"PageSize": 2}) for m in page["stateMachines"]]
    assert names == [f"M{i}" for i in range(5)]
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.list_state_machines(nextToken="not-a-token")


def test_update_keeps_running_executions_on_their_definition(sfn: asl.Engine, tokens: Tokens) -> None:
    old = machine({"Ask": callback(ResultPath=None, Next="Say"), "Say": {"Type": "Pass", "Result": "old", "End": True}})
    new = machine({"Ask": callback(ResultPath=None, Next="Say"), "Say": {"Type": "Pass", "Result": "new", "End": True}})
    arn = sfn.create_state_machine(name="Versions", definition=old, roleArn=ROLE)["stateMachineArn"]
    running = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=new)
    assert body(updated) == {"updateDate", "revisionId"}
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == new
    sfn.send_task_success(taskToken=tokens.get(0), output="{}")
    assert sfn.wait(running)["output"] == '"old"'
    assert sfn.describe_state_machine_for_execution(executionArn=running)["definition"] == old
    later = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    sfn.send_task_success(taskToken=tokens.get(1), output="{}")
    assert sfn.wait(later)["output"] == '"new"'


def test_update_needs_something_to_change(sfn: asl.Engine, pass_machine: str) -> None:
    with pytest.raises(sfn.exceptions.MissingRequiredParameter):
        sfn.update_state_machine(stateMachineArn=pass_machine)


def test_delete_state_machine(sfn: asl.Engine, pass_machine: str) -> None:
    assert body(sfn.delete_state_machine(stateMachineArn=pass_machine)) == set()
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.start_execution(stateMachineArn=pass_machine)


# ----------------------------------------------------------------------------- executions
def test_start_execution_returns_at_once_with_arn_and_date(sfn: asl.Engine, pass_machine: str) -> None:
    started = sfn.start_execution(stateMachineArn=pass_machine, name="first", input='{"a": 1}')
    assert body(started) == {"executionArn", "startDate"}
    assert started["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:Hello:first"
    ended = sfn.wait(started["executionArn"])
    assert ended["status"] == "SUCCEEDED" and json.loads(ended["output"]) == {"hello": "world"}


def test_start_execution_is_idempotent_on_name_while_running(sfn: asl.Engine, tokens: Tokens) -> None:
    arn = sfn.create_state_machine(name="Cb", definition=machine({"Ask": callback(End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    first = sfn.start_execution(stateMachineArn=arn, name="once", input='{"x": 1}')
    again = sfn.start_execution(stateMachineArn=arn, name="once", input='{"x": 1}')
    assert (again["executionArn"], again["startDate"]) == (first["executionArn"], first["startDate"])
    assert len(sfn.list_executions(stateMachineArn=arn)["executions"]) == 1, "the second call started another one"
    with pytest.raises(sfn.exceptions.ExecutionAlreadyExists) as excinfo:
        sfn.start_execution(stateMachineArn=arn, name="once", input='{"x": 2}')
    assert aws_error(excinfo) == ("ExecutionAlreadyExists", f"Execution Already Exists: '{first['executionArn']}'")
    sfn.send_task_success(taskToken=tokens.get(0), output="{}")
    sfn.wait(first["executionArn"])
    with pytest.raises(sfn.exceptions.ExecutionAlreadyExists):  # closed: refused whatever the input
        sfn.start_execution(stateMachineArn=arn, name="once", input='{"x": 1}')


def test_start_execution_rejects_bad_input(sfn: asl.Engine, pass_machine: str) -> None:
    with pytest.raises(sfn.exceptions.InvalidExecutionInput) as excinfo:
        sfn.start_execution(stateMachineArn=pass_machine, input="{not json")
    assert aws_error(excinfo)[1].startswith("Invalid State Machine Execution Input: ")
    with pytest.raises(sfn.exceptions.ValidationException):
        sfn.start_execution(stateMachineArn=pass_machine, input=json.dumps("x" * 262144))
    with pytest.raises(sfn.exceptions.InvalidName):
        sfn.start_execution(stateMachineArn=pass_machine, name="bad name")


def test_default_execution_name_is_a_uuid(sfn: asl.Engine, pass_machine: str) -> None:
    arn = sfn.start_execution(stateMachineArn=pass_machine)["executionArn"]
    assert re.fullmatch(r".*:execution:Hello:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", arn)


def test_describe_execution_shapes(sfn: asl.Engine, tokens: Tokens) -> None:
    definition = machine({"Ask": callback(Next="Fail"), "Fail": {"Type": "Fail", "Error": "Nope", "Cause": "why"}})
    arn = sfn.create_state_machine(name="D", definition=definition, roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, input='{"k": true}')["executionArn"]
    running = sfn.describe_execution(executionArn=execution)
    assert body(running) == {"executionArn", "stateMachineArn", "name", "status", "startDate", "input",
                             "inputDetails", "redriveCount", "redriveStatus", "redriveStatusReason"}
    assert (running["status"], running["input"], running["redriveCount"]) == ("RUNNING", '{"k": true}', 0)
    sfn.send_task_success(taskToken=tokens.get(0), output="{}")
    failed = sfn.wait(execution)
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "Nope", "why")
    assert "output" not in failed and failed["stopDate"] >= failed["startDate"]


def test_unknown_execution(sfn: asl.Engine, pass_machine: str) -> None:
    arn = "arn:aws:states:us-east-1:123456789012:execution:Hello:ghost"
    for call in (sfn.describe_execution, sfn.get_execution_history, sfn.stop_execution):
        with pytest.raises(sfn.exceptions.ExecutionDoesNotExist) as excinfo:
            call(executionArn=arn)
        assert aws_error(excinfo) == ("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'")


def test_history_pages_forward_and_backward(sfn: asl.Engine) -> None:
    states = {f"P{i}": {"Type": "Pass", "Next": f"P{i + 1}"} for i in range(59)}
    states["P59"] = {"Type": "Pass", "End": True}
    arn = sfn.create_state_machine(name="Long", definition=machine(states), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    sfn.wait(execution)
    first = sfn.get_execution_history(executionArn=execution)
    assert body(first) == {"events", "nextToken"} and len(first["events"]) == 100  # AWS's default page
    events = [e for page in sfn.get_paginator("get_execution_history").paginate(executionArn=execution)
              for e in page["events"]]
    assert [e["id"] for e in events] == list(range(1, 123))
    backward = [e for page in sfn.get_paginator("get_execution_history").paginate(
        executionArn=execution, reverseOrder=True, maxResults=7) for e in page["events"]]
    assert backward == events[::-1]
    assert set(events[1]) == {"timestamp", "type", "id", "previousEventId", "stateEnteredEventDetails"}
    with pytest.raises(sfn.exceptions.InvalidToken):  # a token from another listing
        sfn.get_execution_history(executionArn=execution, reverseOrder=True, nextToken=first["nextToken"])


def test_history_without_execution_data(sfn: asl.Engine, pass_machine: str) -> None:
    execution = sfn.start_execution(stateMachineArn=pass_machine, input='{"secret": 1}')["executionArn"]
    sfn.wait(execution)
    events = sfn.get_execution_history(executionArn=execution, includeExecutionData=False)["events"]
    assert "input" not in events[0]["executionStartedEventDetails"]
    assert events[0]["executionStartedEventDetails"]["roleArn"] == ROLE
    full = sfn.get_execution_history(executionArn=execution)["events"]
    assert json.loads(full[0]["executionStartedEventDetails"]["input"]) == {"secret": 1}


def test_history_matches_a_local_run(sfn: asl.Engine) -> None:
    definition = machine({"Add": task("add", Next="Again"), "Again": task("add", Next="Done"),
                          "Done": {"Type": "Succeed"}})
    arn = sfn.create_state_machine(name="Same", definition=definition, roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, input='{"n": 0}')["executionArn"]
    assert json.loads(sfn.wait(execution)["output"]) == {"n": 2}
    engine_events = sfn.get_execution_history(executionArn=execution)["events"]
    local = asl.parse(definition).run({"n": 0}, {"add": lambda v: {**v, "n": v["n"] + 1}}).history
    strip = lambda events: [{k: v for k, v in e.items() if k != "timestamp"} for e in events]  # noqa: E731
    local_events = strip(local)
    local_events[0]["executionStartedEventDetails"]["roleArn"] = ROLE
    assert strip(engine_events) == local_events


def test_list_executions_filters_and_pages(sfn: asl.Engine, tokens: Tokens, pass_machine: str) -> None:
    names = [f"e{i}" for i in range(4)]
    for name in names:
        sfn.wait(sfn.start_execution(stateMachineArn=pass_machine, name=name)["executionArn"])
    listed = sfn.list_executions(stateMachineArn=pass_machine, maxResults=3)
    assert body(listed) == {"executions", "nextToken"}
    assert set(listed["executions"][0]) == {"executionArn", "stateMachineArn", "name", "status", "startDate",
                                            "stopDate", "redriveCount"}
    everything = [e["name"] for page in sfn.get_paginator("list_executions").paginate(
        stateMachineArn=pass_machine, PaginationConfig={"PageSize": 3}) for e in page["executions"]]
    assert everything == names[::-1]  # newest first
    assert sfn.list_executions(stateMachineArn=pass_machine, statusFilter="RUNNING")["executions"] == []
    with pytest.raises(sfn.exceptions.ValidationException):
        sfn.list_executions(stateMachineArn=pass_machine, statusFilter="DONE")


def test_stop_execution_aborts(sfn: asl.Engine, tokens: Tokens) -> None:
    arn = sfn.create_state_machine(name="S", definition=machine({"Ask": callback(End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    stopped = sfn.stop_execution(executionArn=execution, error="Halt", cause="by the test")
    assert body(stopped) == {"stopDate"}
    described = sfn.describe_execution(executionArn=execution)
    assert (described["status"], described["error"], described["cause"]) == ("ABORTED", "Halt", "by the test")
    assert described["stopDate"] == stopped["stopDate"]
    types = [e["type"] for e in sfn.get_execution_history(executionArn=execution)["events"]]
    assert types[-2:] == ["TaskStateAborted", "ExecutionAborted"]
    with pytest.raises(sfn.exceptions.TaskTimedOut):  # its callback is gone
        sfn.send_task_success(taskToken=tokens.get(0), output="{}")


# ----------------------------------------------------------------------------- callbacks
def test_send_task_failure_fails_the_task(sfn: asl.Engine, tokens: Tokens) -> None:
    arn = sfn.create_state_machine(name="F", definition=machine({"Ask": callback(End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, input='{"q": 1}')["executionArn"]
    assert body(sfn.send_task_heartbeat(taskToken=tokens.get(0))) == set()
    assert body(sfn.send_task_failure(taskToken=tokens.get(0), error="Bad", cause="the worker said so")) == set()
    ended = sfn.wait(execution)
    assert (ended["status"], ended["error"], ended["cause"]) == ("FAILED", "Bad", "the worker said so")
    types = [e["type"] for e in sfn.get_execution_history(executionArn=execution)["events"]]
    assert types[-3:] == ["TaskSubmitted", "TaskFailed", "ExecutionFailed"]


def test_task_token_errors(sfn: asl.Engine, tokens: Tokens) -> None:
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.send_task_success(taskToken="garbage", output="{}")
    arn = sfn.create_state_machine(name="T", definition=machine({"Ask": callback(End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    sfn.start_execution(stateMachineArn=arn)
    with pytest.raises(sfn.exceptions.InvalidOutput):
        sfn.send_task_success(taskToken=tokens.get(0), output="{oops")
    with pytest.raises(sfn.exceptions.ValidationException):
        sfn.send_task_failure(taskToken=tokens.get(0), error="E" * 257)


def test_a_task_nobody_answers_fails_the_execution_clearly(sfn: asl.Engine) -> None:
    arn = sfn.create_state_machine(name="U", definition=machine({"T": task("unknown", End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    ended = sfn.wait(sfn.start_execution(stateMachineArn=arn)["executionArn"])
    assert ended["status"] == "FAILED" and ended["error"] == "States.Runtime"
    assert "No task answers the Task state 'T'" in ended["cause"]


def test_python_exception_fails_the_task_as_lambda_reports_it(sfn: asl.Engine) -> None:
    arn = sfn.create_state_machine(name="B", definition=machine({"T": task("boom", End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    ended = sfn.wait(sfn.start_execution(stateMachineArn=arn)["executionArn"])
    assert ended["error"] == "ValueError" and json.loads(ended["cause"])["errorMessage"] == "boom"


# ----------------------------------------------------------------------------- express
def test_start_sync_execution_runs_an_express_machine(sfn: asl.Engine) -> None:
    arn = sfn.create_state_machine(name="Quick", definition=PASS_MACHINE, roleArn=ROLE, type="EXPRESS")[
        "stateMachineArn"]
    result = sfn.start_sync_execution(stateMachineArn=arn, name="now", input='{"a": 1}')
    assert body(result) == {"executionArn", "stateMachineArn", "name", "startDate", "stopDate", "status", "input",
                            "inputDetails", "output", "outputDetails", "billingDetails"}
    assert re.fullmatch(r"arn:aws:states:us-east-1:123456789012:express:Quick:now:[0-9a-f-]{36}", result["executionArn"])
    assert (result["status"], json.loads(result["output"])) == ("SUCCEEDED", {"hello": "world"})
    started = sfn.start_execution(stateMachineArn=arn)
    assert ":express:Quick:" in started["executionArn"]
    assert sfn.wait(started["executionArn"])["status"] == "SUCCEEDED"
    with pytest.raises(sfn.exceptions.StateMachineTypeNotSupported):
        sfn.list_executions(stateMachineArn=arn)


def test_start_sync_execution_refuses_standard_machines(sfn: asl.Engine, pass_machine: str) -> None:
    with pytest.raises(sfn.exceptions.StateMachineTypeNotSupported):
        sfn.start_sync_execution(stateMachineArn=pass_machine)


def test_failed_sync_execution(sfn: asl.Engine) -> None:
    definition = machine({"Stop": {"Type": "Fail", "Error": "E", "Cause": "C"}})
    arn = sfn.create_state_machine(name="Bad", definition=definition, roleArn=ROLE, type="EXPRESS")["stateMachineArn"]
    result = sfn.start_sync_execution(stateMachineArn=arn)
    assert (result["status"], result["error"], result["cause"]) == ("FAILED", "E", "C")
    assert "output" not in result


# ----------------------------------------------------------------------------- redrive
def test_redrive_restarts_a_failed_execution_once_it_ended(sfn: asl.Engine, tokens: Tokens) -> None:
    arn = sfn.create_state_machine(name="R", definition=machine({"Ask": callback(End=True)}), roleArn=ROLE)[
        "stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable) as excinfo:
        sfn.redrive_execution(executionArn=execution)
    assert "Execution is RUNNING and cannot be redriven" in aws_error(excinfo)[1]
    sfn.send_task_failure(taskToken=tokens.get(0), error="X")
    failed = sfn.wait(execution)
    assert (failed["status"], failed["redriveCount"], failed["redriveStatus"]) == ("FAILED", 0, "REDRIVABLE")
    redriven = sfn.redrive_execution(executionArn=execution)
    assert body(redriven) == {"redriveDate"}
    sfn.send_task_success(taskToken=tokens.get(1), output='{"fine": true}')
    ended = sfn.wait(execution)
    assert (ended["status"], ended["redriveCount"], ended["redriveDate"]) == ("SUCCEEDED", 1, redriven["redriveDate"])
    types = [e["type"] for e in sfn.get_execution_history(executionArn=execution)["events"]]
    assert types.count("ExecutionRedriven") == 1 and types[-1] == "ExecutionSucceeded"
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable) as excinfo:
        sfn.redrive_execution(executionArn=execution)
    assert "Execution is SUCCEEDED and cannot be redriven" in aws_error(excinfo)[1]


# ----------------------------------------------------------------------------- the client contract
def test_errors_look_like_botocore_client_errors(sfn: asl.Engine) -> None:
    arn = "arn:aws:states:us-east-1:123456789012:execution:Hello:ghost"
    with pytest.raises(ClientError) as excinfo:
        sfn.describe_execution(executionArn=arn)
    error = excinfo.value
    assert type(error).__name__ == "ExecutionDoesNotExist"
    assert error.operation_name == "DescribeExecution"  # type: ignore[attr-defined]
    assert str(error) == ("An error occurred (ExecutionDoesNotExist) when calling the DescribeExecution operation: "
                          f"Execution Does Not Exist: '{arn}'")
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400  # type: ignore[attr-defined]
    assert asl.Engine.exceptions.ExecutionDoesNotExist is type(error)


def test_client_side_validation_like_botocore(sfn: asl.Engine) -> None:
    with pytest.raises(ParamValidationError) as missing:
        sfn.create_state_machine(name="X", definition=PASS_MACHINE)
    assert 'Missing required parameter in input: "roleArn"' in str(missing.value)
    with pytest.raises(ParamValidationError) as unknown:
        sfn.describe_execution(executionArn="arn:aws:states:us-east-1:123456789012:execution:a:b", color="red")
    assert 'Unknown parameter in input: "color"' in str(unknown.value)
    with pytest.raises(ParamValidationError) as wrong:
        sfn.start_execution(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:a", input={"a": 1})
    assert "Invalid type for parameter input" in str(wrong.value)
    with pytest.raises(ParamValidationError):
        sfn.list_executions(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:a", maxResults=-1)
    with pytest.raises(TypeError, match="only accepts keyword arguments"):
        sfn.describe_execution("arn:aws:states:us-east-1:123456789012:execution:a:b")


def test_async_engine_has_the_same_api() -> None:
    import asyncio

    async def scenario() -> dict[str, Any]:
        async with asl.AsyncEngine(":memory:", clock="virtual") as engine:
            arn = (await engine.create_state_machine(name="A", definition=PASS_MACHINE, roleArn=ROLE))[
                "stateMachineArn"]
            started = await engine.start_execution(stateMachineArn=arn, name="a1")
            await engine.wait(started["executionArn"])
            return await engine.describe_execution(executionArn=started["executionArn"])

    described = asyncio.run(scenario())
    assert described["status"] == "SUCCEEDED" and ARN.match(described["executionArn"])


def test_async_with_engine_gives_the_async_engine() -> None:
    import asyncio

    async def scenario() -> str:
        async with asl.Engine(":memory:", clock="virtual") as engine:
            assert isinstance(engine, asl.AsyncEngine)
            created = await engine.create_state_machine(name="A", definition=PASS_MACHINE, roleArn=ROLE)
            return created["stateMachineArn"]

    assert asyncio.run(scenario()).endswith(":stateMachine:A")


def test_register_task_before_first_call_and_callbacks_in_threads() -> None:
    seen: list[str] = []

    def record(value: Any, context: Any) -> Any:
        seen.append(context.state_name)
        return value

    with asl.Engine(tasks={"rec": record}, clock="virtual") as sfn:
        sfn.register_task(CALLBACK, Tokens())
        arn = sfn.create_state_machine(name="R", definition=machine({"Rec": task("rec", End=True)}), roleArn=ROLE)[
            "stateMachineArn"]
        assert sfn.wait(sfn.start_execution(stateMachineArn=arn)["executionArn"])["status"] == "SUCCEEDED"
    assert seen == ["Rec"]


def test_metadata_only_leaves_out_input_and_output(sfn: asl.Engine, pass_machine: str) -> None:
    execution = sfn.start_execution(stateMachineArn=pass_machine, input='{"card": "4111"}')["executionArn"]
    sfn.wait(execution)
    described = sfn.describe_execution(executionArn=execution, includedData="METADATA_ONLY")
    assert "input" not in described and "output" not in described
    assert described["inputDetails"] == described["outputDetails"] == {"included": False}


def test_an_engine_cannot_be_used_after_close(pass_machine: str, sfn: asl.Engine) -> None:
    sfn.close()
    with pytest.raises(RuntimeError, match="closed"):
        sfn.list_state_machines()


def test_a_distributed_map_runs_through_the_engine(sfn: asl.Engine) -> None:
    async def square(value: Any) -> Any:
        return value * value

    sfn.register_task("square", square)
    definition = machine({"M": {
        "Type": "Map", "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                          "StartAt": "Sq", "States": {"Sq": task("square", End=True)}},
    }})
    arn = sfn.create_state_machine(name="Dist", definition=definition, roleArn=ROLE)["stateMachineArn"]
    ended = sfn.wait(sfn.start_execution(stateMachineArn=arn, input="[1, 2, 3]")["executionArn"])
    assert (ended["status"], json.loads(ended["output"])) == ("SUCCEEDED", [1, 4, 9])
    types = [e["type"] for e in sfn.get_execution_history(executionArn=ended["executionArn"])["events"]]
    assert "MapRunStarted" in types and "MapRunSucceeded" in types
