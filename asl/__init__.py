"""asl: run AWS Step Functions state machines locally, exactly as AWS would.

The public surface is listed in ``__all__``; everything else is internal. Submodules are
imported on first use so that ``import asl`` stays cheap (no networkx, no jsonschema).
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from asl.errors import DefinitionError, Problem, StatesError, TaskFailed

__version__ = "0.1.0"

# public name -> module that defines it (imported lazily)
_LAZY = {
    "parse": "asl.parsing",
    "StateMachine": "asl.machine",
    "ExecutionResult": "asl.result",
    "Execution": "asl.machine",
    "Engine": "asl.engine",
    "AsyncEngine": "asl.engine",
}

__all__ = [
    "DefinitionError",
    "Problem",
    "StatesError",
    "TaskFailed",
    *_LAZY,
]

if TYPE_CHECKING:  # pragma: no cover
    from asl.machine import Execution, StateMachine
    from asl.result import ExecutionResult
    from asl.parsing import parse


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'asl' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
