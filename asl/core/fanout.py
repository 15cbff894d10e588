"""Parallel and Map: states that run child frames and gather their outputs.

A *join* owns the children of one Parallel/Map attempt: it starts them (Map: within
``MaxConcurrency``), collects outputs in branch/item order, applies Map's tolerated
failure thresholds, aborts the remaining children when one failure decides the
outcome, and hands the result (or the failure) back to the parent frame.

Children run in a fixed order: they are started in branch/item order and each runs
until it finishes or waits; the scheduler then moves to the next runnable frame. The
same input and task answers therefore always give the same history.

History links follow AWS's recordings: the first iteration chains from
``MapStateStarted``; a later one from the last event of the iteration whose end let it
start; ``MapIterationSucceeded/Failed`` hang off the iteration's last event without
extending any chain; the parent's closing events chain from the children's last event.
"""
from __future__ import annotations

from typing import Any, Generator, Optional

from asl.core.effects import Fanout, RunMap
from asl.core.history import error_details, to_json_text
from asl.core.messages import MapRunRequest
from asl.core.plan import Scope, StateSpec
from asl.core.states import enter
from asl.core.task import with_recovery
from asl.errors import StatesError

# Inline Map runs at most this many iterations at once when MaxConcurrency is 0, as AWS
# documents; the local driver's order does not depend on it, timings do.
INLINE_CONCURRENCY = 40


class Join:
    """Children of one Parallel/Map attempt."""

    def __init__(self, parent_spec: StateSpec, scopes: list[Scope], inputs: list[Any], limit: int):
        self.spec = parent_spec
        self.scopes = scopes
        self.inputs = inputs
        self.limit = limit if limit > 0 else len(inputs)
        self.results: list[Any] = [None] * len(inputs)
        self.running: dict[int, Any] = {}
        self.next_index = 0
        self.remaining = len(inputs)
        self.parent: Any = None
        self.anchor = 0  # the event new children chain from
        self.finished = False
        self.transition: Any = None

    # -- lifecycle driven by the scheduler
    def start(self, execution: Any, parent: Any) -> None:
        self.parent = parent
        self.anchor = parent.last
        # the transition into every Map iteration (a Parallel's branches each have their own)
        self.transition = (parent.spec.name, self.scopes[0].start_at, self.kind, None) if self.scopes else None
        if not self.inputs:
            self._complete(execution)
            return
        self._fill(execution)

    def _fill(self, execution: Any) -> None:
        inputs, running, parent, kind = self.inputs, self.running, self.parent, self.kind
        transitions = execution.transitions
        while self.next_index < len(inputs) and len(running) < self.limit:
            index = self.next_index
            self.next_index = index + 1
            scope = self.scopes[index if len(self.scopes) > 1 else 0]
            transitions.append((parent.spec.name, scope.start_at, kind, index) if kind == "branch" else self.transition)
            child = execution.spawn(scope, inputs[index], parent, kind, index, self.anchor, self.child_started)
            child.join = self
            running[index] = child

    def child_started(self, execution: Any, child: Any) -> None:
        """Hook: Map records ``MapIterationStarted`` in the child's chain."""

    def child_succeeded(self, execution: Any, child: Any, output: Any) -> None:
        self.running.pop(child.index, None)
        self.results[child.index] = output
        self.anchor = child.last
        self.remaining -= 1
        self.on_success(execution, child)
        if self.finished:
            return
        if self.remaining == 0:
            self._complete(execution)
        else:
            self._fill(execution)

    def on_success(self, execution: Any, child: Any) -> None:
        """Hook: Map records ``MapIterationSucceeded``."""

    def child_failed(self, execution: Any, child: Any, failure: StatesError) -> None:
        self.running.pop(child.index, None)
        self.remaining -= 1
        if self.finished:
            return
        anchor = child.last
        self.on_failure(execution, child, failure)
        self.fail(execution, failure, anchor)

    def on_failure(self, execution: Any, child: Any, failure: StatesError) -> None:
        """Hook: Map records ``MapIterationFailed``; a Parallel branch's state is aborted."""
        execution.abort_state(child)

    def fail(self, execution: Any, failure: StatesError, anchor: int) -> None:
        self.finished = True
        self.abort_children(execution)
        failure.anchor = anchor  # type: ignore[attr-defined]
        execution.throw(self.parent, failure)

    def _complete(self, execution: Any) -> None:
        self.finished = True
        self.parent.last = self.anchor
        execution.send(self.parent, self.results)

    def abort_children(self, execution: Any) -> None:
        self.finished = True
        for child in list(self.running.values()):
            self.abort_child(execution, child)
        self.running.clear()

    def abort_child(self, execution: Any, child: Any) -> None:
        execution.abort_frame(child)

    kind = "branch"


class MapJoin(Join):
    kind = "iteration"

    def __init__(self, parent_spec: StateSpec, scope: Scope, inputs: list[Any], limit: int,
                 tolerated_count: Optional[int], tolerated_percentage: Optional[float]):
        super().__init__(parent_spec, [scope], inputs, limit)
        self.tolerated_count = tolerated_count
        self.tolerated_percentage = tolerated_percentage
        self.failures = 0
        self.last_iteration_event = 0

    def child_started(self, execution: Any, child: Any) -> None:
        execution.emit(child, "MapIterationStarted", self._details(child))

    def on_success(self, execution: Any, child: Any) -> None:
        self.last_iteration_event = execution.emit(child, "MapIterationSucceeded", self._details(child), advance=False)

    def _complete(self, execution: Any) -> None:
        if self.last_iteration_event:
            self.anchor = self.last_iteration_event
        super()._complete(execution)

    def child_failed(self, execution: Any, child: Any, failure: StatesError) -> None:
        if self.finished or not self._tolerates_more():
            super().child_failed(execution, child, failure)
            return
        # A tolerated failure: the item counts as done and its slot is freed.
        self.failures += 1
        self.running.pop(child.index, None)
        self.remaining -= 1
        self.results[child.index] = None
        self.anchor = child.last
        self.last_iteration_event = execution.emit(child, "MapIterationFailed", self._details(child), advance=False)
        if self._exceeded():
            self.fail(execution, StatesError("States.ExceedToleratedFailureThreshold",
                                             "The specified tolerated failure threshold was exceeded"),
                      child.last)
        elif self.remaining == 0:
            self._complete(execution)
        else:
            self._fill(execution)

    def _tolerates_more(self) -> bool:
        return self.tolerated_count is not None or self.tolerated_percentage is not None

    def _exceeded(self) -> bool:
        total = len(self.inputs)
        if self.tolerated_count is not None and self.failures > self.tolerated_count:
            return True
        if self.tolerated_percentage is not None and total and self.failures * 100.0 / total > self.tolerated_percentage:
            return True
        return False

    def on_failure(self, execution: Any, child: Any, failure: StatesError) -> None:
        execution.emit(child, "MapIterationFailed", self._details(child), advance=False)

    def abort_child(self, execution: Any, child: Any) -> None:
        execution.abort_frame(child)
        execution.emit(child, "MapIterationAborted", self._details(child), advance=False)

    def _details(self, child: Any) -> dict[str, Any]:
        return {"index": child.index, "name": self.spec.name}


# ---------------------------------------------------------------------------- Parallel
def run_parallel(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> Generator[Any, Any, tuple[Optional[str], Any]]:
    enter(execution, frame, spec, raw)
    frame.env.retry_count = 0
    flow, env = spec.flow, frame.env
    branches = list(spec.extra["branches"])

    def attempt() -> Generator[Any, Any, Any]:
        effective = flow.effective_input(raw, env)
        payload = flow.payload(effective, env)
        execution.emit(frame, "ParallelStateStarted", None)
        join = Join(spec, branches, [payload] * len(branches), 0)
        results = yield from _gather(execution, frame, join)
        execution.emit(frame, "ParallelStateSucceeded", None, advance=False)
        return flow.finish(raw, effective, results, env)

    return with_recovery(execution, frame, spec, raw, attempt, failed_event="ParallelStateFailed")


def _gather(execution: Any, frame: Any, join: Join) -> Generator[Any, Any, list[Any]]:
    try:
        return (yield Fanout(join))
    except StatesError as failure:
        anchor = getattr(failure, "anchor", None)
        if anchor is not None:
            frame.last = anchor
        raise
    finally:
        frame.child_join = None


# --------------------------------------------------------------------------------- Map
def run_map(execution: Any, frame: Any, spec: StateSpec, raw: Any) -> Generator[Any, Any, tuple[Optional[str], Any]]:
    enter(execution, frame, spec, raw)
    frame.env.retry_count = 0
    flow, env, extra = spec.flow, frame.env, spec.extra

    def attempt() -> Generator[Any, Any, Any]:
        effective = flow.effective_input(raw, env)
        source = raw if flow.jsonata else effective
        if extra["distributed"]:
            results = yield from _map_run(execution, frame, spec, source, env)
        else:
            items = _items(extra, source, env, flow.jsonata)
            limit = map_limit(extra, spec.raw, source, env)
            execution.emit(frame, "MapStateStarted", {"length": len(items)})
            tolerated = tolerated_failures(extra, spec.raw, source, env)
            inputs = selected_inputs(extra, items, source, env)
            join = MapJoin(spec, extra["processor"], inputs, limit or INLINE_CONCURRENCY, *tolerated)
            results = yield from _gather(execution, frame, join)
        execution.emit(frame, "MapStateSucceeded", None, advance=False)
        return flow.finish(raw, effective, results, env)

    return with_recovery(execution, frame, spec, raw, attempt, failed_event="MapStateFailed")


def _map_run(execution: Any, frame: Any, spec: StateSpec, source: Any, env: Any) -> Generator[Any, Any, Any]:
    """A Distributed Map: its children are child executions, run by the driver's Map Run
    executor; the parent's history shows only the Map Run's start and end."""
    extra, jsonata = spec.extra, spec.flow.jsonata
    reader = extra["item_reader"]
    items = None if reader is not None else _items(extra, source, env, jsonata)
    limit = map_limit(extra, spec.raw, source, env)
    execution.emit(frame, "MapStateStarted", {"length": 0 if items is None else len(items)})
    count, percentage = tolerated_failures(extra, spec.raw, source, env)
    request = MapRunRequest(
        map_run_arn=execution.map_run_arn(spec),
        state_name=spec.name,
        processor=extra["processor_definition"],
        execution_type=extra["execution_type"],
        label=extra["label"],
        items=items,
        select=_selector(extra, source, env),
        reader=None if reader is None else _reader_config(reader, source, env, jsonata),
        batcher=_batcher_config(extra["item_batcher"], spec.raw.get("ItemBatcher", {}), source, env),
        writer=None if extra["result_writer"] is None else _writer_config(extra["result_writer"], source, env, jsonata),
        max_concurrency=limit,
        tolerated_count=count,
        tolerated_percentage=percentage,
        parent_execution_arn=execution.info.arn,
    )
    execution.emit(frame, "MapRunStarted", {"mapRunArn": request.map_run_arn})
    try:
        results = yield RunMap(request)
    except StatesError as failure:
        execution.emit(frame, "MapRunFailed", error_details(failure.error, failure.cause))
        raise
    execution.emit(frame, "MapRunSucceeded", None)
    return results


def _selector(extra: dict[str, Any], source: Any, env: Any) -> Optional[Any]:
    """``ItemSelector`` as a function of (index, item), evaluated in the parent state."""
    selector = extra["item_selector"]
    if selector is None:
        return None

    def select(index: int, item: Any) -> Any:
        env.map_item = (index, item)
        try:
            return selector(source, env)
        finally:
            env.map_item = None

    return select


def _evaluated_payload(config: dict[str, Any], source: Any, env: Any, jsonata: bool) -> dict[str, Any]:
    raw = config["raw"]
    out = {k: v for k, v in raw.items() if k not in ("Parameters", "Arguments")}
    if config["payload"] is not None:
        out["Arguments" if jsonata else "Parameters"] = config["payload"](source, env)
    return out


def _reader_config(reader: dict[str, Any], source: Any, env: Any, jsonata: bool) -> dict[str, Any]:
    out = _evaluated_payload(reader, source, env, jsonata)
    if reader["max_items"] is not None:
        out["MaxItems"] = reader["max_items"](source, env)
    return out


def _writer_config(writer: dict[str, Any], source: Any, env: Any, jsonata: bool) -> dict[str, Any]:
    return _evaluated_payload(writer, source, env, jsonata)


def _batcher_config(batcher: Optional[dict[str, Any]], raw: dict[str, Any], source: Any, env: Any) -> Optional[dict[str, Any]]:
    if batcher is None:
        return None
    out: dict[str, Any] = {}
    for key, name in (("max_items", "MaxItemsPerBatch"), ("max_bytes", "MaxInputBytesPerBatch")):
        if batcher[key] is not None:
            out[name] = batcher[key](source, env)
    if batcher["batch_input"] is not None:
        out["BatchInput"] = batcher["batch_input"](source, env)
    return out


def _items(extra: dict[str, Any], source: Any, env: Any, jsonata: bool) -> list[Any]:
    items = extra["items"](source, env)
    if not isinstance(items, list):
        error = "States.QueryEvaluationError" if jsonata else "States.Runtime"
        raise StatesError(error, f"Map state input must be an array but was: {to_json_text(items)}")
    return items


def selected_inputs(extra: dict[str, Any], items: list[Any], source: Any, env: Any) -> list[Any]:
    select = _selector(extra, source, env)
    return items if select is None else [select(index, item) for index, item in enumerate(items)]


def _number(extra: dict[str, Any], raw: dict[str, Any], key: str, field: str, kind: type,
            source: Any, env: Any) -> Optional[Any]:
    """A numeric Map field; from a ``...Path`` AWS also takes a numeric string ("1")."""
    evaluate = extra[key]
    if evaluate is None:
        return None
    value = evaluate(source, env)
    path = raw.get(field + "Path")
    number = as_number(value, kind, from_text=path is not None)
    if number is not None:
        return number
    from asl.expr.jsontext import json_text

    shown = value if isinstance(value, str) else json_text(value)
    noun = "integer" if kind is int else "float"
    where = f": {path}" if path is not None else "."
    raise StatesError("States.Runtime", f'The {field}{"Path" if path else ""} field refers to value "{shown}" which is not a valid {noun}{where}')


def as_number(value: Any, kind: type, from_text: bool) -> Optional[Any]:
    """``value`` as a number of ``kind`` (int: whole numbers only), or None; with
    ``from_text`` a numeric string counts too, as AWS reads ``...Path`` fields."""
    if isinstance(value, str) and from_text:
        try:
            value = kind(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if kind is int and not float(value).is_integer():
        return None
    return kind(value)


def map_limit(extra: dict[str, Any], raw: dict[str, Any], source: Any, env: Any) -> int:
    value = _number(extra, raw, "max_concurrency", "MaxConcurrency", int, source, env)
    if value is None:
        return 0
    if value < 0:
        raise StatesError("States.Runtime", f"MaxConcurrency cannot be negative: {value}")
    return value


def tolerated_failures(extra: dict[str, Any], raw: dict[str, Any], source: Any, env: Any) -> tuple[Optional[int], Optional[float]]:
    count = _number(extra, raw, "tolerated_count", "ToleratedFailureCount", int, source, env)
    if count is not None and count < 0:
        raise StatesError("States.Runtime", "ToleratedFailureCount cannot be negative.")
    percentage = _number(extra, raw, "tolerated_percentage", "ToleratedFailurePercentage", float, source, env)
    if percentage is not None and not 0 <= percentage <= 100:
        raise StatesError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.")
    return count, percentage
