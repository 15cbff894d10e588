"""Distributed Map: Map Runs whose children are child executions.

The interpreter hands a Distributed Map to the driver as a ``StartMapRun`` command
(``asl.core.messages.MapRunRequest``); a *Map Run executor* reads the items
(``ItemReader``), batches them (``ItemBatcher``), runs the children, writes the results
(``ResultWriter``) and answers with the Map's output:

* ``InProcessExecutor`` (the default): children one after another, deterministic;
* ``ThreadExecutor``: children on a thread pool, for tasks that wait on I/O;
* ``DaskExecutor`` (``pip install 'asl[dask]'``): batches of children on the workers of a
  ``dask.distributed`` cluster (a ``LocalCluster`` or any scheduler address).

Objects come from ``objects=``: ``LocalBuckets(folder)`` (bucket ``b``, key ``k`` is
``folder/b/k``), ``S3Objects(boto3_client)``, or the S3 of the execution's ``services=``.
"""
from __future__ import annotations

from typing import Any

from asl.distributed.children import ChildExecution
from asl.distributed.executor import MapRunExecutor
from asl.distributed.inprocess import InProcessExecutor
from asl.distributed.maprun import MapRunOutcome
from asl.distributed.objects import LocalBuckets, ObjectStoreError, S3Objects
from asl.distributed.threads import ThreadExecutor

__all__ = [
    "ChildExecution", "DaskExecutor", "InProcessExecutor", "LocalBuckets", "MapRunExecutor", "MapRunOutcome",
    "ObjectStoreError", "S3Objects", "ThreadExecutor",
]


def __getattr__(name: str) -> Any:
    if name == "DaskExecutor":  # imported on first use: dask is an extra
        from asl.distributed.dask_executor import DaskExecutor

        return DaskExecutor
    raise AttributeError(name)
