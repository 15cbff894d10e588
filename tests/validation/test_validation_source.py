"""Decoding what the user gave: JSON text with AWS's (Jackson's) diagnostics, or a Python value."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.validation import load, validate
from asl.validation.source import MAX_JSON_DEPTH, from_text, from_value


def test_not_json_is_reported_as_aws_does() -> None:
    # recorded: ValidateStateMachineDefinition("not a definition")
    (problem,) = from_text("not a definition").problems
    assert problem.code == "INVALID_JSON_DESCRIPTION"
    assert problem.location == '[Source: (String)"not a definition"; line: 1, column: 4]'
    assert problem.message == (
        "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token "
        "'null', 'true' or 'false')\n at " + problem.location
    )


@pytest.mark.parametrize("text, column", [('{"a" 1}', 7), ('{"a": 1,}', 10), ("[1 2]", 5), ('{"a": tru}', 10)])
def test_syntax_errors_give_line_and_column(text: str, column: int) -> None:
    # Jackson's column is the one after what it consumed: after the token 'not' in the
    # recorded "not a definition" (column 4), after the one unexpected character here.
    (problem,) = from_text(text).problems
    assert problem.code == "INVALID_JSON_DESCRIPTION"
    assert problem.location.endswith(f"; line: 1, column: {column}]")


def test_end_of_input() -> None:
    (problem,) = from_text('{"StartAt": "A",\n "States": {').problems
    assert problem.message.startswith("Unexpected end-of-input")
    assert "line: 2" in problem.location


def test_long_sources_are_truncated_as_jackson_does() -> None:
    text = "x" + " " * 1000
    (problem,) = from_text(text).problems
    assert "[truncated 501 chars]" in problem.location


@pytest.mark.parametrize("text", ["", " ", "\n\t"])
def test_blank_text_is_not_a_json_object(text: str) -> None:
    # recorded: ValidateStateMachineDefinition(" ")
    (problem,) = from_text(text).problems
    assert (problem.code, problem.message) == ("SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object")


@pytest.mark.parametrize("text", ["[]", "5", '"text"', "null", "true"])
def test_json_that_is_not_an_object(text: str) -> None:
    (problem,) = from_text(text).problems
    assert problem.message == "Definition must be a valid JSON object"


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": -Infinity}'])
def test_non_finite_numbers_are_not_json(text: str) -> None:
    (problem,) = from_text(text).problems
    assert problem.code == "INVALID_JSON_DESCRIPTION" and "Non-standard token" in problem.message


def test_nesting_deeper_than_jackson_allows() -> None:
    for text in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "[" * 100_000):
        (problem,) = from_text(text).problems
        assert problem.code == "INVALID_JSON_DESCRIPTION"


def test_bytes_are_utf8_with_or_without_bom() -> None:
    definition = {"StartAt": "É", "States": {"É": {"Type": "Succeed"}}}
    for raw in (json.dumps(definition).encode(), b"\xef\xbb\xbf" + json.dumps(definition).encode()):
        assert load(raw).value == definition
    assert load(b"\xff\xfe{").problems[0].code == "INVALID_JSON_DESCRIPTION"


def test_python_values_are_copied() -> None:
    original = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"k": [1]}, "End": True}}}
    copy = from_value(original).value
    assert copy == original
    assert copy["States"]["A"]["Result"] is not original["States"]["A"]["Result"]
    assert list(copy) == list(original)  # key order kept


@pytest.mark.parametrize("bad, where", [
    ({1: "a"}, "/States/A/Result"),
    ((1, 2), "/States/A/Result"),
    ({1, 2}, "/States/A/Result"),
    (float("nan"), "/States/A/Result"),
    (object(), "/States/A/Result"),
])
def test_python_values_that_json_cannot_hold(bad: object, where: str) -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": bad, "End": True}}}
    (problem,) = validate(definition).errors
    assert (problem.code, problem.location) == ("INVALID_JSON_DESCRIPTION", where)


def test_none_is_a_missing_definition() -> None:
    (problem,) = validate(None).errors
    assert problem.code == "MISSING_DESCRIPTION"


def test_unknown_machine_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        validate({}, machine_type="STANDARDISH")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3),
    max_leaves=15,
)


@settings(max_examples=200)
@given(st.dictionaries(st.text(max_size=4), json_values, max_size=4))
def test_text_and_value_decode_alike(value: dict) -> None:
    assert from_text(json.dumps(value)).value == from_value(value).value == value


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text_decodes_or_is_diagnosed(text: str) -> None:
    source = from_text(text)
    assert (source.value is None) == bool(source.problems)
    assert all(p.code in ("INVALID_JSON_DESCRIPTION", "SCHEMA_VALIDATION_FAILED") for p in source.problems)
