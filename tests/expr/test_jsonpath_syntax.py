"""Path texts as Jayway reads them: what parses into which steps, and what is refused."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.expr import ExprSyntaxError
from asl.expr.jsonpath import compile_path
from asl.expr.jsonpath_syntax import (
    FILTER, INDEX, INDEXES, KEY, KEYS, MISSING, SCAN, SLICE, WILD, Steps, parse_path,
)


def _no_filter_paths(steps: Steps) -> Callable[[Any], Any]:
    raise AssertionError(f"a filter path was compiled: {steps}")


# --------------------------------------------------------------------------- steps
@pytest.mark.parametrize(
    "text, root, steps",
    [
        ("$", "$", ()),
        ("$$.Execution.Id", "$$", ((KEY, "Execution"), (KEY, "Id"))),
        ("$my_var.a", "my_var", ((KEY, "a"),)),
        ("$.a['b c'][-1]", "$", ((KEY, "a"), (KEY, "b c"), (INDEX, -1))),
        ("$['a', \"b\"]", "$", ((KEYS, ("a", "b")),)),
        ("$[0, 2]", "$", ((INDEXES, (0, 2)),)),
        ("$[1:][:2][:]", "$", ((SLICE, 1, None), (SLICE, None, 2), (SLICE, None, None))),
        ("$.*[*]", "$", ((WILD,), (WILD,))),
        ("$..a..[0]", "$", ((SCAN,), (KEY, "a"), (SCAN,), (INDEX, 0))),
    ],
)
def test_parse_path_gives_the_root_and_its_steps(text: str, root: str, steps: Steps) -> None:
    assert parse_path(text, _no_filter_paths) == (root, steps)


def test_filter_paths_are_read_by_the_given_selector() -> None:
    compiled: list[Steps] = []

    def select(steps: Steps) -> Callable[[Any], Any]:
        compiled.append(steps)
        return lambda node: node.get(steps[0][1], MISSING) if isinstance(node, dict) else MISSING

    root, steps = parse_path("$[?(@.price > $.limit)]", select)
    assert (root, [step[0] for step in steps]) == ("$", [FILTER])
    assert compiled == [((KEY, "price"),), ((KEY, "limit"),)]
    predicate = steps[0][1]
    document = {"limit": 10}
    assert predicate({"price": 20}, document) is True
    assert predicate({"price": 5}, document) is False
    assert predicate({}, document) is False  # an absent value compares false, never fails


@pytest.mark.parametrize(
    "text",
    [
        "", "a", "$.", "$..", "$.a.", "$[", "$[0", "$['a'", "$.a b", "$.length()", "$[1:2:3]",
        "$[a]", "$states", "$states.input", "$1abc", "$a-b", "$$a", "$.a[?(@.x ==)]",
        "$.a[?(@.x size 2)]", "$.a[?(@.x =~ /[/)]", "$.a[?(1)]",
    ],
)
def test_compile_rejects_invalid_paths(text: str) -> None:
    with pytest.raises(ExprSyntaxError):
        compile_path(text)


# --------------------------------------------------------------------------- properties
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_compiling_any_text_raises_only_syntax_errors(text: str) -> None:
    try:
        path = compile_path(text)
    except ExprSyntaxError:
        return
    assert path.text == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="$@.[]'\"*?()<>=!&|,:-0123456789abc ~/", max_size=25))
def test_compiling_path_like_text_raises_only_syntax_errors(text: str) -> None:
    try:
        compile_path(text)
    except ExprSyntaxError:
        pass
