"""The validator against what AWS itself said: every definition AWS ran is accepted, every
definition AWS judged gets AWS's verdict, code, location and words, and the variables
each state reads are AWS's ``variableReferences``."""
from __future__ import annotations

from typing import Any

import pytest
from corpus_helpers import (
    RECORDED,
    VALIDATION,
    as_aws_saw_it,
    case_files,
    load,
    require,
)

from asl.errors import DefinitionError
from asl.validation import validate
from conformance.placeholders import expected_pattern

require(RECORDED)
require(VALIDATION)
RECORDED_FILES = case_files(RECORDED)
VALIDATION_FILES = case_files(VALIDATION)


def _ids(paths: list[Any]) -> list[str]:
    return [p.stem[:80] for p in paths]


def test_the_corpora_are_there() -> None:
    assert len(RECORDED_FILES) >= 700 and len(VALIDATION_FILES) >= 50


@pytest.mark.parametrize("path", RECORDED_FILES, ids=_ids(RECORDED_FILES))
def test_every_definition_aws_ran_is_valid(path: Any) -> None:
    case = load(path)
    result = validate(as_aws_saw_it(case["definition"]))
    assert result.errors == []


@pytest.mark.parametrize("path", VALIDATION_FILES, ids=_ids(VALIDATION_FILES))
def test_aws_verdict(path: Any) -> None:
    case = load(path)
    expected = case["expected"]
    result = validate(as_aws_saw_it(case["definition"]), machine_type=case["state_machine_type"])
    assert (not result.errors) == expected["valid"], [str(p) for p in result.errors]


REJECTED = [p for p in VALIDATION_FILES if not load(p)["expected"]["valid"]]


@pytest.mark.parametrize("path", REJECTED, ids=_ids(REJECTED))
def test_aws_code_location_and_message(path: Any) -> None:
    case = load(path)
    expected = case["expected"]
    result = validate(as_aws_saw_it(case["definition"]), machine_type=case["state_machine_type"])
    if expected["message"] is not None:
        message = DefinitionError(result.errors).aws_message()
        assert expected_pattern(expected["message"]).match(message), message
    else:
        got = [(p.code, p.message, p.location) for p in result.errors]
        want = [(d["code"], d["message"], d.get("location")) for d in expected["diagnostics"]]
        assert len(got) == len(want)
        for (code, message, location), (w_code, w_message, w_location) in zip(got, want):
            assert (code, message) == (w_code, w_message)
            assert w_location is None or location == w_location


WITH_REFERENCES = [p for p in VALIDATION_FILES if load(p)["expected"].get("variable_references") is not None]


def test_variable_reference_cases_are_there() -> None:
    assert len(WITH_REFERENCES) == 15


@pytest.mark.parametrize("path", WITH_REFERENCES, ids=_ids(WITH_REFERENCES))
def test_variable_references_are_aws(path: Any) -> None:
    case = load(path)
    expected = {state: sorted(names) for state, names in case["expected"]["variable_references"].items()}
    result = validate(as_aws_saw_it(case["definition"]), machine_type=case["state_machine_type"])
    assert result.variable_references == expected


def test_express_rules_apply_only_to_express_machines() -> None:
    path = next(p for p in VALIDATION_FILES if "illegal_callbacks_SYNC" in p.name)
    definition = as_aws_saw_it(load(path)["definition"])
    assert validate(definition, machine_type="STANDARD").errors == []
    assert [p.code for p in validate(definition, machine_type="EXPRESS").errors] == ["SCHEMA_VALIDATION_FAILED"]
