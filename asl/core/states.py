"""Runners for the states that never wait: Pass, Choice, Succeed, Fail (and Wait, which
only waits on a timer).

A runner takes ``(execution, frame, spec, raw_input)`` and returns ``(next_state_name,
output)`` (``None`` as the name ends the frame), or raises ``StatesError``. Runners of
states that wait are generators (``yield`` an effect, get its outcome back).
"""
from __future__ import annotations

from typing import Any, Callable, Generator, Optional

from asl.core.effects import Sleep
from asl.core.history import to_json_text
from asl.core.limits import too_large
from asl.core.plan import StateSpec
from asl.core.variables import account
from asl.errors import StatesError
from asl.expr.timestamps import parse_timestamp

# AWS's one-year limit on how long a Wait may last.
MAX_WAIT_SECONDS = 366 * 24 * 3600

# Errors raised while evaluating a state's fields get AWS's "which state" prefix.
EVALUATION_ERRORS = frozenset({"States.Runtime", "States.QueryEvaluationError", "States.IntrinsicFailure"})


def located(execution: Any, frame: Any, exc: StatesError) -> StatesError:
    """``exc`` with AWS's prefix naming the state and the event that entered it."""
    if exc.error not in EVALUATION_ERRORS or getattr(exc, "located", False):
        return exc
    prefix = f"An error occurred while executing the state '{frame.spec.name}' (entered at the event id #{frame.entered_id}). "
    located_exc = StatesError(exc.error, prefix + (exc.cause or ""))
    located_exc.located = True  # type: ignore[attr-defined]
    location = getattr(exc, "location", None)
    if exc.error == "States.QueryEvaluationError":
        execution.evaluation_failed(frame, located_exc, location)
    return located_exc


def enter(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> None:
    """Record ``<Type>StateEntered`` and make the state current in its frame.

    ``enter``/``leave`` run for every state visited, so they write the event directly
    rather than through ``execution.emit`` (same rules: see ``ExecutionCore.emit``).
    """
    log = frame.history
    types = log.type
    event_id = len(types) + 1
    if event_id > execution.event_ceiling:
        execution.history_full()
    last = frame.last
    now = execution.now
    log.prev.append(last)
    log.ts.append(now)
    types.append(spec.entered_type)
    log.state.append(spec.name)
    log.details.append(raw)
    frame.last = frame.entered_id = event_id
    frame.entered_prev = last
    frame.entered = (spec, raw)
    frame.spec = spec
    env = frame.env
    env.state_name = spec.name
    env.entered_at = now
    env.retry_count = None
    env.token = None  # a callback Task's token is in ``$$`` for that state only
    execution.path.append(spec.name)


def leave(
    execution: Any,
    frame: Any,
    spec: StateSpec,
    output: Any,
    assigned: Optional[dict[str, Any]],
    raw: Any = None,
    transition: Optional[tuple[str, Optional[str], str, Optional[int]]] = None,
) -> None:
    """Record the state's exit and the transition taken: ``(state, target, kind, index)``,
    kind next, choice, default or catch, target None when the state ends its frame; by
    default the state's ``Next``. ``raw`` is the state's input: an output that is that
    same value needs no size check."""
    meter = execution.meter
    if meter is not None and output is not raw and not meter.fits(output):
        raise StatesError("States.DataLimitExceeded", too_large("output"))
    if assigned:
        execution.variable_bytes = account(assigned, frame.variable_sizes, execution.variable_bytes)
        frame.assign(assigned)
    execution.transitions.append(spec.next_transition if transition is None else transition)
    log = frame.history
    types = log.type
    event_id = len(types) + 1
    if event_id > execution.event_ceiling:
        execution.history_full()
    log.prev.append(frame.last)
    log.ts.append(execution.now)
    types.append(spec.exited_type)
    if assigned:
        log.state.append(None)
        log.details.append({"name": spec.name, "output": output, "assignedVariables": assigned})
    else:  # the common exit: its details are rebuilt from the state's name and output when read
        log.state.append(spec.name)
        log.details.append(output)
    frame.last = event_id
    frame.spec = None


def run_pass(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> tuple[Optional[str], Any]:
    enter(execution, frame, spec, raw)
    flow, env = spec.flow, frame.env
    try:
        if flow.jsonata:
            output, assigned = flow.passthrough(raw, raw, env)
        else:
            output, assigned = flow.run_pass(raw, env)
    except StatesError as exc:
        raise located(execution, frame, exc) from None
    leave(execution, frame, spec, output, assigned, raw)
    return spec.next, output


def run_succeed(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> tuple[Optional[str], Any]:
    enter(execution, frame, spec, raw)
    flow, env = spec.flow, frame.env
    try:
        output, assigned = flow.passthrough(raw, flow.effective_input(raw, env), env)
    except StatesError as exc:
        raise located(execution, frame, exc) from None
    leave(execution, frame, spec, output, assigned)
    return None, output


def run_choice(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> tuple[Optional[str], Any]:
    enter(execution, frame, spec, raw)
    flow, env = spec.flow, frame.env
    try:
        input_path = flow.input_path
        effective = raw if input_path is None else input_path(raw, env)
        extra = spec.extra
        for rule in extra["rules"]:
            if rule.test(effective, env):
                if rule.flow.plain and flow.output_path is None:
                    output, assigned = effective, None
                else:
                    output, assigned = rule.flow.matched(flow, raw, effective, env)
                leave(execution, frame, spec, output, assigned, raw, extra["transitions"][rule.index])
                return rule.next, output
        default = spec.extra["default"]
        if default is None:
            raise StatesError("States.NoChoiceMatched", f"No Matches! Available Choices: {_next_names(spec)}")
        output, assigned = flow.passthrough(raw, effective, env)
    except StatesError as exc:
        raise located(execution, frame, exc) from None
    leave(execution, frame, spec, output, assigned, raw, spec.extra["default_transition"])
    return default, output


def _next_names(spec: StateSpec) -> str:
    return ", ".join(rule.next for rule in spec.extra["rules"])


def run_fail(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> tuple[Optional[str], Any]:
    enter(execution, frame, spec, raw)
    fields = spec.extra
    try:
        error = fail_text(fields["error"], raw, frame.env)
        cause = fail_text(fields["cause"], raw, frame.env)
    except StatesError as exc:
        raise located(execution, frame, exc) from None
    failure = StatesError(error, cause)
    failure.from_fail_state = True  # type: ignore[attr-defined]
    raise failure


def fail_text(field: Optional[Callable[[Any, Any], Any]], raw: Any, env: Any) -> Optional[str]:
    if field is None:
        return None
    value = field(raw, env)
    if value is None or isinstance(value, str):
        return value
    return to_json_text(value)


def run_wait(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> Generator[Any, Any, tuple[Optional[str], Any]]:
    enter(execution, frame, spec, raw)
    flow, env = spec.flow, frame.env
    try:
        effective = flow.effective_input(raw, env)
        fire_at = wake_time(execution.now, spec, effective, raw, env)
    except StatesError as exc:
        raise located(execution, frame, exc) from None
    if fire_at > execution.now:
        yield Sleep(fire_at)
    try:
        output, assigned = flow.passthrough(raw, effective, env)
    except StatesError as exc:
        raise located(execution, frame, exc) from None
    leave(execution, frame, spec, output, assigned)
    return spec.next, output


def wake_time(now: float, spec: StateSpec, effective: Any, raw: Any, env: Any) -> float:
    """When a Wait entered at ``now`` ends; raises AWS's error for an unusable value
    (TestState checks the value with this too, though it does not wait)."""
    extra = spec.extra
    kind, from_path = extra["kind"], extra["path"]
    source = raw if spec.flow.jsonata else effective
    value = extra["value"](source, env)
    if kind == "Seconds":
        seconds = _wait_seconds(value, from_path, spec)
        return now + seconds
    return _wait_timestamp(value, from_path, spec, now)


def _wait_seconds(value: Any, from_path: bool, spec: StateSpec) -> float:
    path = spec.raw.get("SecondsPath")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
        isinstance(value, float) and not value.is_integer()
    ):
        if from_path:
            raise StatesError(
                "States.Runtime",
                f"The SecondsPath parameter cannot be parsed as a long value: {path} == {_show(value)}",
            )
        raise StatesError("States.QueryEvaluationError", f"The Seconds field must be an integer: {_show(value)}")
    if value < 0:
        if from_path:
            raise StatesError(
                "States.Runtime", f"The SecondsPath parameter references a negative value: {path} == {_show(value)}"
            )
        raise StatesError("States.QueryEvaluationError", f"The Seconds field references a negative value: {_show(value)}")
    if value > MAX_WAIT_SECONDS:
        raise StatesError("States.Runtime", "Wait state delay is too long")
    return float(value)


def _wait_timestamp(value: Any, from_path: bool, spec: StateSpec, now: float) -> float:
    parsed = parse_timestamp(value) if isinstance(value, str) else None
    if parsed is None:
        if from_path:
            raise StatesError(
                "States.Runtime",
                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time "
                f"format string: {spec.raw.get('TimestampPath')} == {_show(value)}",
            )
        raise StatesError(
            "States.QueryEvaluationError",
            f"The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {_show(value)}",
        )
    fire_at = parsed.timestamp()
    if fire_at - now > MAX_WAIT_SECONDS:
        raise StatesError("States.Runtime", "Wait state delay is too long")
    return max(fire_at, now)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    return to_json_text(value)
