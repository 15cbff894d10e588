"""JSON values crossing into the core from user code.

The core shares values between states and its history and never mutates them, so a
value handed in by user code (execution input, a task's result) is copied on the way
in: a caller that later mutates its own object cannot rewrite the history. The copy
also checks that the value is JSON (AWS only ever sees JSON text).
"""
from __future__ import annotations

import math
from typing import Any

_SCALARS = (str, bool, int, type(None))


def to_json_value(value: Any, _depth: int = 0) -> Any:
    """A deep copy of ``value`` as plain JSON data; ``TypeError``/``ValueError`` if it is not JSON."""
    if isinstance(value, _SCALARS):
        return value
    if _depth > 1000:
        raise ValueError("value nested too deeply")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"{value} is not a JSON number")
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__} ({key!r})")
            out[key] = to_json_value(item, _depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [to_json_value(item, _depth + 1) for item in value]
    raise TypeError(f"{type(value).__name__} is not a JSON value: {value!r}")
