"""JSON values crossing into the core from user code.

The core shares values between states and its history and never mutates them, so a
value handed in by user code (execution input, a task's result) is copied on the way
in: a caller that later mutates its own object cannot rewrite the history. The copy
also checks that the value is JSON (AWS only ever sees JSON text).
"""
from __future__ import annotations

import math
from typing import Any, Callable


def to_json_value(value: Any) -> Any:
    """A deep copy of ``value`` as plain JSON data; ``TypeError``/``ValueError`` if it is not JSON.

    A value nested deeper than Python can recurse (or containing itself) is refused
    here, as not JSON, rather than by a ``RecursionError`` from wherever it goes next.
    """
    try:
        return _copy(value)
    except RecursionError:
        raise ValueError("value nested too deeply") from None


def _copy(value: Any) -> Any:
    """Every task result passes through here, so scalars inside containers are checked
    inline rather than by a recursive call."""
    kind = type(value)
    if kind in _SCALAR_TYPES:
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                if not isinstance(key, str):
                    raise TypeError(f"JSON object keys must be strings, not {type(key).__name__} ({key!r})")
                key = str.__str__(key)
            out[key] = item if type(item) in _SCALAR_TYPES else _copy(item)
        return out
    if kind is list or kind is tuple:
        return [item if type(item) in _SCALAR_TYPES else _copy(item) for item in value]
    if kind is float:
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"{value} is not a JSON number")
        return value
    if isinstance(value, (str, int, dict, list, tuple, float)):  # subclasses: copied as the plain type
        return _copy(_plain(value))
    raise TypeError(f"{type(value).__name__} is not a JSON value: {value!r}")


_SCALAR_TYPES = frozenset({str, bool, int, type(None)})


def _plain(value: Any) -> Any:
    """An instance of a subclass as its plain type, the value ``json.dumps`` writes: a
    ``(str, Enum)`` member is its string, where ``str()`` would give ``Colour.RED``."""
    for base, plain in _PLAIN:
        if isinstance(value, base):
            return plain(value)
    return value


_PLAIN: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (str, str.__str__), (int, int.__int__), (float, float.__float__), (dict, dict), (list, list), (tuple, list),
)
