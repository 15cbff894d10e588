"""Which variables an expression reads (the scanners behind ``variable_references``)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.validation import validate
from asl.validation.references import (
    has_double_dollar,
    intrinsic_variables,
    jsonata_variables,
    path_variable,
    reads_error_output,
    value_variables,
)


@pytest.mark.parametrize("path, name", [
    ("$x", "x"), ("$x.y[0]", "x"), ("$_a1['k']", "_a1"), ("$", None), ("$.x", None),
    ("$$.Execution.Id", None), ("$[0]", None), ("$states.input", None), ("x", None),
])
def test_path_variable(path: str, name: str | None) -> None:
    assert path_variable(path) == name


@pytest.mark.parametrize("text, names", [
    ("States.Format('{}', $a, $.b, $$.c)", {"a"}),
    ("States.MathAdd(States.MathAdd($x, $y), $z)", {"x", "y", "z"}),
    ("States.Format('price $cost {}', $real)", {"real"}),
    ("States.Format('it\\'s $quoted', $v)", {"v"}),
    ("$var.deep", {"var"}),
])
def test_value_variables(text: str, names: set[str]) -> None:
    assert value_variables(text) == names


@pytest.mark.parametrize("text, names", [
    ("$states.input.x + $a", {"a"}),
    ("$count($list) + $n", {"list", "n"}),
    ("($x := 1; $x + $y)", {"y"}),
    ("function($p, $q) { $p + $q + $r }", {"r"}),
    ("λ($p) { $p }($w)", {"w"}),
    ("'$notAVariable' & \"$neither\" & $yes", {"yes"}),
    ("/* $comment */ $real", {"real"}),
    ("$$ + $", set()),
])
def test_jsonata_variables(text: str, names: set[str]) -> None:
    assert jsonata_variables(text) == names


def test_jsonata_special_references() -> None:
    assert has_double_dollar("$$.x") and not has_double_dollar("'$$'")
    assert reads_error_output("$states.errorOutput.Cause") and not reads_error_output("'$states.errorOutput'")


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_scanners_accept_any_text(text: str) -> None:
    for scan in (intrinsic_variables, jsonata_variables, value_variables):
        assert all(isinstance(name, str) and name for name in scan(text))


def _refs(definition: dict) -> dict:
    result = validate(definition)
    assert result.errors == []
    return result.variable_references


def test_references_are_collected_per_state_from_every_place() -> None:
    definition = {
        "StartAt": "Set", "States": {
            "Set": {"Type": "Pass", "Assign": {"a": 1, "b": 2, "c": 3, "d": 4}, "Next": "Use"},
            "Use": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "InputPath": "$a",
                    "Parameters": {"x.$": "States.Format('{}', $b)", "literal": "$c"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Check", "Assign": {"e.$": "$d"}}],
                    "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$a", "StringEqualsPath": "$b"}, "Next": "Done"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"},
        }}
    assert _refs(definition) == {"Check": ["a", "b"], "Use": ["a", "b", "d"]}


def test_jsonata_references() -> None:
    definition = {
        "QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"v": "{% $states.input %}"}, "Output": "{% $v & $w %}", "Next": "B"},
            "B": {"Type": "Choice", "Choices": [{"Condition": "{% $v > 1 %}", "Next": "C"}], "Default": "C"},
            "C": {"Type": "Pass", "End": True, "Output": {"deep": ["{% $count($z) %}"]}},
        }}
    assert _refs(definition) == {"A": ["v", "w"], "B": ["v"], "C": ["z"]}
