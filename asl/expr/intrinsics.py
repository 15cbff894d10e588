"""Intrinsic functions (``States.Format(...)`` and the other 17), JSONPath mode only.

A call is parsed once (``asl.expr.intrinsics_syntax``) into a function from ``FUNCTIONS``
plus argument evaluators (literals, compiled paths, nested calls), so evaluation only
reads paths and calls plain functions. The functions themselves, with AWS's Java
behaviours, are in ``asl.expr.intrinsic_functions``; this module is their registry.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError
from asl.expr.intrinsic_functions import (
    intrinsic_failure,
    states_array,
    states_array_contains,
    states_array_get_item,
    states_array_length,
    states_array_partition,
    states_array_range,
    states_array_unique,
    states_base64_decode,
    states_base64_encode,
    states_format,
    states_hash,
    states_json_merge,
    states_json_to_string,
    states_math_add,
    states_math_random,
    states_string_split,
    states_string_to_json,
    states_uuid,
)
from asl.expr.intrinsics_syntax import Argument, parse_call

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "States.Format": states_format,
    "States.StringToJson": states_string_to_json,
    "States.JsonToString": states_json_to_string,
    "States.Array": states_array,
    "States.ArrayPartition": states_array_partition,
    "States.ArrayContains": states_array_contains,
    "States.ArrayRange": states_array_range,
    "States.ArrayGetItem": states_array_get_item,
    "States.ArrayLength": states_array_length,
    "States.ArrayUnique": states_array_unique,
    "States.Base64Encode": states_base64_encode,
    "States.Base64Decode": states_base64_decode,
    "States.Hash": states_hash,
    "States.JsonMerge": states_json_merge,
    "States.MathRandom": states_math_random,
    "States.MathAdd": states_math_add,
    "States.StringSplit": states_string_split,
    "States.UUID": states_uuid,
}
ARITY: dict[str, tuple[int, int]] = {
    "States.Format": (1, 10_000), "States.StringToJson": (1, 1), "States.JsonToString": (1, 1),
    "States.Array": (0, 10_000), "States.ArrayPartition": (2, 2), "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3), "States.ArrayGetItem": (2, 2), "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1), "States.Base64Encode": (1, 1), "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2), "States.JsonMerge": (3, 3), "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2), "States.StringSplit": (2, 2), "States.UUID": (0, 0),
}


# --------------------------------------------------------------------------- compiled calls
class Intrinsic:
    """A parsed call: evaluating it reads its paths and calls one plain function."""

    __slots__ = ("text", "name", "_function", "_arguments")

    def __init__(self, text: str, name: str, arguments: tuple[Argument, ...]):
        self.text = text
        self.name = name
        self._function = FUNCTIONS[name]
        self._arguments = arguments

    def __repr__(self) -> str:
        return f"Intrinsic({self.text!r})"

    def evaluate(self, input: Any, env: Env | None = None) -> Any:
        arguments = self._arguments
        if len(arguments) == 2:  # the commonest arity, without a comprehension's frame
            first, second = arguments
            values: Any = (first(input, env), second(input, env))
        else:
            values = [argument(input, env) for argument in arguments]
        try:
            return self._function(env, *values)
        except StatesError:
            raise
        except (TypeError, ValueError, OverflowError, RecursionError) as error:  # a safety net only
            raise intrinsic_failure(self.name, str(error) or type(error).__name__) from None


def is_intrinsic(text: object) -> bool:
    """True when ``text`` is a well-formed intrinsic call (``States.Xxx(...)``)."""
    if not isinstance(text, str) or "States." not in text:
        return False
    try:
        compile_intrinsic(text)
    except ExprSyntaxError:
        return False
    return True


def compile_intrinsic(text: str) -> Intrinsic:
    """Parse ``States.Xxx(args)``; ``ExprSyntaxError`` for unknown names, wrong argument
    counts, bad literals or escapes, invalid paths and nesting deeper than 10 calls."""
    if not isinstance(text, str):  # before the cache, which needs a hashable key
        raise ExprSyntaxError(f"An intrinsic function call must be a string, not {type(text).__name__}")
    return _compile_intrinsic(text)


@functools.lru_cache(maxsize=8192)
def _compile_intrinsic(text: str) -> Intrinsic:
    return parse_call(text, ARITY, Intrinsic)
