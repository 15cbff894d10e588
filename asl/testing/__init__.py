"""Testing toolkit: Step Functions Local mock configs, AWS's TestState, assertions on
results, coverage for pytest, and hypothesis strategies.

Names are imported on first use, so ``import asl.testing`` costs nothing; hypothesis is
only needed for ``asl.testing.strategies``.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "MockConfig": "asl.testing.mockconfig",
    "MockConfigError": "asl.testing.mockconfig",
    "test_state": "asl.testing.teststate",
    "TestStateError": "asl.testing.teststate",
}

__all__ = [*_LAZY, "strategies"]

if TYPE_CHECKING:  # pragma: no cover
    from asl.testing.mockconfig import MockConfig, MockConfigError
    from asl.testing.teststate import TestStateError, test_state


def __getattr__(name: str) -> Any:
    if name == "strategies":
        return import_module("asl.testing.strategies")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'asl.testing' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
