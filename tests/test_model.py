"""The typed model: one frozen model per state type, and ``to_dict()`` gives back the input."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings

import asl
from asl.model import (
    ChoiceRule,
    MapState,
    ParallelState,
    PassState,
    StateMachineModel,
    TaskState,
    build_model,
)

sys.path.insert(0, str(Path(__file__).parent / "validation"))
from corpus_helpers import (  # noqa: E402
    RECORDED,
    VALIDATION,
    as_aws_saw_it,
    case_files,
    load,
    strictly_equal,
)

CORPUS_MISSING = pytest.mark.skipif(not RECORDED.is_dir(), reason=f"AWS corpus not found at {RECORDED} (set ASL_CONFORMANCE_DIR)")
from definitions_strategy import definitions  # noqa: E402

CORPUS = [as_aws_saw_it(load(p)["definition"]) for p in case_files(RECORDED)] + [
    as_aws_saw_it(case["definition"])
    for case in map(load, case_files(VALIDATION))
    if case["expected"]["valid"] and isinstance(case["definition"], dict)
]


@CORPUS_MISSING
def test_round_trip_of_every_corpus_definition() -> None:
    assert len(CORPUS) > 800
    for definition in CORPUS:
        machine = asl.parse(definition)
        assert strictly_equal(machine.to_dict(), definition)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_round_trip_of_generated_definitions(definition: dict[str, Any]) -> None:
    assert strictly_equal(asl.parse(definition).to_dict(), definition)


@CORPUS_MISSING
def test_field_order_is_kept() -> None:
    for definition in CORPUS[:200]:
        assert json.dumps(build_model(definition).to_dict()) == json.dumps(definition)


def test_numbers_keep_their_type() -> None:
    definition = {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True, "TimeoutSeconds": 5.0,
        "Retry": [{"ErrorEquals": ["X"], "BackoffRate": 2, "IntervalSeconds": 1.0}]}}}
    back = build_model(definition).to_dict()
    retrier = back["States"]["T"]["Retry"][0]
    assert type(retrier["BackoffRate"]) is int and type(retrier["IntervalSeconds"]) is float
    assert type(back["States"]["T"]["TimeoutSeconds"]) is float


def test_typed_access() -> None:
    model = asl.parse(Path(__file__).parent.parent / "examples" / "order.asl.json").definition
    assert isinstance(model, StateMachineModel) and model.start_at == "ValidateOrder"
    charge = model.states["ChargePayment"]
    assert isinstance(charge, TaskState)
    assert charge.retry[0].jitter_strategy == "FULL" and charge.catch[0].next == "OrderFailed"
    assert charge.parameters["idempotencyKey.$"] == "States.Format('{}-charge', $.order.id)"
    fulfil = model.states["Fulfil"]
    assert isinstance(fulfil, ParallelState) and [b.start_at for b in fulfil.branches] == ["ShipOrder", "SendConfirmation"]
    reserve = model.states["ReserveLineItems"]
    assert isinstance(reserve, MapState) and reserve.processor.processor_config.mode == "INLINE"
    rule = model.states["CheckAmount"].choices[0]
    assert isinstance(rule, ChoiceRule) and rule.numeric_greater_than == 1000 and rule.variable == "$.validation.amount"


def test_models_are_frozen() -> None:
    model = build_model({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    with pytest.raises(pydantic.ValidationError):
        model.start_at = "B"  # type: ignore[misc]
    assert isinstance(model.states["A"], PassState)


def test_legacy_iterator_is_the_processor() -> None:
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "End": True,
                                                  "Iterator": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}}}}
    state = build_model(definition).states["M"]
    assert state.processor is state.iterator and state.item_processor is None


def test_recursive_choice_rules() -> None:
    definition = {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Default": "D", "Choices": [
            {"And": [{"Not": {"Variable": "$.a", "IsNull": True}}, {"Variable": "$.b", "StringMatches": "x*"}], "Next": "D"}]},
        "D": {"Type": "Succeed"}}}
    rule = asl.parse(definition).definition.states["C"].choices[0]
    assert rule.and_[0].not_.is_null is True and rule.and_[1].string_matches == "x*"
