"""Who answers a Task: a mock, a Python callable, or (later) an AWS service backend.

Lookup order for one invocation: ``mocks[state name]`` (answers in Step Functions
Local's MockConfigFile shape, used as the service's raw response), then ``tasks`` keyed
by state name, by the full ``Resource``, or for Lambda by function name/ARN, then the
``services`` backend. Nothing found is a configuration mistake, reported with what to
register rather than turned into an execution failure a Catch could hide.

Calling a Python function the way AWS calls a Lambda function: ``lambda:invoke`` wraps
the return value into the Invoke response (``Payload``, ``StatusCode``...), a bare Lambda
ARN returns it as is; an exception becomes AWS's Lambda error (its class name as the
error, a JSON ``errorMessage``/``errorType`` cause); ``asl.TaskFailed`` sets both.
"""
from __future__ import annotations

import importlib
import inspect
import json
import traceback
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from asl.core.jsonvalue import to_json_value
from asl.core.resources import LAMBDA, ResourceInfo, classify
from asl.errors import TaskFailed


class TaskNotRegistered(LookupError):
    """No mock, callable or service answers a Task state."""


class HandlerNotFound(LookupError):
    """A ``"module:function"`` task handler that cannot be imported."""


def import_handler(path: str) -> Callable[..., Any]:
    """The function a ``"package.module:function"`` string names.

    ``tasks`` may name callables this way instead of passing them: the one form that
    travels to other processes (Dask workers) without shipping code.
    """
    module_name, sep, attribute = path.partition(":")
    if not sep or not module_name or not attribute:
        raise HandlerNotFound(f"task handler {path!r} is not of the form 'package.module:function'")
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise HandlerNotFound(f"task handler {path!r}: cannot import {module_name!r} ({exc})") from None
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise HandlerNotFound(f"task handler {path!r}: {module_name!r} has no {attribute!r}") from None
    if not callable(target):
        raise HandlerNotFound(f"task handler {path!r} is not callable")
    return target  # type: ignore[no-any-return]


class MockExhausted(LookupError):
    """A mocked state was invoked more times than it has answers."""


class TaskContext:
    """What a task callable may want besides its input (its optional second parameter):
    the state, the resource, the task token, the attempt number (0 first; retries count
    up, and a task re-invoked after a crash keeps its number, so it can deduplicate),
    ``context`` (the context object ``$$``, built when first read) and ``heartbeat()``."""

    __slots__ = ("state_name", "resource", "token", "attempt", "_context", "_heartbeat")

    def __init__(self, state_name: str, resource: str, token: Optional[str], attempt: int,
                 context: Any = None, heartbeat: Optional[Callable[[], None]] = None):
        self.state_name = state_name
        self.resource = resource
        self.token = token
        self.attempt = attempt
        self._context = context
        self._heartbeat = heartbeat

    @property
    def context(self) -> Mapping[str, Any]:
        if callable(self._context):
            self._context = self._context()
        return self._context if self._context is not None else {}

    @property
    def task_token(self) -> Optional[str]:
        return self.token

    def heartbeat(self) -> None:
        """Tell the engine the task is alive (resets ``HeartbeatSeconds``)."""
        if self._heartbeat is not None:
            self._heartbeat()

    def __repr__(self) -> str:
        return f"TaskContext(state_name={self.state_name!r}, resource={self.resource!r}, attempt={self.attempt})"


@dataclass(slots=True)
class Outcome:
    """One answer: ``output`` on success, else ``error``/``cause``. ``submitted`` is what
    a ``.sync``/``.waitForTaskToken`` service answered when the work was submitted (the
    ``TaskSubmitted`` event's output), where the answerer knows it."""

    ok: bool
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    submitted: Any = None
    duration: float = 0.0  # how long the work took (a polled ``.sync`` job), for the virtual clock


def from_mock_answer(answer: Any, state: str) -> Outcome:
    """A MockConfigFile-style answer: ``{"Return": value}`` or ``{"Throw": {"Error", "Cause"}}``."""
    if isinstance(answer, dict):
        if "Return" in answer:
            return Outcome(True, to_json_value(answer["Return"]))
        if "Throw" in answer:
            thrown = answer["Throw"] or {}
            if isinstance(thrown, dict):
                return Outcome(False, error=thrown.get("Error"), cause=_cause_text(thrown.get("Cause")))
    raise TypeError(
        f"mock answer for state {state!r} must be {{'Return': value}} or "
        f"{{'Throw': {{'Error': ..., 'Cause': ...}}}}, not {answer!r}"
    )


def _cause_text(cause: Any) -> Optional[str]:
    if cause is None or isinstance(cause, str):
        return cause
    return json.dumps(cause, separators=(",", ":"), ensure_ascii=False)


class Mocks:
    """Answers per state name, consumed in invocation order (retries consume answers)."""

    def __init__(self, mocks: Mapping[str, Any]):
        self._mocks = {state: _answers(state, spec) for state, spec in mocks.items()}
        self._calls: dict[str, int] = {}

    def __contains__(self, state: str) -> bool:
        return state in self._mocks

    def __bool__(self) -> bool:
        return bool(self._mocks)

    def answer(self, state: str, payload: Any) -> Outcome:
        answers = self._mocks[state]
        number = self._calls.get(state, 0)
        self._calls[state] = number + 1
        if callable(answers):
            return from_mock_answer(answers(payload), state)
        if number >= len(answers):
            raise MockExhausted(
                f"state {state!r} was invoked {number + 1} times but its mock has only {len(answers)} answer(s)"
            )
        return from_mock_answer(answers[number], state)


def _answers(state: str, spec: Any) -> Any:
    """A callable, or the list of answers (one answer alone answers every invocation)."""
    if callable(spec):
        return spec
    if isinstance(spec, dict) and ("Return" in spec or "Throw" in spec):
        return lambda _payload: spec
    try:
        return list(spec)
    except TypeError:
        raise TypeError(
            f"the mock for state {state!r} must be a list of answers, one answer ({{'Return': value}} or "
            f"{{'Throw': {{'Error': ..., 'Cause': ...}}}}) or a callable, not {spec!r}"
        ) from None


@dataclass(slots=True)
class Found:
    """The callable that answers a task; ``lambda_invoke``: wrap its value as Invoke's response."""

    function: Callable[..., Any]
    lambda_invoke: bool


BACKEND = object()  # ``TaskResolver.lookup``: the services backend answers this call


def shape(found: Found, value: Any) -> Outcome:
    """A callable's return value as the task's outcome (JSON only; Invoke-wrapped)."""
    try:
        value = to_json_value(value)
    except (TypeError, ValueError) as exc:
        return Outcome(False, error="States.Runtime", cause=f"The task returned a value that is not JSON: {exc}")
    return Outcome(True, _invoke_response(value) if found.lambda_invoke else value)


def failure(exc: BaseException) -> Outcome:
    """A callable's exception as AWS reports a failed Lambda function (``TaskFailed``
    sets the error name and cause)."""
    if isinstance(exc, TaskFailed):
        return Outcome(False, error=exc.error, cause=exc.cause)
    return Outcome(False, error=type(exc).__name__, cause=_lambda_error_cause(exc))


class TaskResolver:
    """Finds and calls whatever answers an ``InvokeTask`` command."""

    def __init__(self, tasks: Optional[Mapping[str, Callable[..., Any]]] = None,
                 mocks: Optional[Mapping[str, Any]] = None, services: Any = None):
        self.tasks = dict(tasks or {})
        self.mocks = mocks if isinstance(mocks, Mocks) else Mocks(mocks or {})
        self.services = services
        self._backend: Any = None
        self._arity: dict[int, int] = {}
        self._handlers: dict[str, Callable[..., Any]] = {}

    def invoke(self, state: str, resource: str, payload: Any,
               context: TaskContext | Callable[[], TaskContext]) -> Outcome:
        """Answer one call; ``context`` may be a factory, called only for a callable
        that takes a context (building one for every call would cost for nothing)."""
        found = self.lookup(state, resource, payload)
        if isinstance(found, Outcome):
            return found
        if found is BACKEND:
            return self.backend.invoke(state, classify(resource), payload, context)
        try:
            value = self.call(found, payload, context)
        except Exception as exc:  # noqa: BLE001 - a user's function failed: AWS reports it
            return failure(exc)
        return shape(found, value)

    # The three phases of ``invoke``, apart for drivers that run the call elsewhere (in a
    # thread, awaited on a loop) between looking it up and shaping its answer.
    def lookup(self, state: str, resource: str, payload: Any) -> "Outcome | Found | object":
        """A mock's answer, the callable to call (``Found``), or ``BACKEND`` when the
        ``services`` backend answers; ``TaskNotRegistered`` when nothing does."""
        if state in self.mocks:
            return self.mocks.answer(state, payload)
        info = classify(resource)
        function, lambda_invoke = self._find_callable(state, resource, info, payload)
        if isinstance(function, str):
            function = self._imported(function)
        if function is not None:
            return Found(function, lambda_invoke)
        if self.services is not None:
            return BACKEND
        raise TaskNotRegistered(_not_registered(state, resource, info))

    def call(self, found: "Found", payload: Any, context: Any) -> Any:
        """Run the callable on its argument (``Payload`` for ``lambda:invoke``); may raise."""
        argument = payload.get("Payload") if found.lambda_invoke and isinstance(payload, dict) else payload
        function = found.function
        key = id(function)
        arity = self._arity.get(key)
        if arity is None:
            arity = self._arity[key] = _positional_arity(function)
        if arity < 2:
            return function(to_json_value(argument))
        return function(to_json_value(argument), context if isinstance(context, TaskContext) else context())

    def _imported(self, path: str) -> Callable[..., Any]:
        function = self._handlers.get(path)
        if function is None:
            function = self._handlers[path] = import_handler(path)
        return function

    @property
    def backend(self) -> Any:
        """The AWS service backend chosen by ``services=`` (``asl.services``), made once."""
        if self._backend is None:
            from asl.services import backend_for

            self._backend = backend_for(self.services)
        return self._backend

    def _find_callable(self, state: str, resource: str, info: ResourceInfo, payload: Any) -> tuple[Any, bool]:
        for key in (state, resource):
            if key in self.tasks:
                return self.tasks[key], _is_lambda_invoke(info)
        if info.family == LAMBDA:
            return self.tasks.get(info.action), False
        if _is_lambda_invoke(info) and isinstance(payload, dict):
            name = str(payload.get("FunctionName", ""))
            short = name.split(":function:", 1)[-1].split(":", 1)[0]
            for key in (name, short):
                if key in self.tasks:
                    return self.tasks[key], True
        return None, False


def _is_lambda_invoke(info: ResourceInfo) -> bool:
    return info.resource_type == "lambda" and info.action == "invoke"


def _positional_arity(function: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return 1
    count = 0
    for p in parameters:
        if p.kind == p.VAR_POSITIONAL:
            return 2
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            count += 1
    return count


def _invoke_response(payload: Any) -> dict[str, Any]:
    """The response Step Functions' ``lambda:invoke`` integration returns."""
    request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(payload, sort_keys=True, default=str)))
    return {
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {
                "X-Amz-Executed-Version": ["$LATEST"],
                "Connection": ["keep-alive"],
                "x-amzn-RequestId": [request_id],
                "Content-Type": ["application/json"],
            },
            "HttpHeaders": {
                "Connection": "keep-alive",
                "Content-Type": "application/json",
                "X-Amz-Executed-Version": "$LATEST",
                "x-amzn-RequestId": request_id,
            },
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    }


def _lambda_error_cause(exc: BaseException) -> str:
    frames = traceback.format_tb(exc.__traceback__)[-3:]
    body = {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": "00000000-0000-0000-0000-000000000000",
        "stackTrace": frames,
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _not_registered(state: str, resource: str, info: ResourceInfo) -> str:
    hint = f"tasks={{{resource!r}: your_function}}"
    if info.family == LAMBDA:
        hint += f" or tasks={{{info.action!r}: your_function}}"
    elif _is_lambda_invoke(info):
        hint = "tasks={'<FunctionName or its ARN>': your_function}"
    return (
        f"No task answers the Task state {state!r} (Resource {resource!r}). Register a Python callable with "
        f"{hint}, mock it with mocks={{{state!r}: [{{'Return': ...}}]}}, or pass services='boto3' to call AWS."
    )
