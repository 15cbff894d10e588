"""Children on a thread pool: for task callables that wait on I/O (HTTP, AWS calls).

Pure-Python children do not run faster on threads (the interpreter lock), but tasks that
wait overlap. Results, counters and the ResultWriter's files are those of the in-process
executor (item order, the same virtual clock); only the order in which task callables
are called differs, so mocks with lists of answers should be keyed by state and answer
the same to every item.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Mapping, Optional

from asl.distributed.children import ChildContext, ChildExecution, ChildRunner, ChildSpec
from asl.distributed.executor import MapRunExecutor
from asl.distributed.handlers import child_resolver


class ThreadExecutor(MapRunExecutor):
    def __init__(self, objects: Any = None, *, max_workers: int = 8, tasks: Optional[Mapping[str, Any]] = None,
                 keep_children: int = 100):
        super().__init__(objects, tasks=tasks, keep_children=keep_children)
        self.max_workers = max_workers

    def dispatcher(self, context: ChildContext, resolver: Any, request: Any) -> "_Threads":
        return _Threads(ChildRunner(context, child_resolver(resolver, self.tasks)), self.max_workers)


class _Threads:
    unit_size = 1

    def __init__(self, runner: ChildRunner, workers: int):
        self.runner = runner
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="asl-map-run")
        self.capacity = 2 * max(1, workers)

    def submit(self, specs: list[ChildSpec]) -> Future[list[ChildExecution]]:
        return self.pool.submit(self.runner.run_all, specs)

    def collect(self, handle: Future[list[ChildExecution]]) -> list[ChildExecution]:
        return handle.result()

    def cancel(self, handle: Future[list[ChildExecution]]) -> None:
        handle.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
