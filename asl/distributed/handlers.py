"""Task callables named by import path, for child executions run in other processes.

A Dask worker cannot receive a function that only exists in the parent's memory (a
closure over open resources, say). Name it instead: ``"mypkg.handlers:process"`` is
imported on the worker (``mypkg`` must be importable there, e.g. installed in the
workers' environment or on their ``sys.path``). Plain module-level functions and
lambdas also travel (Dask pickles them with cloudpickle), but a string is the one form
that always does and never ships code.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from asl.tasks import HandlerNotFound, import_handler

__all__ = ["HandlerNotFound", "import_handler", "resolved", "resolver_for", "child_resolver"]


def resolved(tasks: Optional[Mapping[str, Any]]) -> dict[str, Any]:
    """The tasks with every ``"module:function"`` string replaced by the function."""
    return {key: import_handler(value) if isinstance(value, str) else value for key, value in (tasks or {}).items()}


def resolver_for(tasks: Optional[Mapping[str, Any]], mocks: Any = None, services: Any = None) -> Any:
    """A task resolver for children: the given tasks (names resolved), mocks, services."""
    from asl.tasks import TaskResolver

    return TaskResolver(resolved(tasks), mocks, services)


def child_resolver(parent: Any, extra_tasks: Optional[Mapping[str, Any]]) -> Any:
    """The parent's resolver for in-process children (mocks shared, so answers are
    consumed in one order), extended with the executor's own tasks when it has some."""
    if not extra_tasks and not any(isinstance(v, str) for v in parent.tasks.values()):
        return parent
    return resolver_for({**parent.tasks, **dict(extra_tasks or {})}, parent.mocks, parent.services)
