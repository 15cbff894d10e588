"""One Map Run, from the first item read to the Map's output, whatever runs the children.

Items stream from the reader (or the parent's array), through ``ItemSelector`` (in the
parent's process: it may read the parent's context), into batches, into *units* (lists
of children) handed to a *dispatcher* that runs them somewhere: inline, on threads, on
Dask workers. Results are taken back in item order, counted, judged against the
tolerated-failure rule and streamed to the ResultWriter, so memory holds a window of
units, never the whole Map.

Virtual time is the same whatever the dispatcher, so every executor writes the same
results: with ``MaxConcurrency`` L (10,000 when unset, AWS's limit), child k starts when
child k-L ends (slot k mod L runs its children one after another) and the Map Run lasts
until its last child ends. A unit is handed out only once the children it waits for
have come back, which also keeps at most L children running for real.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator, Optional, Protocol

from asl.core.messages import MapRunRequest
from asl.distributed.batcher import batch_settings, batches
from asl.distributed.children import ChildExecution, ChildSpec, child_machine_name, child_name, execution_arn
from asl.distributed.counts import THRESHOLD_CAUSE, THRESHOLD_ERROR, Counts, Tolerance
from asl.distributed.objects import ObjectStore
from asl.distributed.readers import open_items
from asl.distributed.writer import ResultSink
from asl.errors import StatesError
from asl.machine import DEFAULT_ACCOUNT, DEFAULT_REGION

DEFAULT_CONCURRENCY = 10_000  # AWS runs up to 10,000 children at once when MaxConcurrency is 0


class Dispatcher(Protocol):
    capacity: int  # units in flight at most
    unit_size: int  # children in a unit at most

    def submit(self, specs: list[ChildSpec]) -> Any: ...

    def collect(self, handle: Any) -> list[ChildExecution]: ...

    def cancel(self, handle: Any) -> None: ...


@dataclass
class MapRunOutcome:
    """What a Map Run did: the Map's output or its failure, how long it took on the
    virtual clock, the children kept (the first ones, with their histories) and the
    counters DescribeMapRun shows."""

    ok: bool
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    duration: float = 0.0
    children: list[ChildExecution] = field(default_factory=list)
    map_run_arn: str = ""
    execution_arn: str = ""
    item_counts: Counts = field(default_factory=Counts)
    execution_counts: Counts = field(default_factory=Counts)
    max_concurrency: int = 0
    tolerated_failure_count: Optional[int] = None
    tolerated_failure_percentage: Optional[float] = None
    start_date: float = 0.0

    @property
    def status(self) -> str:
        return "SUCCEEDED" if self.ok else "FAILED"

    def describe(self) -> dict[str, Any]:
        """The Map Run as boto3's ``describe_map_run`` returns it."""
        return {
            "mapRunArn": self.map_run_arn,
            "executionArn": self.execution_arn,
            "status": self.status,
            "startDate": datetime.fromtimestamp(self.start_date, tz=timezone.utc),
            "stopDate": datetime.fromtimestamp(self.start_date + self.duration, tz=timezone.utc),
            "maxConcurrency": self.max_concurrency,
            "toleratedFailurePercentage": float(self.tolerated_failure_percentage or 0),
            "toleratedFailureCount": self.tolerated_failure_count or 0,
            "itemCounts": self.item_counts.as_aws(),
            "executionCounts": self.execution_counts.as_aws(),
            "redriveCount": 0,
        }


def run_map_run(request: MapRunRequest, now: float, dispatcher: Dispatcher, store: Optional[ObjectStore],
                keep_children: int = 100) -> MapRunOutcome:
    return _MapRun(request, now, dispatcher, store, keep_children).execute()


class _MapRun:
    def __init__(self, request: MapRunRequest, now: float, dispatcher: Dispatcher, store: Optional[ObjectStore],
                 keep_children: int):
        self.request = request
        self.now = now
        self.dispatcher = dispatcher
        self.store = store
        self.keep = keep_children
        self.limit = request.max_concurrency or DEFAULT_CONCURRENCY
        self.tolerance = Tolerance(request.tolerated_count, request.tolerated_percentage)
        machine_name = child_machine_name(request.map_run_arn, request.state_name)
        self.machine_arn = f"arn:aws:states:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}:stateMachine:{machine_name}"
        self.items = Counts()
        self.executions = Counts()
        self.kept: list[ChildExecution] = []
        self.ends: dict[int, float] = {}  # child index -> virtual end, until child index+L starts
        self.formed = 0
        self.collected = 0
        self.items_read = 0
        self.total_items: Optional[int] = None if request.items is None else len(request.items)
        self.failed_items = 0
        self.failure: Optional[StatesError] = None
        self.last_end = now
        self.sink: Optional[ResultSink] = None
        self.inputs: Iterator[tuple[Any, int]] = iter(())

    # ------------------------------------------------------------------ the run
    def execute(self) -> MapRunOutcome:
        try:
            self.sink = ResultSink(self.request.writer, self.store, self.request.map_run_arn)
            self.inputs = self._child_inputs(batch_settings(self.request.batcher), self._source())
            self._pump()
        except StatesError as failure:
            self.failure = self.failure or failure
        output = self._finish()
        return self._outcome(output)

    def _source(self) -> Iterator[Any]:
        if self.request.reader is not None:
            return open_items(self.request.reader, self.store)
        return iter(self.request.items or ())

    def _pump(self) -> None:
        inflight: deque[tuple[list[ChildSpec], Any]] = deque()
        try:
            while True:
                while self.failure is None and len(inflight) < self.dispatcher.capacity:
                    specs = self._next_unit()
                    if not specs:
                        break
                    inflight.append((specs, self.dispatcher.submit(specs)))
                if not inflight:
                    break
                specs, handle = inflight.popleft()
                if self.failure is not None:
                    self._abort(specs, handle)
                else:
                    self._collect(specs, self.dispatcher.collect(handle))
        finally:
            while inflight:
                self._abort(*inflight.popleft())
        if self.failure is None and self.tolerance.exceeded(self.failed_items, self.total_items):
            self.failure = StatesError(THRESHOLD_ERROR, THRESHOLD_CAUSE)
        if self.failure is not None:
            self._drain_pending()

    def _child_inputs(self, batching: Any, source: Iterator[Any]) -> Iterator[tuple[Any, int]]:
        """(child input, items it carries), ItemSelector applied per item first."""
        selected = self._selected(source)
        if batching is None:
            return ((value, 1) for _, value in selected)
        return ((batching.child_input(items), len(items)) for _, items in batches(selected, batching))

    def _selected(self, source: Iterator[Any]) -> Iterator[tuple[int, Any]]:
        select = self.request.select
        for index, item in enumerate(source):
            self.items_read = index + 1
            yield index, item if select is None else select(index, item)
        self.total_items = self.items_read

    def _next_unit(self) -> list[ChildSpec]:
        specs: list[ChildSpec] = []
        while len(specs) < min(self.dispatcher.unit_size, self.limit):
            index = self.formed
            if index >= self.limit and index - self.limit >= self.collected:
                break  # child index starts when child index-L ends, which is still running
            following = next(self.inputs, None)
            if following is None:
                break
            value, count = following
            start = self.now if index < self.limit else self.ends.pop(index - self.limit)
            name = child_name(self.request.map_run_arn, index)
            specs.append(ChildSpec(index, name, value, start, count, keep=index < self.keep))
            self.formed += 1
        return specs

    # ------------------------------------------------------------------ results
    def _collect(self, specs: list[ChildSpec], children: list[ChildExecution]) -> None:
        for spec, child in zip(specs, children):
            child.input = spec.input  # a Dask worker does not send it back
            self.collected += 1
            self.ends[child.index] = child.stop
            self.last_end = max(self.last_end, child.stop)
            self.items.add(child.status, child.items)
            self.executions.add(child.status)
            if child.index < self.keep:
                self.kept.append(child)
            assert self.sink is not None
            self.sink.add(child)
            if not child.succeeded:
                self.failed_items += child.items
                if self.failure is None and not self.tolerance.configured:
                    self.failure = StatesError(child.error, child.cause)
        if self.failure is None and self.tolerance.exceeded(self.failed_items, self.total_items):
            self.failure = StatesError(THRESHOLD_ERROR, THRESHOLD_CAUSE)

    def _abort(self, specs: list[ChildSpec], handle: Any) -> None:
        """Children still running when the Map Run failed: AWS stops them (ABORTED)."""
        self.dispatcher.cancel(handle)
        for spec in specs:
            self.items.add("ABORTED", spec.items)
            self.executions.add("ABORTED")
            if self.sink is not None:
                self.sink.add(ChildExecution(spec.index, spec.name, execution_arn(self.machine_arn, spec.name),
                                             self.machine_arn, "ABORTED", spec.input, start=spec.start,
                                             stop=spec.start, items=spec.items))

    def _drain_pending(self) -> None:
        """Count (and, when exporting, write) the children the failure left unstarted."""
        sink = self.sink if self.sink is not None and self.sink.exporting else None
        try:
            for value, count in self.inputs:
                index = self.formed
                self.formed += 1
                self.items.add_pending(count)
                self.executions.add_pending()
                if sink is not None:
                    name = child_name(self.request.map_run_arn, index)
                    sink.add_pending(ChildSpec(index, name, value, self.now, count), execution_arn(self.machine_arn, name),
                                     self.machine_arn)
        except StatesError:
            pass  # the items past a reading failure are unknown

    def _finish(self) -> Any:
        if self.sink is None:
            return None
        if self.failure is not None:
            self.sink.abandon()
            return None
        try:
            return self.sink.finish()
        except StatesError as failure:
            self.failure = failure
            return None

    def _outcome(self, output: Any) -> MapRunOutcome:
        if self.sink is not None:
            self.items.results_written = self.executions.results_written = self.sink.written
        request = self.request
        failure = self.failure
        return MapRunOutcome(
            ok=failure is None,
            output=output,
            error=None if failure is None else failure.error,
            cause=None if failure is None else failure.cause,
            duration=self.last_end - self.now,
            children=self.kept,
            map_run_arn=request.map_run_arn,
            execution_arn=request.parent_execution_arn,
            item_counts=self.items,
            execution_counts=self.executions,
            max_concurrency=request.max_concurrency,
            tolerated_failure_count=request.tolerated_count,
            tolerated_failure_percentage=request.tolerated_percentage,
            start_date=self.now,
        )
