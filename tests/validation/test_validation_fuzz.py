"""Whatever the input, ``parse`` returns a machine or raises ``DefinitionError`` -- nothing else.

Inputs: arbitrary JSON (also placed where a machine, a state or a rule is expected),
arbitrary text, and valid definitions (generated, and AWS-recorded ones) mutated by
deleting, retyping and renaming fields. Validation is also deterministic.
"""
from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from corpus_helpers import RECORDED, as_aws_saw_it, case_files, load
from definitions_strategy import definitions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asl
from asl.errors import DefinitionError
from asl.validation import validate

KEYS = ("StartAt", "States", "Type", "Next", "End", "A", "B", "Choices", "Branches", "ItemProcessor",
        "Iterator", "Variable", "And", "Not", "StringEquals", "Parameters", "x.$", "Assign", "Retry",
        "Catch", "ErrorEquals", "Resource", "QueryLanguage", "Output", "Items", "ItemReader",
        "Credentials", "Seconds", "Timestamp", "Default", "Condition", "ProcessorConfig", "Mode",
        "Label", "ResultWriter", "ItemBatcher", "ReaderConfig", "WriterConfig", "Arguments")
WORDS = ("$.a", "$$.x", "$v", "States.Format('x')", "States.Nope(", "{% 1 %}", "{% ) %}", "Pass", "Task",
         "Map", "Parallel", "Choice", "Wait", "Fail", "Succeed", "JSONata", "JSONPath", "A", "B",
         "arn:aws:states:::lambda:invoke", "DISTRIBUTED", "States.ALL", "")
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | st.sampled_from(WORDS),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), c, max_size=6),
    max_leaves=30,
)
RECORDED_DEFINITIONS = [as_aws_saw_it(load(p)["definition"]) for p in case_files(RECORDED)]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def _parse_or_definition_error(definition: Any) -> None:
    try:
        asl.parse(definition)
    except DefinitionError as error:
        assert error.problems and all(p.location for p in error.problems)


@FUZZ
@given(json_like)
def test_any_json_anywhere(value: Any) -> None:
    _parse_or_definition_error(value)
    _parse_or_definition_error({"StartAt": "A", "States": value})
    _parse_or_definition_error({"StartAt": "A", "States": {"A": value}})
    _parse_or_definition_error({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [value], "Default": "C"}}})


@FUZZ
@given(st.text(max_size=60) | st.binary(max_size=60))
def test_any_text(text: Any) -> None:
    _parse_or_definition_error(text)


def _containers(value: Any) -> list[Any]:
    found, pending = [value], [value]
    while pending:
        node = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                found.append(child)
                pending.append(child)
    return found


def mutate(definition: Any, rnd: random.Random, replacement: Any) -> Any:
    """One random deletion, retyping or renaming somewhere in a copy of ``definition``."""
    mutated = copy.deepcopy(definition)
    node = rnd.choice(_containers(mutated))
    if isinstance(node, dict) and node:
        key = rnd.choice(list(node))
        action = rnd.randrange(3)
        if action == 0:
            del node[key]
        elif action == 1:
            node[key] = replacement
        else:
            node[key + rnd.choice(("x", ".$", "Path"))] = node.pop(key)
    elif isinstance(node, list) and node:
        node[rnd.randrange(len(node))] = replacement
    return mutated


@pytest.mark.skipif(not RECORDED_DEFINITIONS, reason=f"AWS corpus not found at {RECORDED} (set ASL_CONFORMANCE_DIR)")
@FUZZ
@given(st.sampled_from(RECORDED_DEFINITIONS or [{}]), st.randoms(use_true_random=False), json_like, st.integers(1, 3))
def test_mutated_recorded_definitions(definition: Any, rnd: random.Random, replacement: Any, times: int) -> None:
    for _ in range(times):
        definition = mutate(definition, rnd, replacement)
    _parse_or_definition_error(definition)


@FUZZ
@given(definitions(), st.randoms(use_true_random=False), json_like)
def test_mutated_generated_definitions(definition: Any, rnd: random.Random, replacement: Any) -> None:
    _parse_or_definition_error(mutate(definition, rnd, replacement))


@settings(max_examples=100, deadline=None)
@given(definitions(), st.randoms(use_true_random=False), json_like)
def test_validation_is_deterministic(definition: Any, rnd: random.Random, replacement: Any) -> None:
    mutated = mutate(definition, rnd, replacement)
    first, second = validate(mutated), validate(json.dumps(mutated))
    assert first.errors == second.errors and first.warnings == second.warnings
    assert first.variable_references == second.variable_references


def test_hostile_depths_and_sizes() -> None:
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    rule: Any = {"Variable": "$.x", "IsNull": True}
    for _ in range(500):
        rule = {"Not": rule}
    hostile = [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a": deep}, "End": True}}},
        {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [dict(rule, Next="C")]}}},
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True,
                                          "Parameters": {"a.$": "States.Array(" * 2000 + ")" * 2000}}}},
        {"StartAt": "A", "QueryLanguage": "JSONata",
         "States": {"A": {"Type": "Pass", "End": True, "Output": "{% " + "(" * 5000 + "1" + ")" * 5000 + " %}"}}},
        "[" * 200_000,
    ]
    for definition in hostile:
        _parse_or_definition_error(definition)
