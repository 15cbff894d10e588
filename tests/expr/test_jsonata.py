"""The JSONata adapter: expressions, templates, bindings, sentinels, typed results."""
from __future__ import annotations

import random
from typing import Any, Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asl.expr.jsonata as jsonata
from asl.errors import StatesError
from asl.expr import ExprSyntaxError, SimpleEnv
from asl.expr.jsonata_errors import js_json
from asl.expr.jsonata import (
    MISSING,
    UNDEFINED,
    Limits,
    check_type,
    compile_expression,
    compile_template,
    is_expression,
    json_type,
)

ENV = SimpleEnv()


def run(expression: str, data: Any = None, env: Any = ENV, **states: Any) -> Any:
    return compile_expression("{% " + expression + " %}").evaluate(data, env, field="Output", **states)


# --- recognising and compiling --------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("{% $x %}", True),
        ("{%$x%}", True),
        ("{%\n  $x\n%}", True),
        (" {% $x %}", False),
        ("{% $x %} ", False),
        ("{% $x", False),
        ("$states.input", False),
        ("{%}", False),
        (1, False),
        (None, False),
        (["{% $x %}"], False),
    ],
)
def test_is_expression_needs_the_delimiters_at_both_ends(value: Any, expected: bool) -> None:
    assert is_expression(value) is expected


def test_source_is_the_inner_text_as_aws_quotes_it() -> None:
    assert compile_expression("{%  $fn := function($x){$x} %}").source == "$fn := function($x){$x}"


def test_compilation_is_cached_by_text() -> None:
    text = "{% $states.input.cached_case + 1 %}"
    assert compile_expression(text) is compile_expression(text)
    assert jsonata._compile_expression.cache_info().hits >= 1


@pytest.mark.parametrize(
    "text, code",
    [("{% ( %}", "S0207"), ("{% 1 + %}", "S0207"), ('{% "abc %}', "S0101"), ("{% /* x %}", None)],
)
def test_syntax_errors_raise_expr_syntax_error_with_the_code(text: str, code: str | None) -> None:
    with pytest.raises(ExprSyntaxError) as caught:
        compile_expression(text)
    assert getattr(caught.value, "code", None) == code
    if code:
        assert str(caught.value).startswith(code + ": ")


@pytest.mark.parametrize("value", ["$states.input", ["{% 1 %}"], {"a": 1}, 5])
def test_a_non_expression_does_not_compile(value: Any) -> None:
    with pytest.raises(ExprSyntaxError):
        compile_expression(value)


# --- bindings -------------------------------------------------------------------------


def test_states_members_are_bound_only_where_they_apply() -> None:
    assert run("$states.input.a", {"a": 1}) == 1
    assert run("$states.result.r", {}, result={"r": 2}) == 2
    assert run("$states.errorOutput.Error", {}, error_output={"Error": "E", "Cause": "c"}) == "E"
    assert run("$exists($states.result)", {}) is False
    assert run("$keys($states)", {}, result=1) == ["input", "context", "result"]


class CountingEnv:
    """An Env whose context is expensive: count how often it is read."""

    def __init__(self) -> None:
        self.reads = 0
        self.variables: Mapping[str, Any] = {"x": 5, "unused": 1}
        self.rng = random.Random(0)
        self.now = 0.0

    @property
    def context(self) -> Any:
        self.reads += 1
        return {"Execution": {"Id": "arn"}}


@pytest.mark.parametrize(
    "expression, reads",
    [
        ("$states.input.a", 0),
        ("$x + $states.result", 0),
        ("$states.context.Execution.Id", 1),
        ("$lookup($states, 'context')", 1),
        ("($s := $states; $s.context.Execution.Id)", 1),
    ],
)
def test_context_is_built_only_when_the_expression_may_read_it(expression: str, reads: int) -> None:
    env = CountingEnv()
    compile_expression("{% " + expression + " %}").evaluate({"a": 1}, env, result=1)
    assert env.reads == reads


def test_workflow_variables_are_bound_by_name() -> None:
    env = SimpleEnv(variables={"x": 2, "name": "n", "nothing": None})
    assert run("$x * 3", env=env) == 6
    assert run("$name & '!'", env=env) == "n!"
    assert run("$nothing", env=env) is None
    assert run("$missing", env=env) is UNDEFINED


def test_a_variable_named_states_cannot_shadow_states() -> None:
    env = SimpleEnv(variables={"states": "shadow"})
    assert run("$states.input", 3, env=env) == 3


# --- values: undefined, null, numbers --------------------------------------------------


def test_undefined_and_null_are_kept_apart() -> None:
    assert run("$states.input.missing", {}) is UNDEFINED
    assert run("$states.input.present", {"present": None}) is None
    assert run("$states.input", None) is None
    assert run("null") is None


def test_sentinels_are_distinct_and_falsy() -> None:
    assert UNDEFINED is not MISSING
    assert not UNDEFINED and not MISSING
    assert repr(UNDEFINED) == "UNDEFINED" and repr(MISSING) == "MISSING"


@pytest.mark.parametrize(
    "expression, expected, kind",
    [
        ("1.0", 1, int),
        ("2 * 3.0", 6, int),
        ("1e20", 10**20, int),
        ("0.1 + 0.2", 0.30000000000000004, float),
        ("1e21", 1e21, float),
        ("$states.input", 2**70, float),
        ("$sum($states.input)", 3.5, float),
    ],
)
def test_numbers_come_back_as_javascript_holds_them(expression: str, expected: Any, kind: type) -> None:
    data = 2**70 if expression == "$states.input" else [1, 2.5]
    value = run(expression, data)
    assert value == expected and type(value) is kind


def test_a_function_result_is_an_unsupported_type() -> None:
    with pytest.raises(StatesError) as caught:
        run("$fn := function($x){$x}")
    assert caught.value.cause.endswith("specified for the field 'Output' returned an unsupported result type.")
    assert run("''") == ""


def test_the_type_probe_leaves_the_rng_alone() -> None:
    env = SimpleEnv(rng=random.Random(5))
    run("$random() < 2 ? '' : 0", env=env)
    assert env.rng.random() == (lambda r: (r.random(), r.random())[1])(random.Random(5))


# --- error wording ----------------------------------------------------------------------


def _cause(expression: str, data: Any = None) -> str:
    with pytest.raises(StatesError) as caught:
        run(expression, data)
    assert caught.value.error == "States.QueryEvaluationError"
    assert caught.value.location == "Output"
    return caught.value.cause


@pytest.mark.parametrize(
    "expression, tail",
    [
        ('1 + "a"', 'T2002: The right side of the "+" operator must evaluate to a number'),
        ('"a" * 2', 'T2001: The left side of the "*" operator must evaluate to a number'),
        ("$sum(['a'])", 'T0412: Argument 1 of function "sum" must be an array of "numbers"'),
        ("$abs('x')", 'T0410: Argument 1 of function "abs" does not match function signature'),
        ("$error('boom')", "D3137: boom"),
        ("$number('x')", 'D3030: Unable to cast value to a number: "x"'),
        ("{'a': 1, 'a': 2}", 'D1009: Multiple key definitions evaluate to same key: "a"'),
        ("$toMillis('x')", 'D3110: The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given "x"'),
        ("$formatNumber(1, 'x')", "D3086: The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character"),
        ("$single([1, 2])", "D3138: The $single() function expected exactly 1 matching result.  Instead it matched more."),
    ],
)
def test_errors_are_worded_as_jsonata_js_2_0_6(expression: str, tail: str) -> None:
    cause = _cause(expression)
    assert cause.startswith(f"The JSONata expression '{expression}' specified for the field 'Output' threw an error during evaluation. ")
    assert cause.endswith(tail)


def test_limits_fail_with_aws_bare_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _cause("+".join(["1"] * 200)).endswith(
        "threw an error during evaluation: Stack overflow error: Check for non-terminating recursive "
        "function. Consider rewriting as tail-recursive."
    )
    assert _cause("[1..900000] ~> $count()").endswith(
        ": Expression evaluation memory limit exceeded: Check for excessive memory usage"
    )
    assert run("$count([1..873782])") == 873782
    monkeypatch.setattr(jsonata, "LIMITS", Limits(timeout_ms=50))
    assert _cause("($f := function($x){ $f($x + 1) }; $f(1))").endswith(
        ": Expression evaluation timeout: Check for infinite loop"
    )


# --- templates --------------------------------------------------------------------------


def test_a_static_template_is_returned_as_is() -> None:
    value = {"a": [1, {"b": " {% not me %}"}], "c": "$states.input"}
    template = compile_template(value, "Output")
    assert template.static
    assert template.evaluate({"x": 1}, ENV) is value


def test_expressions_are_evaluated_at_any_depth_and_literals_kept() -> None:
    value = {"lit": [None, 0, 0.1, True, "s"], "deep": {"list": [1, "{% $states.input.x %}"]}, "top": "{% $x %}"}
    template = compile_template(value, "Output")
    out = template.evaluate({"x": "X"}, SimpleEnv(variables={"x": 7}))
    assert out == {"lit": [None, 0, 0.1, True, "s"], "deep": {"list": [1, "X"]}, "top": 7}
    assert out["lit"] is value["lit"]
    assert [e.source for e in template.expressions()] == ["$states.input.x", "$x"]


@pytest.mark.parametrize(
    "value, field",
    [
        ("{% $nope %}", "Output"),
        ({"error": "{% $nope %}"}, "Output/error"),
        ({"a": {"b": "{% $nope %}"}}, "Output/a/b"),
        ({"l": [0, "{% $nope %}"]}, "Output/l[1]"),
    ],
)
def test_nothing_in_a_template_fails_naming_the_field(value: Any, field: str) -> None:
    with pytest.raises(StatesError) as caught:
        compile_template(value, "Output").evaluate({}, ENV)
    assert caught.value.cause == f"The JSONata expression '$nope' specified for the field '{field}' returned nothing (undefined)."
    assert caught.value.location == field


def test_template_syntax_error_is_located_by_json_pointer() -> None:
    with pytest.raises(ExprSyntaxError) as caught:
        compile_template({"a": [0, {"b/c": "{% ( %}"}]}, "Arguments")
    assert caught.value.location == "/a/1/b~1c"
    with pytest.raises(ExprSyntaxError) as caught:
        compile_template("{% ( %}", "Arguments")
    assert caught.value.location == ""


@pytest.mark.parametrize(
    "value, kind, shown",
    [(1, "number", "1"), (True, "boolean", "true"), (None, "null", "null"), ("s", "string", '"s"'), ({"foo": "bar"}, "object", '{"foo":"bar"}')],
)
def test_typed_fields_report_the_unexpected_type(value: Any, kind: str, shown: str) -> None:
    template = compile_template("{% $v %}", "Items")
    with pytest.raises(StatesError) as caught:
        template.evaluate({}, SimpleEnv(variables={"v": value}), expect="array")
    assert caught.value.cause == (
        f"The JSONata expression '$v' specified for the field 'Items' returned an unexpected result type. "
        f"Expected 'array', but was '{kind}' for value: {shown}"
    )


def test_a_value_that_is_not_one_expression_reports_its_type_in_a_sentence() -> None:
    with pytest.raises(StatesError) as caught:
        compile_template({"a": "{% 1 %}"}, "Items").evaluate({}, ENV, expect="array")
    assert caught.value.cause == (
        "The value specified for the field 'Items' has an unexpected result type. "
        "Expected 'array', but was 'object' for value: {\"a\":1}"
    )
    assert caught.value.location == "Items"


def test_check_type_accepts_matching_values() -> None:
    assert check_type([1], "array", None, "Items") == [1]
    assert check_type(3, "integer", None, "Seconds") == 3
    assert check_type(3.0, "integer", None, "Seconds") == 3.0
    with pytest.raises(StatesError):
        check_type(3.5, "integer", None, "Seconds")
    assert compile_template([1, 2], "Items").evaluate({}, ENV, expect="array") == [1, 2]
    assert json_type(False) == "boolean" and json_type(1.5) == "number"


# --- properties ---------------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)
_jsonata_ish = st.text(alphabet="$states.input[]{}()'\"0123456789+-*/&=<>!?:;,~|%^# abcxyz\n", max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(_jsonata_ish, st.text(max_size=30)), data=_json)
def test_only_our_two_errors_ever_escape(body: str, data: Any) -> None:
    try:
        expression = compile_expression("{%" + body + "%}")
    except ExprSyntaxError:
        return
    try:
        expression.evaluate(data, SimpleEnv(variables={"x": data}), result=data)
    except StatesError as err:
        assert err.error == "States.QueryEvaluationError"


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32), data=_json)
def test_evaluation_is_deterministic_for_a_seed(seed: int, data: Any) -> None:
    expression = compile_expression("{% [$uuid(), $random(), $states.input, $millis()] %}")
    first = expression.evaluate(data, SimpleEnv(rng=random.Random(seed)))
    again = expression.evaluate(data, SimpleEnv(rng=random.Random(seed)))
    assert first == again


def _as_javascript(value: Any) -> Any:
    """What a JSON value becomes in JavaScript: every number is a double, so integers
    beyond 2**53 lose their last digits."""
    if isinstance(value, bool) or not isinstance(value, (int, list, dict)):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 else float(value)
    if isinstance(value, list):
        return [_as_javascript(v) for v in value]
    return {k: _as_javascript(v) for k, v in value.items()}


# jsonatapy turns a result that is a whole number back into a 64-bit integer: one whose
# double rounds to 2**63 or more (|x| within 512 of 2**63, or larger) comes back as
# 2**63 - 1 where JavaScript gives 2**63 (a known gap, in the README's limits). The round
# trip is checked over the integers whose doubles stay below that.
_json_i64 = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(data=_json_i64)
def test_input_round_trips_through_states_input(data: Any) -> None:
    value = run("$states.input", data)
    assert js_json(value) == js_json(_as_javascript(data))


# --- binding only the keys an expression reads --------------------------------------------

_PROJECTION_CASES = [
    "$states.input.a",
    "$states.input.a.b",
    "$states.input.a.%",
    "$states.input.a.b.%.c",
    "$states.input.items[0].name",
    "$states.input",
    "$states.input.*",
    "$keys($states.input)",
    "($i := $states.input; $i.b)",
    "$states.input.`a`",
    "$states.input.a & $states.input.b",
    "$v.a",
    "$v",
    "$states.input.a ~> $string()",
    "$states.input.(a + b)",
    "$sift($states.input, function($x, $k){$k = 'a'})",
]


@settings(max_examples=60, deadline=None)
@given(data=st.dictionaries(st.sampled_from(["a", "b", "c", "items", "name"]), _json, max_size=5) | _json)
def test_reading_only_some_keys_gives_the_same_answer_as_binding_all(data: Any) -> None:
    env = SimpleEnv(variables={"v": data})
    for source in _PROJECTION_CASES:
        expression = jsonata.Expression("{% " + source + " %}")
        whole = jsonata.Expression("{% " + source + " %}")
        whole._keys = {}
        assert js_json(_outcome(expression, data, env)) == js_json(_outcome(whole, data, env)), source


def _outcome(expression: Any, data: Any, env: Any) -> Any:
    try:
        value = expression.evaluate(data, env, field="Output")
    except StatesError as err:
        return err.cause
    return "<undefined>" if value is UNDEFINED else value


def test_simple_steps_bind_only_the_keys_read() -> None:
    keys = jsonata.Expression("{% $states.input.a + $states.input.b.c + $v.x %}")._keys
    assert keys == {"input": frozenset({"a", "b"}), "$v": frozenset({"x"})}
    assert jsonata.Expression("{% $states.input.a.% %}")._keys == {}
    assert jsonata.Expression("{% $states.input.a & $string($states.input) %}")._keys == {}
