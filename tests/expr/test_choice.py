"""Choice rules: the operator registry, combinators, failures and StringMatches."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.errors import StatesError
from asl.expr import ExprSyntaxError, SimpleEnv
from asl.expr.choice import MISSING, OPERATORS, compile_rule, wildcard_matcher

COMPARISONS = [
    f"{family}{test}{suffix}"
    for family in ("String", "Numeric", "Timestamp")
    for test in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
    for suffix in ("", "Path")
] + ["StringMatches", "BooleanEquals", "BooleanEqualsPath",
     "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"]


def check(rule: dict[str, Any], doc: Any, env: SimpleEnv | None = None) -> bool:
    return compile_rule({**rule, "Next": "X"})(doc, env or SimpleEnv())


def test_the_registry_holds_the_39_aws_operators() -> None:
    assert len(COMPARISONS) == 39
    assert set(OPERATORS) == set(COMPARISONS)


OPERATOR_CASES = [
    ("StringEquals", "a", "a", True), ("StringEquals", 1, "1", False),
    ("StringLessThan", "A", "AB", True), ("StringLessThan", "", "", False),
    ("StringGreaterThan", "A", "A ", False), ("StringGreaterThanEquals", "b", "a", True),
    ("StringLessThanEquals", "AB", "A", False),
    ("StringLessThan", "\U0001f600", "\ufffd", True),  # Java order: surrogates sort below U+FFFD
    ("NumericEquals", 1, 1.0, True), ("NumericEquals", True, 1, False), ("NumericEquals", "1", 1, False),
    ("NumericLessThan", -1.5, 0, True), ("NumericGreaterThanEquals", 2, 2.0, True),
    ("NumericLessThanEquals", None, 0, False), ("NumericGreaterThan", 10**30, 1e29, True),
    ("BooleanEquals", True, True, True), ("BooleanEquals", 1, True, False), ("BooleanEquals", False, True, False),
    ("TimestampEquals", "2012-10-09T19:00:55Z", "2012-10-09T20:00:55+01:00", True),
    ("TimestampLessThan", "2012-10-09T19:00:55Z", "2012-10-09T19:00:55.000000001Z", True),
    ("TimestampGreaterThan", "2012-10-09T19:00:56Z", "2012-10-09T19:00:55Z", True),
    ("TimestampEquals", "2012-10-09T19:00:55", "2012-10-09T19:00:55Z", False),
    ("TimestampLessThanEquals", 0, "2012-10-09T19:00:55Z", False),
    ("IsNull", None, True, True), ("IsNull", 0, True, False), ("IsNull", 0, False, True),
    ("IsNumeric", 1.5, True, True), ("IsNumeric", True, True, False), ("IsNumeric", "1", False, True),
    ("IsString", "", True, True), ("IsBoolean", False, True, True), ("IsBoolean", 0, True, False),
    ("IsTimestamp", "2012-10-09T19:00:55Z", True, True), ("IsTimestamp", "2023-02-24", True, False),
    ("IsPresent", None, True, True), ("IsPresent", MISSING, False, True), ("IsString", MISSING, False, False),
]


@pytest.mark.parametrize("operator, value, operand, expected", OPERATOR_CASES)
def test_operators(operator: str, value: Any, operand: Any, expected: bool) -> None:
    assert OPERATORS[operator](value, operand) is expected


@pytest.mark.parametrize(
    "operator, value, operand, expected", [case for case in OPERATOR_CASES if case[1] is not MISSING]
)
def test_compiled_rules_agree_with_the_registry(operator: str, value: Any, operand: Any, expected: bool) -> None:
    assert check({"Variable": "$.v", operator: operand}, {"v": value}) is expected


def test_comparisons_read_variable_and_operand_paths() -> None:
    doc = {"v": 3, "limit": 5, "s": "b", "t": "2012-10-09T19:00:55Z", "flag": False}
    assert check({"Variable": "$.v", "NumericLessThanPath": "$.limit"}, doc)
    assert not check({"Variable": "$.v", "NumericGreaterThanPath": "$.limit"}, doc)
    assert check({"Variable": "$.s", "StringGreaterThanPath": "$.s", }, doc) is False
    assert check({"Variable": "$.t", "TimestampEqualsPath": "$.t"}, doc)
    assert check({"Variable": "$.flag", "BooleanEqualsPath": "$.flag"}, doc)
    env = SimpleEnv(context={"Execution": {"Input": {"x": 1}}}, variables={"limit": 2})
    assert check({"Variable": "$$.Execution.Input.x", "NumericLessThanPath": "$limit"}, doc, env)


def test_combinators_nest() -> None:
    rule = {"And": [
        {"Variable": "$.n", "NumericGreaterThanEquals": 10},
        {"Or": [{"Variable": "$.t", "StringEquals": "Private"}, {"Not": {"Variable": "$.n", "NumericEquals": 20}}]},
    ]}
    assert check(rule, {"n": 15, "t": "Public"})
    assert not check(rule, {"n": 20, "t": "Public"})
    assert check(rule, {"n": 20, "t": "Private"})
    assert not check(rule, {"n": 5, "t": "Private"})


def test_is_present_tests_whether_the_variable_exists() -> None:
    assert check({"Variable": "$.x", "IsPresent": False}, {})
    assert check({"Variable": "$.x", "IsPresent": True}, {"x": None})
    assert check({"Variable": "$undefinedVar", "IsPresent": False}, {})


@pytest.mark.parametrize("operator, operand", [("StringEquals", "a"), ("IsNull", True), ("NumericEqualsPath", "$.y")])
def test_a_missing_variable_fails_other_operators(operator: str, operand: Any) -> None:
    with pytest.raises(StatesError) as caught:
        check({"Variable": "$.x", operator: operand}, {"y": 1})
    assert caught.value.error == "States.Runtime"
    assert caught.value.cause == "Invalid path '$.x' : No results for path: $['x']"


def test_a_missing_operand_path_fails_too() -> None:
    with pytest.raises(StatesError, match=r"Invalid path '\$.y'"):
        check({"Variable": "$.x", "NumericEqualsPath": "$.y"}, {"x": 1})


@pytest.mark.parametrize(
    "rule",
    [
        {"Variable": "$.x"}, {"StringEquals": "a"}, {"Variable": "$.x", "StringEquals": "a", "NumericEquals": 1},
        {"Variable": "$.x", "StringEqualz": "a"}, {"Variable": "$.x[*]", "StringEquals": "a"},
        {"Variable": "$.x", "StringEquals": 1}, {"Variable": "$.x", "NumericEquals": "1"},
        {"Variable": "$.x", "BooleanEquals": "true"}, {"Variable": "$.x", "TimestampEquals": "2012-10-09"},
        {"Variable": "$.x", "IsNull": "yes"}, {"Variable": "$.x", "StringEqualsPath": "$.y[*]"},
        {"And": []}, {"Or": {"Variable": "$.x", "IsNull": True}}, {"Not": [1]},
        {"And": [{"Variable": "$.x", "IsNull": True}], "Variable": "$.x"}, "rule", {"Variable": 5, "IsNull": True},
    ],
)
def test_malformed_rules_are_syntax_errors(rule: Any) -> None:
    with pytest.raises(ExprSyntaxError):
        compile_rule(rule)


def test_next_assign_and_comment_are_ignored() -> None:
    rule = {"Variable": "$.x", "IsNull": True, "Next": "A", "Assign": {"v": 1}, "Comment": "c"}
    assert compile_rule(rule)({"x": None}, SimpleEnv())


# --------------------------------------------------------------------------- StringMatches
@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        ("*.log", "app.log", True), ("*.log", "app.log.txt", False), ("log-*.txt", "log-2020.txt", True),
        ("a*b*c", "abc", True), ("a*b*c", "aXbYbZc", True), ("a*b*c", "acb", False), ("*", "", True),
        ("", "", True), ("", "x", False), ("a\\*b", "a*b", True), ("a\\*b", "axb", False),
        ("a\\\\*", "a\\xyz", True), ("**", "anything", True), ("ab*ba", "aba", False),
    ],
)
def test_string_matches(pattern: str, text: str, expected: bool) -> None:
    assert check({"Variable": "$.s", "StringMatches": pattern}, {"s": text}) is expected
    assert OPERATORS["StringMatches"](text, pattern) is expected


def test_string_matches_on_non_strings_is_false() -> None:
    assert not check({"Variable": "$.s", "StringMatches": "*"}, {"s": 5})


def test_string_matches_stays_fast_on_patterns_that_make_regexes_backtrack() -> None:
    text = "a" * 20000
    assert not wildcard_matcher("*a" * 200 + "b")(text)
    assert wildcard_matcher("*a" * 200)(text)


def reference_matches(pattern: str, text: str) -> bool:
    """Dynamic programming over (pattern token, text position): obviously right, quadratic."""
    tokens: list[str | None] = []  # None is a star
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\" and index + 1 < len(pattern):
            tokens.append(pattern[index + 1])
            index += 2
        else:
            tokens.append(None if pattern[index] == "*" else pattern[index])
            index += 1
    reachable = [True] + [False] * len(text)
    for token in tokens:
        if token is None:
            for position in range(1, len(text) + 1):
                reachable[position] = reachable[position] or reachable[position - 1]
        else:
            reachable = [False] + [reachable[p] and text[p] == token for p in range(len(text))]
    return reachable[len(text)]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab*\\", max_size=10), st.text(alphabet="ab*\\", max_size=12))
def test_string_matches_agrees_with_a_reference_matcher(pattern: str, text: str) -> None:
    assert wildcard_matcher(pattern)(text) is reference_matches(pattern, text)


@settings(max_examples=300, deadline=None)
@given(operator=st.sampled_from(COMPARISONS), data=st.data())
def test_operators_never_raise_on_any_json(operator: str, data: st.DataObject, json_values: st.SearchStrategy) -> None:
    value, operand = data.draw(json_values), data.draw(json_values)
    assert isinstance(OPERATORS[operator](value, operand), bool)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_compiled_rules_raise_only_states_errors(data: st.DataObject, json_values: st.SearchStrategy) -> None:
    document = data.draw(json_values)
    rule = data.draw(st.sampled_from([
        {"Variable": "$.a", "StringMatches": "*x*"}, {"Variable": "$[0]", "NumericEquals": 1},
        {"Variable": "$", "IsString": True}, {"Variable": "$.a.b", "IsPresent": True},
        {"Not": {"Variable": "$.a", "TimestampLessThanPath": "$.b"}},
    ]))
    try:
        assert isinstance(compile_rule(rule)(document, SimpleEnv()), bool)
    except StatesError as failure:
        assert failure.error == "States.Runtime" and failure.cause.startswith("Invalid path")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_compiling_any_json_as_a_rule_raises_only_syntax_errors(data: st.DataObject, json_values: st.SearchStrategy) -> None:
    operator = data.draw(st.sampled_from(COMPARISONS + ["And", "Or", "Not", "Bogus"]))
    rule = data.draw(st.one_of(
        json_values,
        st.fixed_dictionaries({"Variable": st.sampled_from(["$.a", "$", "$$.x", "$v", "bad"]), operator: json_values}),
    ))
    try:
        compiled = compile_rule(rule)
    except ExprSyntaxError:
        return
    try:
        assert isinstance(compiled(data.draw(json_values), SimpleEnv(variables={"v": 1})), bool)
    except StatesError as failure:
        assert failure.error == "States.Runtime"
