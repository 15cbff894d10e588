"""``states:startExecution``: child executions run in our own engine.

A state machine registered with the run's ``Services`` (``state_machines={arn: machine}``,
or a lookup function an engine provides) runs in-process on the parent's virtual clock,
started at the instant the parent's state was entered. The answer takes the shapes AWS
returns:

* request-response: ``ExecutionArn`` and ``StartDate``, with the HTTP metadata;
* ``.sync``: the child's ``DescribeExecution`` with ``Input``/``Output`` as JSON text;
  ``.sync:2`` the same with them as JSON values; a child that did not succeed fails the
  task with ``States.TaskFailed`` and that description (its ``Error``/``Cause``) as cause;
* ``.waitForTaskToken``: the start answer; the parent waits for its token.

An ARN nobody registered goes to the backend (which knows it, or answers
``StepFunctions.StateMachineDoesNotExistException`` as AWS does).
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Optional

from asl.core.resources import CALLBACK, SYNC
from asl.services.shapes import iso_timestamp, json_text
from asl.tasks import Outcome

if TYPE_CHECKING:
    from asl.services.backend import Call, Services

TASK_FAILED = "States.TaskFailed"


def execution_arn(machine_arn: str, name: str) -> str:
    """The execution's ARN: the state machine's, with ``execution`` and the name."""
    return machine_arn.replace(":stateMachine:", ":execution:", 1) + ":" + name


def _started_at(call: "Call") -> datetime:
    entered = call.entered
    if entered:
        try:
            return datetime.fromisoformat(entered.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime(2025, 1, 1, tzinfo=timezone.utc)


def _child_input(value: Any) -> tuple[bool, Any]:
    """The child's input: ``Input`` as given (JSON text is parsed), ``{}`` when absent."""
    if value is None:
        return True, {}
    if isinstance(value, str):
        try:
            return True, json.loads(value)
        except ValueError:
            return False, value
    return True, value


def _name(call: "Call", params: dict[str, Any]) -> str:
    name = params.get("Name")
    if isinstance(name, str) and name:
        return name
    execution = call.context.context.get("Execution") if isinstance(call.context.context, dict) else None
    seed = json_text([execution, call.state, call.context.attempt])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def start_execution(services: "Services", call: "Call") -> Outcome:
    params = call.payload if isinstance(call.payload, dict) else {}
    arn = params.get("StateMachineArn")
    machine = services.machine(arn) if isinstance(arn, str) else None
    if machine is None:
        return _not_registered(services, call, arn)
    ok, child_input = _child_input(params.get("Input"))
    if not ok:
        return Outcome(False, error="StepFunctions.InvalidExecutionInputException",
                       cause=f"Invalid State Machine Execution Input: '{child_input}'")
    name = _name(call, params)
    started = _started_at(call)
    result = machine.run(child_input, services.tasks or None, services=services, name=name, start_time=started)
    described = _describe(arn, name, child_input, result, started, text=call.info.resource.endswith(".sync"))
    start_answer = {"ExecutionArn": described["ExecutionArn"], "StartDate": described["StartDate"]}
    if call.info.pattern == SYNC:
        return _sync_outcome(result, described, start_answer)
    started_shape = _with_start_metadata(services, call, start_answer)
    if call.info.pattern == CALLBACK:
        return Outcome(True, started_shape, submitted=started_shape)
    return Outcome(True, started_shape)


def _sync_outcome(result: Any, described: dict[str, Any], start_answer: dict[str, Any]) -> Outcome:
    if result.status == "SUCCEEDED":
        return Outcome(True, described, submitted=start_answer)
    if result.status == "RUNNING":
        cause = (f"the child execution {described['ExecutionArn']} is waiting for a callback; "
                 "asl runs .sync children to their end in one step, so answer its tasks with tasks= or mocks")
        return Outcome(False, error="States.Runtime", cause=cause, submitted=start_answer)
    failed = {k: v for k, v in described.items() if not k.startswith("Redrive") and k not in ("Output", "OutputDetails")}
    if result.error is not None:
        failed["Error"] = result.error
    if result.cause is not None:
        failed["Cause"] = result.cause
    return Outcome(False, error=TASK_FAILED, cause=json_text(dict(sorted(failed.items()))), submitted=start_answer)


def _describe(machine_arn: str, name: str, child_input: Any, result: Any, started: datetime,
              text: bool) -> dict[str, Any]:
    """The child as ``DescribeExecution`` shows it (``text``: input/output as JSON text)."""
    history = list(result.history)
    stopped = history[-1]["timestamp"] if history and isinstance(history[-1].get("timestamp"), datetime) else started
    described: dict[str, Any] = {
        "ExecutionArn": execution_arn(machine_arn, name),
        "Input": json_text(child_input) if text else child_input,
        "InputDetails": {"Included": True},
        "Name": name,
        "StartDate": iso_timestamp(started),
        "StateMachineArn": machine_arn,
        "Status": result.status,
        "StopDate": iso_timestamp(stopped),
    }
    if result.status == "SUCCEEDED":
        described["Output"] = json_text(result.output) if text else result.output
        described["OutputDetails"] = {"Included": True}
        described.update(RedriveCount=0, RedriveStatus="NOT_REDRIVABLE",
                         RedriveStatusReason="Execution is SUCCEEDED and cannot be redriven")
    return described


def _with_start_metadata(services: "Services", call: "Call", answer: dict[str, Any]) -> Any:
    from asl.services.catalog import resolve_info

    operation = resolve_info(call.info)
    return services.shaped(call, operation, {"ResponseMetadata": {"RequestId": _request_id(answer)}}, answer)


def _request_id(answer: dict[str, Any]) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, json_text(answer)))


def _not_registered(services: "Services", call: "Call", arn: Optional[Any]) -> Outcome:
    """Not ours: the backend answers (moto or AWS know the machine, or say it does not exist)."""
    outcome = services.request(call)
    if outcome.ok and call.info.pattern == SYNC:
        return Outcome(False, error="States.Runtime", submitted=outcome.output, cause=(
            f"{arn!r} ran on the backend, which asl cannot follow to its end: register the state machine "
            "with Services(state_machines={arn: machine}) to run it here"))
    return outcome
