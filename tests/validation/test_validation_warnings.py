"""Warnings: AWS's NO_DOLLAR, NO_PATH and PASS_RESULT_IS_STATIC never fail a definition."""
from __future__ import annotations

from typing import Any

import pytest

import asl


def _warnings(definition: dict[str, Any]) -> list[tuple[str, str]]:
    machine = asl.parse(definition)  # warnings never make a definition invalid
    assert all(w.severity == "WARNING" for w in machine.warnings)
    return [(w.code, w.location) for w in machine.warnings]


def _pass(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, **fields}}}


@pytest.mark.parametrize("value", ["$.x", "$$.Execution.Id", "$", "States.Format('{}', $.a)"])
def test_no_dollar(value: str) -> None:
    assert _warnings(_pass(Parameters={"outer": {"k": value}})) == [("NO_DOLLAR", "/States/A/Parameters/outer/k")]


def test_warnings_in_a_template_come_in_document_order() -> None:
    parameters = {"a": "$.a", "b": {"c": "$.c", "d": [{"f": "$.f"}]}, "e": "$.e"}
    assert [where for _, where in _warnings(_pass(Parameters=parameters))] == [
        "/States/A/Parameters/a", "/States/A/Parameters/b/c", "/States/A/Parameters/b/d/0/f", "/States/A/Parameters/e"]


def test_no_path() -> None:
    definition = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "$.error", "Cause": "$.cause"}}}
    assert _warnings(definition) == [("NO_PATH", "/States/F/Error"), ("NO_PATH", "/States/F/Cause")]


@pytest.mark.parametrize("result", [{"v.$": "$.x"}, {"v": "$.x"}, "$.x", [{"deep": "$$.State.Name"}]])
def test_pass_result_is_static(result: Any) -> None:
    assert _warnings(_pass(Result=result)) == [("PASS_RESULT_IS_STATIC", "/States/A/Result")]


@pytest.mark.parametrize("fields", [
    {"Parameters": {"k": "no path here", "v.$": "$.x"}},
    {"Result": {"v": "plain", "n": 1}},
    {"Parameters": {"k": "$var"}},  # a variable name is not taken for a path
])
def test_no_warning(fields: dict[str, Any]) -> None:
    assert _warnings(_pass(**fields)) == []


def test_warnings_come_with_errors_but_do_not_cause_them() -> None:
    definition = _pass(Parameters={"k": "$.x"}, InputPath="bad")
    with pytest.raises(asl.DefinitionError) as caught:
        asl.parse(definition)
    assert [p.code for p in caught.value.problems] == ["SCHEMA_VALIDATION_FAILED"]
