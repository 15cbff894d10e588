"""What every Map Run executor shares; subclasses only say where children run.

An executor is what the driver calls with a Distributed Map's ``MapRunRequest``:
``run(request, resolver, now) -> MapRunOutcome``. The base class finds the object store
(``objects=``: a store or a folder standing in for S3; else the S3 of the execution's
``services=``), builds the ``ChildContext`` children need and runs the Map Run with the
subclass' dispatcher.
"""
from __future__ import annotations

import gc
from typing import Any, Mapping, Optional

from asl.core.messages import MapRunRequest
from asl.distributed.children import ChildContext, child_machine_name
from asl.distributed.maprun import Dispatcher, MapRunOutcome, run_map_run
from asl.distributed.objects import object_store


class MapRunExecutor:
    """``objects``: where ItemReader and ResultWriter find buckets (``LocalBuckets``, an
    ``S3Objects``, or a folder path). ``tasks``: task callables for the children on top of
    the parent's (``"module:function"`` strings are imported where the children run).
    ``keep_children``: how many children (the first ones) keep their history on the
    outcome; every child is counted and written to the ResultWriter regardless.

    The local driver pauses the cyclic garbage collector while it runs; a Map Run turns
    it back on until it ends, because it may last long and what carries its results
    (Dask's futures and messages) makes reference cycles that would otherwise hold every
    result ever received.
    """

    def __init__(self, objects: Any = None, *, tasks: Optional[Mapping[str, Any]] = None, keep_children: int = 100):
        self.objects = objects
        self.tasks = dict(tasks or {})
        self.keep_children = keep_children

    def run(self, request: MapRunRequest, resolver: Any, now: float) -> MapRunOutcome:
        store = object_store(self.objects, getattr(resolver, "services", None))
        context = ChildContext(
            processor=request.processor,
            execution_type=request.execution_type,
            machine_name=child_machine_name(request.map_run_arn, request.state_name),
            tasks={**getattr(resolver, "tasks", {}), **self.tasks},
            mocks=getattr(resolver, "mocks", None),
            services=getattr(resolver, "services", None),
            objects=store,
        )
        paused = not gc.isenabled()
        gc.enable()  # see the class docstring
        dispatcher = self.dispatcher(context, resolver, request)
        try:
            return run_map_run(request, now, dispatcher, store, self.keep_children)
        finally:
            close = getattr(dispatcher, "close", None)
            if close is not None:
                close()
            if paused:
                gc.disable()

    def dispatcher(self, context: ChildContext, resolver: Any, request: MapRunRequest) -> Dispatcher:
        raise NotImplementedError
