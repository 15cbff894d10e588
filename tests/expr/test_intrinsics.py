"""The intrinsic function registry and compiled calls: lookup, caching, path failures."""
from __future__ import annotations

from typing import Any

import pytest

from asl.expr import SimpleEnv
from asl.expr.intrinsics import ARITY, FUNCTIONS, compile_intrinsic, is_intrinsic
from asl.expr.jsonpath import PathNotFound


def run(text: str, doc: Any = None, env: SimpleEnv | None = None) -> Any:
    return compile_intrinsic(text).evaluate(doc, env or SimpleEnv())


def test_all_eighteen_functions_are_registered() -> None:
    assert len(FUNCTIONS) == 18
    assert all(name.startswith("States.") and callable(fn) for name, fn in FUNCTIONS.items())


def test_every_registered_function_has_an_arity_and_nothing_else_does() -> None:
    assert FUNCTIONS.keys() == ARITY.keys()
    assert all(0 <= low <= high for low, high in ARITY.values())


def test_is_intrinsic() -> None:
    assert is_intrinsic("States.UUID()")
    assert not is_intrinsic("$.a") and not is_intrinsic(5) and not is_intrinsic("States.Nope()")


def test_compiled_calls_are_cached_by_text() -> None:
    assert compile_intrinsic("States.Array($.a)") is compile_intrinsic("States.Array($.a)")


def test_a_missing_path_argument_surfaces_as_path_not_found() -> None:
    with pytest.raises(PathNotFound) as caught:
        run("States.Format('{}', $.missing)", {})
    assert caught.value.path == "$.missing"
