"""Distributed Map: Map Runs whose children are child executions.

The interpreter hands a Distributed Map to the driver as a ``StartMapRun`` command
(``asl.core.messages.MapRunRequest``); a *Map Run executor* runs the children and
answers with the Map's result. ``InProcessExecutor`` is the default.
"""
from asl.distributed.inprocess import InProcessExecutor, MapRunOutcome

__all__ = ["InProcessExecutor", "MapRunOutcome"]
