"""``test_state``: AWS's TestState API (2025 edition), answered locally.

One state, given alone or by name inside a whole machine, is evaluated once with the
request's input, variables, context object and mock, and the answer has AWS's shape:
``status`` (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR), ``output``, ``error``, ``cause``,
``nextState`` and, at DEBUG/TRACE, ``inspectionData``. Where AWS refuses the request
(an invalid definition, a Map without a mock, a mocked result that does not fit the
service's API...) ``TestStateError`` carries AWS's error code and message, so a test
written against AWS's answers holds against ours.

Deliberate differences from the web API, for Python users: ``output`` and the values in
``inspectionData`` are parsed JSON values (AWS sends JSON text); ``input``, ``variables``,
``context`` and the mock's ``result`` may be JSON text (as AWS takes them) or Python
values (a Python ``str`` is always read as JSON text: pass ``'"text"'`` for a string);
``tasks`` may answer an unmocked Task with a Python callable, as ``machine.run`` does.
"""
from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any, Mapping, Optional

from asl.errors import StatesError
from asl.testing import stateeval
from asl.testing.contextobject import ContextError, check_context, default_context

LEVELS = ("INFO", "DEBUG", "TRACE")
SINGLE_STATE_NAME = "StateName"  # what AWS calls a state sent on its own
UNSUPPORTED_WITHOUT_MOCK = (
    "TestState API does not support Map or Parallel states. "
    "Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"
)
NOT_MOCKABLE = ("Pass", "Succeed", "Fail", "Choice", "Wait")


class TestStateError(Exception):
    """AWS refused the TestState request: ``code`` is AWS's error code
    (``ValidationException``, ``InvalidDefinition``), ``message`` its message."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


def test_state(
    definition: Any,
    input: Any = None,
    state_name: Optional[str] = None,
    mock: Optional[Mapping[str, Any]] = None,
    variables: Any = None,
    context: Any = None,
    inspection_level: str = "INFO",
    *,
    role_arn: Optional[str] = None,
    state_configuration: Optional[Mapping[str, Any]] = None,
    reveal_secrets: bool = False,
    tasks: Optional[Mapping[str, Any]] = None,
) -> dict[str, Any]:
    """Evaluate one state as AWS's TestState does; returns the response as a dict."""
    if inspection_level not in LEVELS:
        raise TestStateError("ValidationException", f"inspectionLevel must be one of {', '.join(LEVELS)}")
    machine, name = _machine(definition, state_name)
    spec = _compiled_state(machine, name)
    config = dict(state_configuration or {})
    _check_mock_allowed(spec, mock, role_arn, reveal_secrets, tasks)
    value = _json_arg(input, "input", default={})
    given_variables = _json_arg(variables, "variables", default={})
    if not isinstance(given_variables, dict):
        raise TestStateError("ValidationException", "Variables must be a JSON object")
    ctx = _context(context, spec, name, value, role_arn)
    invoke = _invoker(spec, name, mock, config, ctx, tasks)
    env = stateeval.StateEnv(ctx, given_variables, now=_now())
    request = stateeval.Request(
        spec=spec, input=value, env=env, invoke=invoke,
        retry_count=_count(config, "retrierRetryCount"),
        map_failures=_count(config, "mapIterationFailureCount"),
        item_reader_data=_json_arg(config.get("mapItemReaderData"), "mapItemReaderData", default=None),
    )
    return _response(stateeval.evaluate(request), inspection_level)


test_state.__test__ = False  # type: ignore[attr-defined]  # a function named test_*, not a test


# ---------------------------------------------------------------------- the definition
def _machine(definition: Any, state_name: Optional[str]) -> tuple[dict[str, Any], str]:
    """A whole machine to validate and compile, and the name of the state under test."""
    data = _definition_data(definition)
    if "States" in data:
        name = state_name if state_name is not None else data.get("StartAt")
        if not isinstance(name, str) or _find_state(data, name) is None:
            raise TestStateError("ValidationException", "State not found in definition")
        _validate(data)
        return data, name
    if state_name is not None:
        raise TestStateError("ValidationException", "stateName requires a state machine definition")
    machine = _single_state_machine(data)
    _validate(machine)
    return machine, SINGLE_STATE_NAME


def _definition_data(definition: Any) -> dict[str, Any]:
    if isinstance(definition, PurePath) or (isinstance(definition, str) and _names_file(definition)):
        with open(os.fspath(definition), "rb") as handle:
            definition = handle.read()
    if isinstance(definition, (str, bytes)):
        try:
            definition = json.loads(definition)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise TestStateError(
                "InvalidDefinition", f"Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: {exc}'"
            ) from None
    if not isinstance(definition, dict):
        raise TestStateError("InvalidDefinition", "Invalid State Machine Definition: 'The definition must be a JSON object'")
    return definition


def _names_file(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and stripped[0] not in "{[\"" and (stripped.endswith(".json") or os.path.isfile(stripped))


def _single_state_machine(state: dict[str, Any]) -> dict[str, Any]:
    """AWS tests a lone state as the only state of a machine, named ``StateName``; the
    states it names as next are stand-ins so that the machine validates."""
    from asl.graph import transitions

    states: dict[str, Any] = {SINGLE_STATE_NAME: state}
    for _kind, target, _extra in transitions(state):
        if target not in states:
            states[target] = {"Type": "Succeed"}
    machine: dict[str, Any] = {"StartAt": SINGLE_STATE_NAME, "States": states}
    if isinstance(state.get("QueryLanguage"), str):
        machine["QueryLanguage"] = state["QueryLanguage"]
    return machine


def _validate(machine: dict[str, Any]) -> None:
    from asl.errors import DefinitionError
    from asl.validation import validate

    result = validate(machine)
    if result.errors:
        raise TestStateError("InvalidDefinition", DefinitionError(result.errors).aws_message())


def _find_state(machine: Any, name: str) -> Optional[dict[str, Any]]:
    """The state named ``name`` anywhere in the machine (nested scopes included)."""
    from asl.graph import nested_machines

    states = machine.get("States") if isinstance(machine, dict) else None
    if not isinstance(states, dict):
        return None
    if isinstance(states.get(name), dict):
        return states[name]
    for state in states.values():
        for _kind, _index, child in nested_machines(state):
            found = _find_state(child, name)
            if found is not None:
                return found
    return None


def _compiled_state(machine: dict[str, Any], name: str) -> Any:
    from asl.core.plan import compile_machine

    spec = _find_spec(compile_machine(machine), name)
    if spec is None:  # validated above, so only a name in two scopes could miss
        raise TestStateError("ValidationException", "State not found in definition")
    return spec


def _find_spec(scope: Any, name: str) -> Any:
    if name in scope.states:
        return scope.states[name]
    for spec in scope.states.values():
        children = list(spec.extra.get("branches", ()))
        if "processor" in spec.extra:
            children.append(spec.extra["processor"])
        for child in children:
            found = _find_spec(child, name)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------------- request checks
def _check_mock_allowed(spec: Any, mock: Optional[Mapping[str, Any]], role_arn: Optional[str],
                        reveal_secrets: bool, tasks: Any) -> None:
    if mock is None:
        if spec.type in ("Map", "Parallel"):
            raise TestStateError("InvalidDefinition", UNSUPPORTED_WITHOUT_MOCK)
        if spec.type == "Task" and role_arn is None and tasks is None:
            raise TestStateError("ValidationException", "RoleArn must be specified when testing a Task state")
        return
    if not isinstance(mock, Mapping) or len({"result", "errorOutput"} & set(mock)) != 1:
        raise TestStateError("ValidationException", "A mock must specify exactly one of result or errorOutput")
    if reveal_secrets:
        raise TestStateError("ValidationException", "TestState does not support RevealSecrets when a mock is specified.")
    if spec.type in NOT_MOCKABLE:
        raise TestStateError("ValidationException", f"State type '{spec.type}' is not supported when a mock is specified")


def _json_arg(value: Any, what: str, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise TestStateError("ValidationException", f"The {what} must be valid JSON") from None
    from asl.core.jsonvalue import to_json_value

    try:
        return to_json_value(value)
    except (TypeError, ValueError) as exc:
        raise TestStateError("ValidationException", f"The {what} must be a JSON value: {exc}") from None


def _count(config: Mapping[str, Any], key: str) -> int:
    value = config.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TestStateError("ValidationException", f"stateConfiguration.{key} must be a non-negative integer")
    return value


def _context(context: Any, spec: Any, name: str, value: Any, role_arn: Optional[str]) -> dict[str, Any]:
    if context is None:
        return default_context(spec, name, value, role_arn)
    ctx = _json_arg(context, "context", default={})
    try:
        check_context(ctx)
    except ContextError as exc:
        raise TestStateError("ValidationException", f"Invalid Context object provided: {exc}") from None
    return ctx


def _now() -> float:
    from asl.machine import DEFAULT_START_TIME

    return DEFAULT_START_TIME.timestamp()


# ---------------------------------------------------------------------- the state's work
def _invoker(spec: Any, name: str, mock: Optional[Mapping[str, Any]], config: Mapping[str, Any],
             ctx: Mapping[str, Any], tasks: Any) -> Optional[stateeval.Invoke]:
    if mock is None:
        return _task_invoker(spec, name, ctx, tasks) if spec.type == "Task" else None
    if "errorOutput" in mock:
        thrown = mock["errorOutput"] if isinstance(mock["errorOutput"], Mapping) else {}

        def fail(_payload: Any) -> Any:
            raise StatesError(thrown.get("error"), thrown.get("cause"))

        return fail
    result = _mock_result(mock)
    _check_result_shape(spec, result, mock.get("fieldValidationMode", "STRICT"), config)
    return lambda _payload: result


def _mock_result(mock: Mapping[str, Any]) -> Any:
    result = mock["result"]
    if isinstance(result, (str, bytes)):
        try:
            return json.loads(result)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise TestStateError("ValidationException", "Mocked result must be valid JSON") from None
    return _json_arg(result, "mocked result", default=None)


def _check_result_shape(spec: Any, result: Any, mode: Any, config: Mapping[str, Any]) -> None:
    from asl.testing.fieldvalidation import MODES, FieldError, check_mock_result

    if mode not in MODES:
        raise TestStateError("ValidationException", f"fieldValidationMode must be one of {', '.join(MODES)}")
    if spec.type == "Parallel":
        if not isinstance(result, list) or len(result) != len(spec.extra["branches"]):
            raise TestStateError(
                "ValidationException",
                "Mocked result must contain the same number of items as number of Parallel branches.",
            )
    elif spec.type == "Map":
        _check_map_result(spec, result, config)
    elif spec.type == "Task":
        try:
            check_mock_result(spec.extra["resource"], result, mode)
        except FieldError as exc:
            raise TestStateError("ValidationException", f"Mock result schema validation error: {exc}") from None


def _check_map_result(spec: Any, result: Any, config: Mapping[str, Any]) -> None:
    if spec.extra.get("result_writer") is not None:
        if not isinstance(result, dict):
            raise TestStateError("ValidationException", "Mocked result must be a JSON object.")
    elif not isinstance(result, list):
        raise TestStateError("ValidationException", "Mocked result must be a JSON array.")
    failures = _count(config, "mapIterationFailureCount")
    if isinstance(result, list) and failures > len(result):
        raise TestStateError(
            "ValidationException",
            "Map iteration failure count must be less than or equal to the number of Map iterations",
        )


def _task_invoker(spec: Any, name: str, ctx: Mapping[str, Any], tasks: Any) -> stateeval.Invoke:
    from asl.tasks import TaskContext, TaskResolver

    resolver = TaskResolver(tasks, None)
    resource = spec.extra["resource"]
    task = ctx.get("Task") if isinstance(ctx, Mapping) else None
    token = task.get("Token") if isinstance(task, Mapping) else None

    def invoke(payload: Any) -> Any:
        outcome = resolver.invoke(name, resource, payload, TaskContext(name, resource, token, 0, ctx))
        if not outcome.ok:
            raise StatesError(outcome.error, outcome.cause)
        return outcome.output

    return invoke


# ---------------------------------------------------------------------- the response
def _response(out: stateeval.Outcome, level: str) -> dict[str, Any]:
    response: dict[str, Any] = {}
    if out.has_output:
        response["output"] = out.output
    if out.error is not None:
        response["error"] = out.error
    if out.cause is not None:
        response["cause"] = out.cause
    if level != "INFO":
        response["inspectionData"] = out.data
    if out.next_state is not None:
        response["nextState"] = out.next_state
    response["status"] = out.status
    return response
