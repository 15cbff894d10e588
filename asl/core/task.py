"""The Task state: evaluate the payload, invoke, retry, catch, record AWS's events.

Also the retry/catch loop that Parallel and Map share (``with_recovery``): an *attempt*
is a generator producing the state's output; failures go through the retriers (a timer,
then a new attempt) and then the catchers.
"""
from __future__ import annotations

from typing import Any, Callable, Generator, Optional

from asl.core import resources
from asl.core.effects import KEEP_WAITING, Sleep, Submitted
from asl.core.history import error_details
from asl.core.messages import InvokeTask
from asl.core.plan import StateSpec
from asl.core.recovery import error_output, find_catcher, retry_delay
from asl.core.states import enter, leave, located
from asl.errors import StatesError

Attempt = Callable[[], Generator[Any, Any, tuple[Any, Optional[dict[str, Any]]]]]

TIMEOUT_ERRORS = frozenset({"States.Timeout", "States.HeartbeatTimeout"})


def with_recovery(
    execution: Any, frame: Any, spec: StateSpec, raw: Any, attempt: Attempt, failed_event: Optional[str] = None
) -> Generator[Any, Any, tuple[Optional[str], Any]]:
    """Run ``attempt`` until it succeeds, is caught, or fails the frame.

    ``failed_event`` (``ParallelStateFailed``/``MapStateFailed``) is recorded once the
    failure is final (not retried), as AWS does, except for ``States.Runtime``.
    """
    env = frame.env
    counts = [0] * len(spec.retriers)
    while True:
        try:
            output, assigned = yield from attempt()
        except StatesError as failure:
            failure = located(execution, frame, failure)
            delay = retry_delay(spec.retriers, counts, failure.error, execution.rng)
            if delay is not None:
                execution.note_transition(frame, "retry", None, spec.name)
                env.retry_count = (env.retry_count or 0) + 1
                if delay > 0:
                    yield Sleep(execution.now + delay)
                continue
            if failed_event is not None and failure.error != "States.Runtime":
                execution.emit(frame, failed_event, None)
            catcher = find_catcher(spec.catchers, failure.error)
            if catcher is None:
                raise failure
            details = error_output(failure.error, failure.cause)
            try:
                output, assigned = catcher.flow.caught(raw, details, env)
            except StatesError as exc:
                raise located(execution, frame, exc) from None
            leave(execution, frame, spec, output, assigned, raw, (spec.name, catcher.next, "catch", catcher.index))
            return catcher.next, output
        leave(execution, frame, spec, output, assigned, raw)
        return spec.next, output


def run_task(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> Generator[Any, Any, tuple[Optional[str], Any]]:
    """Enter the state and return the generator that runs it (``with_recovery`` itself,
    not a generator wrapping it: one level fewer for every resumption)."""
    enter(execution, frame, spec, raw)
    env = frame.env
    env.retry_count = 0
    info: resources.ResourceInfo = spec.extra["info"]
    flow = spec.flow

    def attempt() -> Generator[Any, Any, tuple[Any, Optional[dict[str, Any]]]]:
        """One invocation and its events (the whole of it here: every generator level
        costs on each resumption)."""
        effective, call = _prepared_call(execution, spec, raw, info, env)
        events = _EVENTS[info.family]
        execution.emit(frame, events.scheduled, events.scheduled_details(execution, info, call))
        execution.emit(frame, events.started, events.started_details(info))
        try:
            outcome = yield call
            while isinstance(outcome, Submitted):
                execution.emit(frame, "TaskSubmitted", _service(info, output=outcome.output))
                outcome = yield KEEP_WAITING
        except StatesError as failure:
            event_type = events.timed_out if failure.error in TIMEOUT_ERRORS else events.failed
            execution.emit(frame, event_type, events.failure_details(info, failure))
            raise
        execution.emit(frame, events.succeeded, events.success_details(info, outcome))
        return flow.finish(raw, effective, outcome, env)

    return with_recovery(execution, frame, spec, raw, attempt)


def _prepared_call(execution: Any, spec: StateSpec, raw: Any, info: resources.ResourceInfo,
                   env: Any) -> tuple[Any, InvokeTask]:
    """The effective input and the ``InvokeTask`` for one attempt (payload, limits, token)."""
    env.token = execution.new_token() if info.pattern != resources.REQUEST else None
    flow = spec.flow
    effective = flow.effective_input(raw, env)
    source = raw if flow.jsonata else effective
    extra = spec.extra
    timeout = None if extra["timeout"] is None else _seconds(extra["timeout"], source, env, "TimeoutSeconds")
    heartbeat = None if extra["heartbeat"] is None else _seconds(extra["heartbeat"], source, env, "HeartbeatSeconds")
    credentials = None if extra["credentials"] is None else extra["credentials"](source, env)
    payload = flow.payload(effective, env)
    call = InvokeTask(0, spec.name, extra["resource"], payload, env.token, env.retry_count or 0, heartbeat, timeout,
                      credentials, env.context_object)
    return effective, call


def _seconds(field: Any, source: Any, env: Any, name: str) -> float:
    value = field(source, env)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise StatesError("States.Runtime", f"The {name} field must be a positive integer: {value!r}")
    return value


# ------------------------------------------------------------------------ task events
def _service(info: resources.ResourceInfo, **more: Any) -> dict[str, Any]:
    return {"resourceType": info.resource_type, "resource": info.resource, **more}


class _ServiceEvents:
    scheduled, started, succeeded = "TaskScheduled", "TaskStarted", "TaskSucceeded"
    failed, timed_out = "TaskFailed", "TaskTimedOut"

    @staticmethod
    def scheduled_details(execution: Any, info: resources.ResourceInfo, call: InvokeTask) -> dict[str, Any]:
        details = _service(info, region=execution.region, parameters=call.payload)
        _limits(details, call)
        _credentials(details, call)
        return details

    @staticmethod
    def started_details(info: resources.ResourceInfo) -> Optional[dict[str, Any]]:
        return _service(info)

    @staticmethod
    def success_details(info: resources.ResourceInfo, output: Any) -> dict[str, Any]:
        return _service(info, output=output)

    @staticmethod
    def failure_details(info: resources.ResourceInfo, failure: StatesError) -> dict[str, Any]:
        return _service(info, **error_details(failure.error, failure.cause))


class _LambdaEvents(_ServiceEvents):
    scheduled, started, succeeded = "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"
    failed, timed_out = "LambdaFunctionFailed", "LambdaFunctionTimedOut"

    @staticmethod
    def scheduled_details(execution: Any, info: resources.ResourceInfo, call: InvokeTask) -> dict[str, Any]:
        details: dict[str, Any] = {"resource": info.resource, "input": call.payload}
        if call.timeout_seconds is not None:
            details["timeoutInSeconds"] = call.timeout_seconds
        _credentials(details, call)
        return details

    @staticmethod
    def started_details(info: resources.ResourceInfo) -> Optional[dict[str, Any]]:
        return None

    @staticmethod
    def success_details(info: resources.ResourceInfo, output: Any) -> dict[str, Any]:
        return {"output": output}

    @staticmethod
    def failure_details(info: resources.ResourceInfo, failure: StatesError) -> dict[str, Any]:
        return error_details(failure.error, failure.cause)


class _ActivityEvents(_LambdaEvents):
    """Like a Lambda's, but ``ActivityStarted`` would name the polling worker, and a
    locally answered activity has none: no details (``started_details`` inherited)."""

    scheduled, started, succeeded = "ActivityScheduled", "ActivityStarted", "ActivitySucceeded"
    failed, timed_out = "ActivityFailed", "ActivityTimedOut"

    @staticmethod
    def scheduled_details(execution: Any, info: resources.ResourceInfo, call: InvokeTask) -> dict[str, Any]:
        details: dict[str, Any] = {"resource": info.resource, "input": call.payload}
        _limits(details, call)
        return details


def _credentials(details: dict[str, Any], call: InvokeTask) -> None:
    if isinstance(call.credentials, dict) and "RoleArn" in call.credentials:
        details["taskCredentials"] = {"roleArn": call.credentials["RoleArn"]}


def _limits(details: dict[str, Any], call: InvokeTask) -> None:
    if call.timeout_seconds is not None:
        details["timeoutInSeconds"] = call.timeout_seconds
    if call.heartbeat_seconds is not None:
        details["heartbeatInSeconds"] = call.heartbeat_seconds


_EVENTS = {resources.SERVICE: _ServiceEvents, resources.LAMBDA: _LambdaEvents, resources.ACTIVITY: _ActivityEvents}
