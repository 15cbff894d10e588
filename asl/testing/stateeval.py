"""One state's evaluation for ``test_state``, stage by stage.

The interpreter's compiled pieces do the work (``asl.core.plan`` compiles the state,
``asl.core.dataflow`` flows move its data, ``asl.core.recovery`` decides retries and
catches); this module only runs them in AWS's order and writes down each stage's value
under the name AWS's TestState gives it in ``inspectionData`` (``afterInputPath``,
``afterParameters``...). It never waits, invokes nothing but the mock or the caller's
task callable, and keeps no state between calls.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from asl.core.plan import StateSpec
from asl.core.recovery import error_matches, error_output, find_catcher, retry_delay
from asl.errors import StatesError

Invoke = Callable[[Any], Any]  # payload -> result, or raises StatesError


@dataclass
class Outcome:
    """What AWS's TestState answers, before it is shaped into the response."""

    status: str = "SUCCEEDED"
    output: Any = None
    has_output: bool = False
    error: Optional[str] = None
    cause: Optional[str] = None
    next_state: Optional[str] = None
    data: dict[str, Any] = field(default_factory=dict)

    def succeed(self, output: Any, next_state: Optional[str]) -> "Outcome":
        self.output, self.has_output, self.next_state = output, True, next_state
        return self


class StateEnv:
    """The ``Env`` expressions see: the request's context object, variables and a seeded
    random source. ``map_item`` is set while a Map's ItemSelector runs (``$$.Map.Item``)."""

    __slots__ = ("base_context", "variables", "rng", "now", "map_item")

    def __init__(self, context: dict[str, Any], variables: dict[str, Any], now: float, seed: int = 0):
        self.base_context = context
        self.variables = variables
        self.rng = random.Random(seed)
        self.now = now
        self.map_item: Optional[tuple[int, Any]] = None

    @property
    def context(self) -> dict[str, Any]:
        if self.map_item is None:
            return self.base_context
        return {**self.base_context, "Map": {"Item": {"Index": self.map_item[0], "Value": self.map_item[1]}}}


@dataclass
class Request:
    """The evaluated request: the compiled state, its input and how its work is answered."""

    spec: StateSpec
    input: Any
    env: StateEnv
    invoke: Optional[Invoke]  # None: the state does no work (Pass, Choice...)
    retry_count: int = 0
    map_failures: Optional[int] = None
    item_reader_data: Any = None


# ---------------------------------------------------------------------- recovery
def recover(req: Request, out: Outcome, failure: StatesError) -> Outcome:
    """The retry-or-catch decision AWS reports for a failed attempt."""
    out.error, out.cause = failure.error, failure.cause
    spec = req.spec
    for index, retrier in enumerate(spec.retriers):
        if not error_matches(retrier.errors, failure.error):
            continue
        delay = retry_delay([retrier], [req.retry_count], failure.error, req.env.rng)
        if delay is not None:
            out.status = "RETRIABLE"
            out.data["errorDetails"] = {"retryIndex": index, "retryBackoffIntervalSeconds": _whole(delay)}
            return out
        break
    catcher = find_catcher(spec.catchers, failure.error)
    if catcher is None:
        out.status = "FAILED"
        return out
    caught, assigned = catcher.flow.caught(req.input, error_output(failure.error, failure.cause), req.env)
    _note_variables(req, out, assigned)
    out.status = "CAUGHT_ERROR"
    out.data["errorDetails"] = {"catchIndex": catcher.index}
    out.output, out.has_output, out.next_state = caught, True, catcher.next
    return out


def _whole(seconds: float) -> Any:
    return int(seconds) if float(seconds).is_integer() else seconds


def _note_variables(req: Request, out: Outcome, assigned: Optional[dict[str, Any]]) -> None:
    if assigned:
        out.data["variables"] = {**dict(req.env.variables), **assigned}


# ---------------------------------------------------------------------- shared stages
def effective_input(req: Request, out: Outcome) -> Any:
    """The input after InputPath, recorded as ``afterInputPath`` (JSONata has no InputPath)."""
    flow = req.spec.flow
    effective = flow.effective_input(req.input, req.env)
    if not flow.jsonata:
        out.data["afterInputPath"] = effective
    return effective


def finish(req: Request, out: Outcome, result: Any, show_result: bool = True) -> Any:
    """The output once the work produced ``result``. JSONPath's ResultSelector -> Assign ->
    ResultPath -> OutputPath run one at a time (``JsonPathFlow.finish`` would hide the
    stages TestState reports); JSONata's flow reports none."""
    flow, env = req.spec.flow, req.env
    if show_result:
        out.data["result"] = result
    if flow.jsonata:
        output, assigned = flow.finish(req.input, req.input, result, env)
        _note_variables(req, out, assigned)
        return output
    selected = result if flow.result_selector is None else flow.result_selector(result, env)
    out.data["afterResultSelector"] = selected
    assigned = None if flow.assign is None else flow.assign(selected, env)
    merged = selected if flow.result_path is None else flow.result_path(req.input, selected, env)
    out.data["afterResultPath"] = merged
    _note_variables(req, out, assigned)
    return merged if flow.output_path is None else flow.output_path(merged, env)


# ---------------------------------------------------------------------- per state type
def run_pass(req: Request, out: Outcome) -> Outcome:
    flow, env, raw = req.spec.flow, req.env, req.input
    if flow.jsonata:
        output, assigned = flow.passthrough(raw, raw, env)
        _note_variables(req, out, assigned)
        return out.succeed(output, req.spec.next)
    has_result = "Result" in req.spec.raw
    effective = flow.effective_input(raw, env)
    if not has_result:
        out.data["afterInputPath"] = effective
    payload = flow.payload(effective, env)
    if not has_result:
        out.data["afterParameters"] = payload
    return out.succeed(finish(req, out, payload, show_result=has_result), req.spec.next)


def run_passthrough(req: Request, out: Outcome, next_state: Optional[str]) -> Outcome:
    """Succeed and Wait: the (filtered) input goes on."""
    effective = effective_input(req, out)
    output, assigned = req.spec.flow.passthrough(req.input, effective, req.env)
    _note_variables(req, out, assigned)
    return out.succeed(output, next_state)


def run_succeed(req: Request, out: Outcome) -> Outcome:
    return run_passthrough(req, out, None)


def run_wait(req: Request, out: Outcome) -> Outcome:
    """Nothing waits, but an unusable Seconds/Timestamp fails the state as in an execution."""
    from asl.core.states import wake_time

    spec, env, raw = req.spec, req.env, req.input
    if spec.extra.get("value") is not None:
        wake_time(env.now, spec, spec.flow.effective_input(raw, env), raw, env)
    return run_passthrough(req, out, spec.next)


def run_choice(req: Request, out: Outcome) -> Outcome:
    spec, env, raw = req.spec, req.env, req.input
    flow = spec.flow
    effective = effective_input(req, out)
    for rule in spec.extra["rules"]:
        if rule.test(effective, env):
            output, assigned = rule.flow.matched(flow, raw, effective, env)
            _note_variables(req, out, assigned)
            return out.succeed(output, rule.next)
    default = spec.extra["default"]
    if default is None:
        names = ", ".join(rule.next for rule in spec.extra["rules"])
        raise StatesError("States.NoChoiceMatched", f"No Matches! Available Choices: {names}")
    output, assigned = flow.passthrough(raw, effective, env)
    _note_variables(req, out, assigned)
    return out.succeed(output, default)


def run_fail(req: Request, out: Outcome) -> Outcome:
    from asl.core.states import fail_text

    extra = req.spec.extra
    error = fail_text(extra["error"], req.input, req.env)
    cause = fail_text(extra["cause"], req.input, req.env)
    out.status, out.error, out.cause = "FAILED", error, cause
    return out


def run_task(req: Request, out: Outcome) -> Outcome:
    flow, env = req.spec.flow, req.env
    try:
        payload = flow.payload(effective_input(req, out), env)
        out.data["afterArguments" if flow.jsonata else "afterParameters"] = payload
        return out.succeed(finish(req, out, _work(req, payload)), req.spec.next)
    except StatesError as failure:
        return recover(req, out, failure)


def _work(req: Request, payload: Any) -> Any:
    if req.invoke is None:
        raise StatesError("States.Runtime", "The state has no mocked result and no task answers it")
    return req.invoke(payload)


def run_parallel(req: Request, out: Outcome) -> Outcome:
    flow, env = req.spec.flow, req.env
    try:
        payload = flow.payload(flow.effective_input(req.input, env), env)
        return out.succeed(finish(req, out, _work(req, payload), show_result=False), req.spec.next)
    except StatesError as failure:
        return recover(req, out, failure)


def run_map(req: Request, out: Outcome) -> Outcome:
    from asl.core.fanout import map_limit, selected_inputs, tolerated_failures

    spec, env, raw = req.spec, req.env, req.input
    flow, extra = spec.flow, spec.extra
    try:
        effective = effective_input(req, out)
        source = raw if flow.jsonata else effective
        items = _map_items(req, source)
        selected = selected_inputs(extra, items, source, env)
        if extra["item_selector"] is not None:
            out.data["afterItemSelector"] = selected
        out.data["maxConcurrency"] = map_limit(extra, spec.raw, source, env)
        count, percentage = tolerated_failures(extra, spec.raw, source, env)
        if count is not None:
            out.data["toleratedFailureCount"] = count
        if percentage is not None:
            out.data["toleratedFailurePercentage"] = _whole(percentage)
        result = _work(req, selected)
        _check_tolerance(req, result, count, percentage)
        return out.succeed(finish(req, out, result, show_result=False), spec.next)
    except StatesError as failure:
        return recover(req, out, failure)


def _map_items(req: Request, source: Any) -> list[Any]:
    extra = req.spec.extra
    if extra["item_reader"] is not None:  # items come from the reader: the request's data, if any
        items = req.item_reader_data if req.item_reader_data is not None else []
    else:
        items = extra["items"](source, req.env)
        if not req.spec.flow.jsonata:
            req_path = req.spec.raw.get("ItemsPath", "$")
            if not isinstance(items, list):
                shown = "$" + req_path[2:] if req_path.startswith("$$") else req_path
                raise StatesError("States.Runtime", f'Reference path "{shown}" must point to array.')
    if not isinstance(items, list):
        from asl.core.history import to_json_text

        raise StatesError("States.QueryEvaluationError", f"The Items field must be an array: {to_json_text(items)}")
    return items


def _check_tolerance(req: Request, result: Any, count: Optional[int], percentage: Optional[float]) -> None:
    failures = req.map_failures or 0
    if not failures or (count is None and percentage is None):
        return
    total = len(result) if isinstance(result, list) else 0
    exceeded = (count is not None and failures > count) or (
        percentage is not None and total > 0 and failures * 100.0 / total > percentage
    )
    if exceeded:
        raise StatesError("States.ExceedToleratedFailureThreshold",
                          "The specified tolerated failure threshold was exceeded")


RUNNERS: dict[str, Callable[[Request, Outcome], Outcome]] = {
    "Pass": run_pass,
    "Succeed": run_succeed,
    "Wait": run_wait,
    "Choice": run_choice,
    "Fail": run_fail,
    "Task": run_task,
    "Parallel": run_parallel,
    "Map": run_map,
}


def evaluate(req: Request) -> Outcome:
    """Run the state once; data-flow failures of states without recovery fail it."""
    out = Outcome()
    out.data["input"] = req.input
    try:
        return RUNNERS[req.spec.type](req, out)
    except StatesError as failure:
        out.status, out.error, out.cause = "FAILED", failure.error, failure.cause
        return out
