"""The intrinsic call grammar: literals, paths and nested calls; what is refused."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.expr import ExprSyntaxError, SimpleEnv
from asl.expr.intrinsics import compile_intrinsic, is_intrinsic
from asl.expr.intrinsics_syntax import MAX_NESTING, parse_call


def run(text: str, doc: Any = None, env: SimpleEnv | None = None) -> Any:
    return compile_intrinsic(text).evaluate(doc, env or SimpleEnv())


# --------------------------------------------------------------------------- grammar
@pytest.mark.parametrize(
    "text, expected",
    [
        ("States.Array()", []),
        ("States.Array(1, -2, 1.5, -0.25, 1e2, true, false, 'x')", [1, -2, 1.5, -0.25, 100.0, True, False, "x"]),
        ("States.Array( 1 ,\t2\n)", [1, 2]),
        ("States.Array('it\\'s', 'a\\\\b', '\\{\\}')", ["it's", "a\\b", "{}"]),
        ("States.Array('Hello\nWorld')", ["Hello\nWorld"]),  # AWS-recorded: raw newlines are fine
        ("States.Array($.a, $$.c, $v)", [1, "ctx", "var"]),
        ("States.Array($['a,b'], $.l[0])", ["comma", 9]),
        ("States.Array($.l[?(@ > 1)])", [[9]]),
        ("States.Array(States.Array(States.Array()))", [[[]]]),
    ],
)
def test_arguments_parse_as_literals_paths_and_calls(text: str, expected: Any) -> None:
    doc = {"a": 1, "a,b": "comma", "l": [9]}
    env = SimpleEnv(context={"c": "ctx"}, variables={"v": "var"})
    assert run(text, doc, env) == expected


@pytest.mark.parametrize(
    "text",
    [
        "States.Nope()", "States.Array", "States.Array(", "States.Array(1,)", "States.Array(,1)",
        "States.Array(null)", "States.Array(007)", "States.Array(1 2)", "States.Array(x)",
        "States.Array('unterminated)", "States.UUID() trailing", "Format('x')", "States.MathAdd(1)",
        "States.UUID(1)", "States.JsonMerge($.a, $.b)", "States.MathRandom(1)", "States.Array($.a b)",
        "States.Array($.)", "States.Array($states.input)",
        # AWS-recorded rejections (aws-validation test_illegal_escapes): \" is not an escape
        "States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')",
        "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')",
        "States.Array('\\n')",
    ],
)
def test_malformed_calls_are_syntax_errors(text: str) -> None:
    with pytest.raises(ExprSyntaxError):
        compile_intrinsic(text)
    assert not is_intrinsic(text)


def test_nesting_is_limited_to_ten_calls() -> None:
    def nested(depth: int) -> str:
        return "States.Array(" * depth + ")" * depth
    assert run(nested(MAX_NESTING)) is not None
    with pytest.raises(ExprSyntaxError, match="nested"):
        compile_intrinsic(nested(MAX_NESTING + 1))


def test_parse_call_checks_names_and_counts_against_the_given_arity_and_builds_each_call() -> None:
    built: list[tuple[str, str, int]] = []

    def build(text: str, name: str, arguments: tuple[Any, ...]) -> Any:
        built.append((text, name, len(arguments)))
        return _Call(name, arguments)

    arity = {"States.Outer": (1, 2), "States.Inner": (0, 0)}
    call = parse_call("States.Outer( States.Inner() , 'a{}b')", arity, build)
    assert built == [
        ("States.Inner()", "States.Inner", 0),
        ("States.Outer( States.Inner() , 'a{}b')", "States.Outer", 2),
    ]
    assert [argument(None, None) for argument in call.arguments] == ["States.Inner", "a{}b"]
    for unknown_or_miscounted in ("States.Array()", "States.Inner(1)", "States.Outer()"):
        with pytest.raises(ExprSyntaxError):
            parse_call(unknown_or_miscounted, arity, build)


class _Call:
    """A stand-in for a compiled call: nested calls are evaluated through ``evaluate``."""

    def __init__(self, name: str, arguments: tuple[Any, ...]):
        self.name = name
        self.arguments = arguments

    def evaluate(self, input: Any, env: Any) -> Any:
        return self.name


# --------------------------------------------------------------------------- properties
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_compiling_any_text_raises_only_syntax_errors(text: str) -> None:
    try:
        compile_intrinsic("States.Format(" + text)
    except ExprSyntaxError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="States.ArayFomtUID()$'\\{},. 019-ex", max_size=40))
def test_compiling_call_like_text_raises_only_syntax_errors(text: str) -> None:
    try:
        compile_intrinsic(text)
    except ExprSyntaxError:
        pass
