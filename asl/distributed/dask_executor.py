"""Children on a ``dask.distributed`` cluster (``pip install 'asl[dask]'``).

The parent's process reads the items, applies ``ItemSelector``, forms the batches and
writes the results, as the in-process executor does; units of children (one batch each
with an ItemBatcher, a few dozen items each without) go to the workers as Dask tasks,
at most ``tasks_in_flight`` at a time, and their results come back in item order. The
processor definition and the task callables travel once per Map Run
(``client.scatter``); each worker compiles the processor once.

Task callables must be importable on the workers. Name them by import path to be
sure: ``DaskExecutor(client, tasks={"process": "mypkg.handlers:process"})`` imports
``mypkg.handlers`` on each worker (install ``mypkg`` there, or put it on the workers'
``sys.path``). Module-level functions of an importable module and lambdas also travel
(cloudpickle), closures over open resources do not. Mocks travel as data: each worker
consumes its own copy, so give a mocked state one answer (or a callable) rather than a
list whose order matters.

The virtual clock, names and results are those of ``InProcessExecutor``: the same run
writes byte-identical ResultWriter files on one machine and on a cluster.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from asl.distributed.children import ChildContext, ChildExecution, ChildSpec, run_children
from asl.distributed.executor import MapRunExecutor

UNBATCHED_CHILDREN_PER_TASK = 50  # an unbatched child is a single item: ship them by the dozen


class DaskExecutor(MapRunExecutor):
    """``client``: a ``distributed.Client`` (or give ``address``, a scheduler's address).
    ``DaskExecutor.local(n_workers=2)`` starts a ``LocalCluster`` it owns and closes."""

    def __init__(self, client: Any = None, *, address: Optional[str] = None, objects: Any = None,
                 tasks: Optional[Mapping[str, Any]] = None, children_per_task: Optional[int] = None,
                 tasks_in_flight: Optional[int] = None, keep_children: int = 100):
        super().__init__(objects, tasks=tasks, keep_children=keep_children)
        if client is None:
            from distributed import Client

            with quiet_logs():
                client = Client(address) if address is not None else Client(processes=True, dashboard_address=":0")
            self._owned: list[Any] = [client]
        else:
            self._owned = []
        self.client = client
        self.children_per_task = children_per_task
        self.tasks_in_flight = tasks_in_flight

    @classmethod
    def local(cls, n_workers: int = 2, threads_per_worker: int = 1, **options: Any) -> "DaskExecutor":
        from distributed import Client, LocalCluster

        with quiet_logs():
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, processes=True,
                                   dashboard_address=":0")
            executor = cls(Client(cluster), **options)
        executor._owned = [executor.client, cluster]
        return executor

    def close(self) -> None:
        for resource in self._owned:
            resource.close()
        self._owned = []

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def dispatcher(self, context: ChildContext, resolver: Any, request: Any) -> "_DaskUnits":
        threads = sum(self.client.nthreads().values()) or 1
        per_task = self.children_per_task or (1 if request.batcher is not None else UNBATCHED_CHILDREN_PER_TASK)
        shipped = self.client.scatter(context, broadcast=True, hash=False)
        return _DaskUnits(self.client, shipped, self.tasks_in_flight or 2 * threads, per_task)


def quiet_logs() -> Any:
    """Dask keeps its last 1,000 messages per connection (and transitions) for debugging:
    here each message carries a batch of items or results, so those logs would hold
    hundreds of megabytes. Clients and clusters this executor makes keep none; for your
    own, set ``distributed.admin.low-level-log-length`` to 0 before creating them."""
    import dask

    return dask.config.set({"distributed.admin.low-level-log-length": 0})


class _DaskUnits:
    def __init__(self, client: Any, context: Any, capacity: int, unit_size: int):
        self.client = client
        self.context = context
        self.capacity = max(1, capacity)
        self.unit_size = max(1, unit_size)

    def submit(self, specs: list[ChildSpec]) -> Any:
        return self.client.submit(run_children, self.context, specs, pure=False)

    def collect(self, handle: Any) -> list[ChildExecution]:
        """The unit's children; the task is released at once (the driver's cyclic garbage
        collector is paused during a run, so a dropped future would keep its inputs and
        results on the scheduler until the run ends)."""
        try:
            return handle.result()  # type: ignore[no-any-return]
        finally:
            handle.release()

    def cancel(self, handle: Any) -> None:
        handle.cancel()
        handle.release()

    def close(self) -> None:
        self.context.release()
