"""The bridge to the expression layer: answers, never exceptions, in AWS's words."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.validation import expressions as ex

# (expression, AWS's INVALID_JSONATA_EXPRESSION message), as reported measured on AWS
AWS_JSONATA_WORDING = [
    ("a[1,2)", 'Expected "]", got ","'),
    ('"unterminated', "String literal must be terminated by a matching quote"),
    ("1 +", "Unexpected end of expression"),
    ('{"a":}', 'The symbol "}" cannot be used as a unary operator'),
    ("$x :=", "Unexpected end of expression"),
    ("phone %.other", 'The symbol "." cannot be used as a unary operator'),
    ("", "Unexpected end of expression"),
]


@pytest.mark.parametrize("expression, message", AWS_JSONATA_WORDING)
def test_jsonata_syntax_errors_in_aws_words(expression: str, message: str) -> None:
    assert ex.jsonata_error("{% " + expression + " %}") == message


def test_valid_jsonata() -> None:
    assert ex.jsonata_error("{% $states.input.a + 1 %}") is None


@pytest.mark.parametrize("value, expected", [
    ("{% 1 %}", True), ("{%%}", True), (" {% 1 %}", False), ("{% 1 %} ", False), ("{%", False), (5, False),
])
def test_is_jsonata(value: object, expected: bool) -> None:
    assert ex.is_jsonata(value) is expected


@pytest.mark.parametrize("check, good, bad", [
    (ex.path_error, "$.items[*].id", "items"),
    (ex.reference_path_error, "$.a['b'][0]", "$.a[*]"),
    (ex.value_expr_error, "States.Format('{}', $.a)", "States.Format("),
])
def test_paths_and_values(check: object, good: str, bad: str) -> None:
    assert check(good) is None  # type: ignore[operator]
    assert isinstance(check(bad), str)  # type: ignore[operator]


@pytest.mark.parametrize("text, expected", [
    ("2016-03-14T01:59:00Z", True), ("2016-03-14T01:59:00+01:00", True), ("2016-13-05T21:29:29Z", False),
    ("2016-12-05T21:29:29", False), ("05-12-2016T21:29:29Z", False), ("2016-12-05T25:29:29Z", False),
])
def test_timestamps(text: str, expected: bool) -> None:
    assert ex.is_timestamp(text) is expected


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text_gets_an_answer(text: str) -> None:
    for check in (ex.path_error, ex.reference_path_error, ex.value_expr_error):
        assert check(text) is None or isinstance(check(text), str)
    assert ex.jsonata_error("{% " + text + " %}") is None or isinstance(ex.jsonata_error("{% " + text + " %}"), str)
    assert isinstance(ex.is_timestamp(text), bool)


def test_hostile_nesting_gets_an_answer() -> None:
    assert isinstance(ex.value_expr_error("States.Array(" * 5000 + ")" * 5000), str)
    assert isinstance(ex.jsonata_error("{% " + "[" * 5000 + "]" * 5000 + " %}"), str)
