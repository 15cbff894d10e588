"""``asl.parse``: every input form, the machine it returns, and what it raises."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any

import pytest

import asl

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "order.asl.json"
MINIMAL = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"v": 1}, "Next": "B"},
                                      "B": {"Type": "Pass", "InputPath": "$v", "End": True}}}


@pytest.mark.parametrize("form", ["dict", "text", "bytes", "path", "str path", "relative str path"])
def test_every_input_form(form: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "machine.json"
    file.write_text(json.dumps(MINIMAL))
    monkeypatch.chdir(tmp_path)
    given: Any = {
        "dict": MINIMAL, "text": json.dumps(MINIMAL), "bytes": json.dumps(MINIMAL).encode(),
        "path": file, "str path": str(file), "relative str path": "machine.json",
    }[form]
    machine = asl.parse(given)
    assert isinstance(machine, asl.StateMachine)
    assert machine.raw == MINIMAL and machine.to_dict() == MINIMAL
    assert machine.variable_references == {"B": ["v"]}
    assert machine.machine_type == "STANDARD" and machine.warnings == []


def test_a_file_without_json_suffix_is_read_when_it_exists(tmp_path: pathlib.Path) -> None:
    file = tmp_path / "machine.asl"
    file.write_text(json.dumps(MINIMAL))
    assert asl.parse(str(file)).raw == MINIMAL


def test_a_missing_json_file_is_an_os_error() -> None:
    with pytest.raises(FileNotFoundError):
        asl.parse("no/such/machine.json")


def test_text_that_is_not_a_file_is_parsed_as_json() -> None:
    with pytest.raises(asl.DefinitionError) as caught:
        asl.parse("not a definition")
    assert caught.value.problems[0].code == "INVALID_JSON_DESCRIPTION"


def test_the_example_is_valid() -> None:
    machine = asl.parse(EXAMPLE)
    assert machine.warnings == []
    types = {data["type"] for _, data in machine.graph.nodes(data=True)}
    assert types == {"Task", "Choice", "Wait", "Map", "Parallel", "Succeed", "Fail"}


def test_the_dict_given_is_not_shared() -> None:
    given = json.loads(json.dumps(MINIMAL))
    machine = asl.parse(given)
    given["States"]["A"]["Type"] = "Changed"
    assert machine.raw == MINIMAL


def test_definition_error_lists_every_problem_with_aws_message() -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "X", "Result": 1, "Comment": 2}}}
    with pytest.raises(asl.DefinitionError) as caught:
        asl.parse(definition)
    error = caught.value
    assert [p.code for p in error.problems] == ["SCHEMA_VALIDATION_FAILED", "MISSING_TRANSITION_TARGET", "MISSING_END_STATE"]
    assert error.aws_message() == (
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] at "
        "/States/A/Comment, MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/A/Next, "
        "MISSING_END_STATE: Workflow has no terminal state at /'"
    )
    assert isinstance(error, ValueError)


def test_machine_type_express_is_kept_and_applied() -> None:
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "End": True,
                                                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken"}}}
    assert asl.parse(definition).machine_type == "STANDARD"
    with pytest.raises(asl.DefinitionError):
        asl.parse(definition, machine_type="EXPRESS")
    assert asl.parse(MINIMAL, machine_type="EXPRESS").machine_type == "EXPRESS"


def test_warnings_are_on_the_machine() -> None:
    machine = asl.parse({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "$.x", "End": True}}})
    assert [w.code for w in machine.warnings] == ["PASS_RESULT_IS_STATIC"]


def test_import_asl_stays_light() -> None:
    code = ("import sys, asl; heavy = [m for m in ('networkx', 'jsonschema', 'pydantic') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_parsing_does_not_build_the_model_or_the_graph() -> None:
    code = ("import sys, asl; asl.parse({'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}); "
            "print(','.join(m for m in ('networkx', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
