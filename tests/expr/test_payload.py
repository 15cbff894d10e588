"""Payload templates and single ``.$`` values (ErrorPath/CausePath)."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.errors import StatesError
from asl.expr import ExprSyntaxError, SimpleEnv
from asl.expr.jsonpath import PathNotFound
from asl.expr.payload import TemplateError, compile_template, compile_value_expr, path_not_found_cause


def test_dollar_keys_are_evaluated_and_lose_their_suffix() -> None:
    template = compile_template(
        {"Value.$": "$.a", "Static": "$.not-a-path", "Nested": {"List": [1, {"Inner.$": "$.b"}]},
         "Sum.$": "States.MathAdd($.a, 1)", "Ctx.$": "$$.Name", "Var.$": "$v"},
        "Parameters",
    )
    env = SimpleEnv(context={"Name": "exec"}, variables={"v": [1]})
    assert template.evaluate({"a": 1, "b": "x"}, env) == {
        "Value": 1, "Static": "$.not-a-path", "Nested": {"List": [1, {"Inner": "x"}]}, "Sum": 2,
        "Ctx": "exec", "Var": [1],
    }
    assert not template.is_static and template.field == "Parameters"


def test_a_static_template_is_returned_as_is_without_copying() -> None:
    source = {"a": [1, {"b": 2}], "c": "$.looks-like-a-path"}
    template = compile_template(source, "Parameters")
    assert template.is_static
    assert template.evaluate({"x": 1}) is source


def test_static_subtrees_are_shared_between_evaluations() -> None:
    source = {"big": {"list": [1, 2, 3]}, "v.$": "$"}
    template = compile_template(source, "ResultSelector")
    first, second = template.evaluate(1), template.evaluate(2)
    assert first["big"] is source["big"] is second["big"]
    assert (first["v"], second["v"]) == (1, 2)


@pytest.mark.parametrize("source", [[{"x.$": "$"}, 2], "text", 5, None, []])
def test_any_json_value_is_a_template(source: Any) -> None:
    result = compile_template(source, "ItemSelector").evaluate("in")
    assert result == ([{"x": "in"}, 2] if isinstance(source, list) and source else source)


def test_a_missing_path_fails_with_aws_wording_and_compact_input() -> None:
    template = compile_template({"missing.$": "$.nope.deep"}, "Parameters")
    with pytest.raises(StatesError) as caught:
        template.evaluate({"other": 1, "t": "é"})
    assert caught.value.error == "States.Runtime"
    # Wording and compact JSON as in AWS causes ("... could not be found in the input '{"orderNumber":"10"}'").
    assert caught.value.cause == (
        "The JSONPath '$.nope.deep' specified for the field 'missing.$' "
        "could not be found in the input '{\"other\":1,\"t\":\"é\"}'"
    )


def test_a_missing_path_inside_an_intrinsic_names_that_path() -> None:
    template = compile_template({"f.$": "States.Format('{}', $.gone)"}, "Parameters")
    with pytest.raises(StatesError) as caught:
        template.evaluate({})
    assert caught.value.cause == path_not_found_cause("$.gone", "f.$", {})


def test_indefinite_paths_without_matches_give_an_empty_list() -> None:
    assert compile_template({"item.$": "$.item.items[*]"}, "Parameters").evaluate({}) == {"item": []}


@pytest.mark.parametrize(
    "source, key, location",
    [
        ({"k.$": "not a path"}, "k.$", ""),
        ({"k.$": 5}, "k.$", ""),
        ({"nested": [{"ok.$": "$"}, {"bad.$": "States.Nope()"}]}, "bad.$", "/nested/1"),
        ({"a/b": {"~c": {"x.$": "$."}}}, "x.$", "/a~1b/~0c"),
        # AWS-recorded rejections (aws-validation test_illegal_escapes)
        ({"parsed.$": "States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')"}, "parsed.$", ""),
        ({"parsed.$": "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')"}, "parsed.$", ""),
    ],
)
def test_bad_dollar_values_are_template_errors(source: Any, key: str, location: str) -> None:
    with pytest.raises(TemplateError) as caught:
        compile_template(source, "Parameters")
    error = caught.value
    assert isinstance(error, ExprSyntaxError)
    assert (error.key, error.location) == (key, location)
    assert str(error) == f"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"
    assert error.detail


def test_value_expressions_for_error_and_cause_paths() -> None:
    doc = {"Error": "error string", "Cause": "cause string"}
    assert compile_value_expr("$.Error").evaluate(doc) == "error string"
    assert compile_value_expr("$.Error").is_path
    # AWS-recorded (test_state_fail_intrinsic)
    cause = compile_value_expr("States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)")
    assert cause.evaluate(doc) == "This is a custom error message for error string, caused by cause string."
    assert not cause.is_path
    with pytest.raises(PathNotFound):
        compile_value_expr("$.ErrorX").evaluate(doc)


@pytest.mark.parametrize("text", ["", "Error", "States.Nope()", 7, "$.a b"])
def test_bad_value_expressions_are_syntax_errors(text: Any) -> None:
    with pytest.raises(ExprSyntaxError):
        compile_value_expr(text)


def test_path_not_found_cause_uses_the_field_name() -> None:
    # AWS-recorded shape (test_invalid_jsonpath INVALID_JSONPATH_IN_ERRORPATH), input unmasked here.
    assert path_not_found_cause("$.ErrorX", "ErrorPath", {"Error": "error-value"}) == (
        "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input "
        "'{\"Error\":\"error-value\"}'"
    )


TEMPLATE_VALUES = st.sampled_from(
    ["$", "$.a", "$.a.b", "$.l[0]", "$.l[*]", "$..b", "$$.c", "States.Array($.a)", "States.JsonToString($)",
     "States.ArrayLength($.l)", "States.MathAdd($.a, 1)", "States.Format('{}', $.a)"]
)
TEMPLATES = st.recursive(
    st.none() | st.integers() | st.text(max_size=5),
    lambda kids: st.lists(kids, max_size=3)
    | st.dictionaries(st.text(max_size=4).filter(lambda k: not k.endswith(".$")), kids, max_size=3)
    | st.dictionaries(st.text(max_size=4).map(lambda k: k + ".$"), TEMPLATE_VALUES, min_size=1, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(source=TEMPLATES, data=st.data())
def test_templates_never_mutate_the_input_and_fail_only_with_states_errors(
    source: Any, data: st.DataObject, json_values: st.SearchStrategy
) -> None:
    document = data.draw(json_values)
    before, source_before = copy.deepcopy(document), copy.deepcopy(source)
    template = compile_template(source, "Parameters")
    try:
        template.evaluate(document, SimpleEnv(context={"c": 1}))
    except StatesError as failure:
        assert failure.error in ("States.Runtime", "States.IntrinsicFailure")
    assert document == before and source == source_before


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_dollar_value_compiles_or_is_a_template_error(data: st.DataObject, json_values: st.SearchStrategy) -> None:
    value = data.draw(st.one_of(json_values, st.text(alphabet="$.[]'()*States.Format,{} 01a", max_size=30)))
    try:
        template = compile_template({"k.$": value}, "Parameters")
    except TemplateError as error:
        assert error.key == "k.$"
        return
    try:
        template.evaluate(data.draw(json_values), SimpleEnv())
    except StatesError as failure:
        assert failure.error in ("States.Runtime", "States.IntrinsicFailure")
