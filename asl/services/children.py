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
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

from asl.core.resources import CALLBACK, SYNC
from asl.distributed.children import ChildExecution, execution_arn
from asl.distributed.writer import record
from asl.services.catalog import resolve_info
from asl.services.metadata import entered_time
from asl.services.shapes import json_text
from asl.services.sync import TASK_FAILED
from asl.tasks import Outcome

if TYPE_CHECKING:
    from asl.services.backend import Call, Services


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
    started = entered_time(call.entered)
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
    # AWS's .sync failure shows the description without its redrive members
    failed = {k: v for k, v in described.items() if not k.startswith("Redrive")}
    return Outcome(False, error=TASK_FAILED, cause=json_text(failed), submitted=start_answer)


def _describe(machine_arn: str, name: str, child_input: Any, result: Any, started: datetime,
              text: bool) -> dict[str, Any]:
    """The child as ``DescribeExecution`` shows it: the execution record a Distributed Map
    writes for its children (``Error``/``Cause`` when it failed), its input and output as
    JSON text (``text``) or as values (``.sync:2``)."""
    history = result.history
    stopped = history[-1]["timestamp"] if len(history) else started
    child = ChildExecution(0, name, execution_arn(machine_arn, name), machine_arn, result.status, child_input,
                           result.output, result.error, result.cause, start=started.timestamp(),
                           stop=stopped.timestamp())
    described = record(child)
    if not text:
        described["Input"] = child_input
        if "Output" in described:
            described["Output"] = result.output
    return described


def _with_start_metadata(services: "Services", call: "Call", answer: dict[str, Any]) -> Any:
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
