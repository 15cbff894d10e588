"""Child executions: one per item (or per batch) of a Distributed Map.

A child is an ordinary execution of the item processor under its own name, with its own
history, on the parent's virtual clock from the start time the Map Run gives it. It has
no access to the parent's variables (AWS's rule for Distributed Map), simply because it
is another execution. Names and ARNs follow AWS: the child state machine is
``<parent machine>/<Label or state name>`` and the execution name a UUID, derived here
from the Map Run ARN and the child's index so a run is reproducible.

``ChildContext`` is what a process needs to run children (the processor definition, who
answers its tasks, where nested Map Runs read objects); it travels to Dask workers, so
it holds plain data and importable callables only. ``ChildRunner`` compiles the
processor once per process and runs lists of ``ChildSpec``s.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Optional

SUCCEEDED = "SUCCEEDED"
WAITING_FOREVER = (
    "The child execution is waiting for a callback (task token) that nothing can send during a Map Run."
)


@dataclass(slots=True)
class ChildSpec:
    """A child about to start: its index in the Map Run, name, input, virtual start
    time (epoch seconds), how many items it carries, and whether to keep its history."""

    index: int
    name: str
    input: Any
    start: float
    items: int = 1
    keep: bool = False


@dataclass
class ChildExecution:
    """A child that ended. ``history`` (GetExecutionHistory's events) and ``result`` (the
    ``asl.ExecutionResult``, in the parent's process only) are kept for the first
    children of a Map Run; every child is counted and written to the ResultWriter."""

    index: int
    name: str
    arn: str
    state_machine_arn: str
    status: str
    input: Any
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    start: float = 0.0
    stop: float = 0.0
    items: int = 1
    history: Optional[list[dict[str, Any]]] = None
    result: Any = field(default=None, repr=False, compare=False)

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED


def child_name(map_run_arn: str, index: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{map_run_arn}#{index}"))


def execution_arn(machine_arn: str, name: str) -> str:
    """A Standard execution's ARN: its state machine's, with ``execution`` and the name."""
    return machine_arn.replace(":stateMachine:", ":execution:", 1) + ":" + name


def child_machine_name(map_run_arn: str, fallback: str) -> str:
    """``<machine>/<label>`` from ``arn:...:mapRun:<machine>/<label>:<run id>``."""
    _, found, rest = map_run_arn.partition(":mapRun:")
    qualified = rest.rsplit(":", 1)[0] if found else ""
    return qualified if "/" in qualified else fallback


@dataclass
class ChildContext:
    """Everything that runs children, in a form that can be pickled."""

    processor: dict[str, Any]
    execution_type: str
    machine_name: str
    tasks: dict[str, Any] = field(default_factory=dict)
    mocks: Any = None
    services: Any = None
    objects: Any = None
    _runner: Any = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_runner"] = None
        return state

    def runner(self) -> "ChildRunner":
        """This process' runner (the processor compiled once, a resolver of its own)."""
        if self._runner is None:
            self._runner = ChildRunner(self)
        return self._runner


class ChildRunner:
    def __init__(self, context: ChildContext, resolver: Any = None):
        from asl.distributed.handlers import resolver_for
        from asl.distributed.inprocess import InProcessExecutor
        from asl.machine import StateMachine

        self.machine = StateMachine(context.processor, machine_type=context.execution_type, name=context.machine_name)
        self.resolver = resolver if resolver is not None else resolver_for(context.tasks, context.mocks, context.services)
        self.nested = InProcessExecutor(objects=context.objects)

    def run_all(self, specs: list[ChildSpec]) -> list[ChildExecution]:
        return [self.run(spec) for spec in specs]

    def run(self, spec: ChildSpec) -> ChildExecution:
        start = datetime.fromtimestamp(spec.start, tz=timezone.utc)
        execution = self.machine.start(
            spec.input, start_time=start, name=spec.name, seed=spec.index,
            map_executor=self.nested, _resolver=self.resolver,
        )
        execution.run_until_blocked(wait_for_callbacks=False)
        result = execution.result()
        child = ChildExecution(
            index=spec.index, name=spec.name, arn=result.arn, state_machine_arn=self.machine.arn,
            status=result.status, input=spec.input, output=result.output, error=result.error, cause=result.cause,
            start=spec.start, stop=execution.now.timestamp(), items=spec.items,
        )
        if child.status == "RUNNING":
            child.status, child.error, child.cause = "FAILED", "States.Runtime", WAITING_FOREVER
        if spec.keep:
            child.history = list(result.history)
            child.result = result
        return child


def run_children(context: ChildContext, specs: list[ChildSpec]) -> list[ChildExecution]:
    """What a Dask worker runs: the children of one unit, with this worker's runner. The
    ``ExecutionResult`` stays behind (it holds the whole interpreter) and so does the
    input (the Map Run still has it: ``ChildSpec.input``); the history travels."""
    children = context.runner().run_all(specs)
    for child in children:
        child.result = child.input = None
    return children
