"""The default Map Run executor: children run one after another, in this process.

Deterministic and instantaneous (children run on the parent's virtual clock), so
``machine.run`` gives the same history and results every time. Children are answered by
the parent's own resolver: the same callables, and the same mocks consumed in one order
(state names are unique across a whole definition, so a mock keyed by a child's state
name is unambiguous).
"""
from __future__ import annotations

from typing import Any

from asl.distributed.children import ChildContext, ChildExecution, ChildRunner, ChildSpec
from asl.distributed.executor import MapRunExecutor
from asl.distributed.handlers import child_resolver
from asl.distributed.maprun import MapRunOutcome

__all__ = ["InProcessExecutor", "MapRunOutcome"]


class InProcessExecutor(MapRunExecutor):
    def dispatcher(self, context: ChildContext, resolver: Any, request: Any) -> "_Inline":
        return _Inline(ChildRunner(context, child_resolver(resolver, self.tasks)))


class _Inline:
    """Runs each child as it is handed out; ``collect`` just returns it."""

    capacity = 1
    unit_size = 1

    def __init__(self, runner: ChildRunner):
        self.runner = runner

    def submit(self, specs: list[ChildSpec]) -> list[ChildExecution]:
        return self.runner.run_all(specs)

    def collect(self, handle: list[ChildExecution]) -> list[ChildExecution]:
        return handle

    def cancel(self, handle: Any) -> None:
        pass
