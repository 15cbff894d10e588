"""Where the embedded engine keeps state machines, executions and their histories.

``base`` defines the records and the ``Store`` protocol the engine talks to; ``sqlite``
implements it with the standard library. A server database can follow by implementing
the same protocol.
"""
from __future__ import annotations

from asl.store.base import (
    ExecutionRecord,
    MachineRecord,
    PendingRecord,
    RevisionRecord,
    StatusUpdate,
    StepRecord,
    Store,
    StoreError,
    StoredEvent,
)

__all__ = [
    "ExecutionRecord",
    "MachineRecord",
    "PendingRecord",
    "RevisionRecord",
    "StatusUpdate",
    "StepRecord",
    "Store",
    "StoreError",
    "StoredEvent",
    "open_store",
]


def open_store(target: object) -> Store:
    """A store from what a user passes as ``Engine(store=...)``: a path, ``":memory:"``, or a store."""
    if isinstance(target, (str, bytes)) or hasattr(target, "__fspath__"):
        from asl.store.sqlite import SQLiteStore

        return SQLiteStore(target)  # type: ignore[arg-type]
    if isinstance(target, Store):
        return target
    raise TypeError(f"store must be a file path, ':memory:' or a Store, not {type(target).__name__}")
