"""The shipped JSON Schema and the message catalogue."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from asl.validation import choice, fields, messages
from asl.validation.context import Report
from asl.validation.schema import check_object, schema_document

PACKAGE = Path(messages.__file__).parent


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema_document())


def test_every_definition_is_used() -> None:
    document = schema_document()
    text = json.dumps(document)
    code = "\n".join(p.read_text() for p in PACKAGE.glob("*.py"))
    for name in document["$defs"]:
        used = f'"#/$defs/{name}"' in text or f'"{name}"' in code or name in fields.STATE_TYPES
        assert used, name


def test_every_state_type_has_a_definition_listing_both_languages_fields() -> None:
    definitions = schema_document()["$defs"]
    for state_type in fields.STATE_TYPES:
        known = set(definitions[state_type]["properties"])
        assert set(fields.JSONPATH_ONLY[state_type]) <= known
        assert set(fields.JSONATA_ONLY[state_type]) <= known


def test_choice_operators_are_the_ones_the_interpreter_runs() -> None:
    """The validator's operand table and ``asl.expr.choice``'s registry must not drift apart."""
    from asl.expr.choice import OPERATORS as RUNNABLE

    assert set(choice.OPERATORS) == set(RUNNABLE)


def test_required_fields_in_aws_order() -> None:
    report = Report()
    check_object(report, "stateMachine", {}, "/")
    assert [p.message for p in report.errors] == ["These fields are required: [States, StartAt]"]


def test_wrong_type_hides_other_complaints_about_the_same_value() -> None:
    report = Report()
    check_object(report, "stateMachine", {"StartAt": "A", "States": {}, "QueryLanguage": 5}, "/")
    assert [(p.location, p.message) for p in report.errors] == [("/QueryLanguage", "Expected value of type [STRING]")]


def test_catalogue_names_its_own_messages() -> None:
    for name in messages.OURS:
        if re.fullmatch(r"[A-Za-z_]+", name):
            assert hasattr(messages, name), name


@pytest.mark.parametrize("text", [messages.EXPRESS_CALLBACK])
def test_aws_trailing_space_is_kept(text: str) -> None:
    assert text.endswith("integration ")
