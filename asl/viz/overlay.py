"""What an execution did to each state, read from its history events alone.

The events are all there is (``asl graph --history`` has nothing else), so every figure
is derived from them: a ``*StateEntered`` opens a visit, its ``*StateExited`` closes it;
a repeated ``TaskScheduled``/``LambdaFunctionScheduled``/``ActivityScheduled`` within a
visit is a retry; a failure event followed by the state's Exited is a caught error, one
never followed by it a failure. Events that name no state (task events, Map and Parallel
events) belong to the nearest open visit up their ``previousEventId`` chain, which is what
keeps the concurrent iterations of a Map apart. Any list of values is accepted: events
this module does not understand are counted and otherwise ignored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Sequence

from asl.viz.scene import Scene
from asl.viz.text import TOOLTIP_CLIP, clip, json_text

# Worst first: a state visited several times shows the worst thing that happened to it.
SEVERITY = ("failed", "caught", "running", "cancelled", "succeeded")
_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_CONTAINER_PREFIXES = (("MapIteration", "Map"), ("MapState", "Map"), ("MapRun", "Map"),
                       ("ParallelState", "Parallel"))
_EXECUTION_ENDS = {"ExecutionSucceeded": "SUCCEEDED", "ExecutionFailed": "FAILED",
                   "ExecutionTimedOut": "TIMED_OUT", "ExecutionAborted": "ABORTED"}


@dataclass
class _Visit:
    node: str
    type: str
    start: float | None
    last: float | None
    input: Any = None
    output: Any = None
    attempts: int = 0
    iterations: int = 0
    failed: bool = False
    aborted: bool = False
    exited: bool = False
    closed: bool = False  # a Map/Parallel whose own end event came: nothing more happens inside
    error: Any = None
    cause: Any = None


@dataclass(frozen=True)
class StateRun:
    """What happened to one state over the whole execution."""
    status: str  # one of SEVERITY
    visits: int
    retries: int
    iterations: int
    seconds: float | None
    error: str | None
    cause: str | None
    input: str | None  # of the last visit, as JSON text
    output: str | None
    outcomes: tuple[tuple[str, int], ...] = ()  # visits by status, worst first


@dataclass(frozen=True)
class Overlay:
    status: str  # SUCCEEDED, FAILED, TIMED_OUT, ABORTED or RUNNING
    error: str | None
    cause: str | None
    seconds: float | None
    states: dict[str, StateRun]
    taken: dict[tuple[str, str], int]  # arrows followed (route keys of the layout), with counts
    event_nodes: tuple[str | None, ...] = field(default=())  # the state each event belongs to


def event_details(event: Any) -> dict[str, Any]:
    """The ``*EventDetails`` member of an event, or ``{}``."""
    if isinstance(event, dict):
        for key, value in event.items():
            if isinstance(key, str) and key.endswith("EventDetails") and isinstance(value, dict):
                return value
    return {}


def event_type(event: Any) -> str:
    kind = event.get("type") if isinstance(event, dict) else None
    return kind if isinstance(kind, str) else ""


def event_seconds(event: Any) -> float | None:
    """An event's timestamp as epoch seconds: a datetime, ISO-8601 text or a number."""
    stamp = event.get("timestamp") if isinstance(event, dict) else None
    if isinstance(stamp, datetime):
        return _epoch(stamp)
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
        return float(stamp)
    if isinstance(stamp, str):
        try:
            return _epoch(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def _epoch(stamp: datetime) -> float | None:
    try:
        return stamp.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def read_history(scene: Scene, events: Sequence[Any]) -> Overlay:
    return _Reader(scene, events).read()


class _Reader:
    def __init__(self, scene: Scene, events: Sequence[Any]):
        self.scene = scene
        self.events = list(events)
        self.names = scene.node_by_name()
        self.index_of: dict[Any, int] = {}
        self.entered: dict[int, _Visit] = {}  # event index of a *StateEntered -> its visit
        self.owner: list[_Visit | None] = [None] * len(self.events)
        self.visits: list[_Visit] = []
        self.taken: dict[tuple[str, str], int] = {}
        self.status, self.error, self.cause = "RUNNING", None, None
        self.first: float | None = None  # the first and last timestamps read
        self.last: float | None = None

    def read(self) -> Overlay:
        for index, event in enumerate(self.events):
            event_id = event.get("id") if isinstance(event, dict) else None
            if isinstance(event_id, (int, str)) and not isinstance(event_id, bool):
                self.index_of.setdefault(event_id, index)
            self._read(index, event)
        seconds = self.last - self.first if self.first is not None and self.last is not None else None
        return Overlay(self.status, _text_or_none(self.error), _text_or_none(self.cause), seconds,
                       self._states(), self.taken,
                       tuple(v.node if v else None for v in self.owner))

    # ------------------------------------------------------------ one event
    def _read(self, index: int, event: Any) -> None:
        kind = event_type(event)
        details = event_details(event)
        when = event_seconds(event)
        if when is not None:
            self.last = when
            if self.first is None:
                self.first = when
        visit: _Visit | None = None
        if kind.endswith("StateEntered"):
            visit = self._enter(index, details, when)
        elif kind.endswith("StateExited"):
            name = details.get("name")
            node = self.names.get(name) if isinstance(name, str) else None
            visit = self._find(index, lambda v: v.node == node and not v.exited)
            if visit is not None:
                visit.exited = visit.closed = True
                visit.output = details.get("output")
                if self.scene.nodes[visit.node].terminal:
                    self._take(visit.node, "$" + visit.node)
        elif kind in _EXECUTION_ENDS:
            self._end_execution(index, kind, details)
        elif kind.endswith("StateAborted"):
            visit = self._find(index, lambda v: not v.exited and not v.closed)
            if visit is not None:
                visit.aborted = visit.closed = True
        else:
            visit = self._inner_event(index, kind, details)
        if visit is not None:
            self.owner[index] = visit
            if when is not None:
                visit.last = when

    def _enter(self, index: int, details: dict[str, Any], when: float | None) -> _Visit | None:
        name = details.get("name")
        node_id = self.names.get(name) if isinstance(name, str) else None
        if node_id is None:
            return None
        node = self.scene.nodes[node_id]
        visit = _Visit(node_id, node.type, when, when, input=details.get("input"))
        source = self._source(index)
        self.entered[index] = visit
        self.visits.append(visit)
        scope = self.scene.scopes.get(node.scope)
        if source is None and scope is not None and scope.start == node_id:
            self._take("^" + node.scope, node_id)
            if scope.owner is not None:
                self._take(scope.owner, "^" + node.scope)
        elif source is not None:
            self._take(source.node, node_id)
        if node.type == "Fail":
            self._take(node_id, "$" + node_id)
        return visit

    def _source(self, index: int) -> _Visit | None:
        """The visit whose Exited this Entered follows, if it follows one."""
        previous = self._previous(index)
        if previous is not None and event_type(self.events[previous]).endswith("StateExited"):
            return self.owner[previous]
        return None

    def _inner_event(self, index: int, kind: str, details: dict[str, Any]) -> _Visit | None:
        container = next((t for prefix, t in _CONTAINER_PREFIXES if kind.startswith(prefix)), None)
        if container is not None:
            visit = self._find(index, lambda v: v.type == container and not v.closed and not v.exited)
            if visit is not None:
                self._container_event(visit, kind, details)
            return visit
        visit = self._find(index, lambda v: not v.exited and not v.closed)
        if visit is None:
            return None
        if kind in _SCHEDULED:
            visit.attempts += 1
            visit.failed = False
        elif kind.endswith(("Failed", "TimedOut")):
            visit.failed = True
            visit.error, visit.cause = details.get("error"), details.get("cause")
        return visit

    def _container_event(self, visit: _Visit, kind: str, details: dict[str, Any]) -> None:
        if kind == "MapIterationStarted":
            visit.iterations += 1
        elif kind.endswith(("StateSucceeded", "RunSucceeded")):
            visit.closed = True
        elif kind.endswith(("StateFailed", "RunFailed")):
            visit.closed = visit.failed = True
            visit.error, visit.cause = details.get("error", visit.error), details.get("cause", visit.cause)
        elif kind.endswith(("StateAborted", "RunAborted")):
            visit.closed = visit.aborted = True

    def _end_execution(self, index: int, kind: str, details: dict[str, Any]) -> None:
        self.status = _EXECUTION_ENDS[kind]
        self.error, self.cause = details.get("error"), details.get("cause")
        if kind == "ExecutionFailed":
            culprit = self._find(index, lambda v: not v.exited)
            if culprit is not None and not culprit.failed:
                culprit.failed = True
                culprit.error, culprit.cause = self.error, self.cause

    # ------------------------------------------------------------ finding visits
    def _previous(self, index: int) -> int | None:
        event = self.events[index]
        previous = event.get("previousEventId") if isinstance(event, dict) else None
        found = self.index_of.get(previous) if isinstance(previous, (int, str)) else None
        return found if found is not None and found < index else None

    def _find(self, index: int, wanted: Callable[[_Visit], bool]) -> _Visit | None:
        """The nearest visit up the ``previousEventId`` chain that ``wanted`` accepts; the
        latest such visit when the chain says nothing (histories with broken links)."""
        step = self._previous(index)
        while step is not None:
            visit = self.entered.get(step)
            if visit is not None and wanted(visit):
                return visit
            step = self._previous(step)
        return next((v for v in reversed(self.visits) if wanted(v)), None)

    def _take(self, source: str, target: str) -> None:
        key = (source, target)
        self.taken[key] = self.taken.get(key, 0) + 1

    # ------------------------------------------------------------ summing up
    def _states(self) -> dict[str, StateRun]:
        finished = self.status != "RUNNING"
        grouped: dict[str, list[_Visit]] = {}
        for visit in self.visits:
            grouped.setdefault(visit.node, []).append(visit)
        states = {}
        for node_id, visits in grouped.items():
            statuses = [_status(v, finished) for v in visits]
            status = min(statuses, key=SEVERITY.index)
            durations = [v.last - v.start for v in visits if v.start is not None and v.last is not None]
            last = visits[-1]
            failure = next((v for v in reversed(visits) if v.failed), None)
            states[node_id] = StateRun(
                status, len(visits), sum(max(v.attempts - 1, 0) for v in visits),
                sum(v.iterations for v in visits), sum(durations) if durations else None,
                _text_or_none(failure.error) if failure else None,
                _text_or_none(failure.cause) if failure else None,
                _text_or_none(last.input), _text_or_none(last.output),
                tuple((name, statuses.count(name)) for name in SEVERITY if name in statuses))
        return states


def _status(visit: _Visit, finished: bool) -> str:
    if visit.exited:
        return "caught" if visit.failed else "succeeded"
    if visit.failed or visit.type == "Fail":  # AWS aborts a failed branch's state after its failure
        return "failed"
    return "cancelled" if visit.aborted or finished else "running"


def _text_or_none(value: Any) -> str | None:
    """Event text for a tooltip: AWS's events hold JSON text, recorded ones may hold values."""
    if value is None:
        return None
    return clip(value if isinstance(value, str) else json_text(value), TOOLTIP_CLIP)

