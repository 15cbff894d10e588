"""Strategies: inputs reach each Choice rule and the Default; task outcomes name the
errors the Retry/Catch handle."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

import asl
from asl.testing import strategies

MACHINE = asl.parse({
    "StartAt": "Kind",
    "States": {
        "Kind": {"Type": "Choice", "Choices": [
            {"Variable": "$.order.total", "NumericGreaterThan": 100, "Next": "Big"},
            {"And": [{"Variable": "$.order.country", "StringEquals": "FR"},
                     {"Variable": "$.when", "TimestampLessThan": "2025-06-01T00:00:00Z"}], "Next": "Early"},
            {"Variable": "$.vip", "BooleanEquals": True, "Next": "Vip"}], "Default": "Work"},
        "Big": {"Type": "Succeed"}, "Early": {"Type": "Succeed"}, "Vip": {"Type": "Succeed"},
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                 "Retry": [{"ErrorEquals": ["Busy"], "MaxAttempts": 2}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Big"}], "End": True},
    },
})


def test_inputs_reach_every_branch() -> None:
    reached: set = set()

    @settings(max_examples=150, derandomize=True, database=None)
    @given(strategies.inputs(MACHINE), strategies.mocks(MACHINE))
    def explore(value, mocks) -> None:
        result = MACHINE.run(value, mocks=mocks)
        assert result.error != "States.Runtime", result.cause
        reached.add(result.path[1])

    explore()
    assert reached == {"Big", "Early", "Vip", "Work"}


def test_task_outcomes_name_the_handled_errors() -> None:
    assert strategies.named_errors(MACHINE._raw["States"]["Work"]) == ["Busy", "Custom.Unexpected"]
    seen: set = set()

    @settings(max_examples=60, derandomize=True, database=None)
    @given(strategies.task_outcomes(MACHINE, "Work", result={"ok": True}))
    def draw(answer) -> None:
        seen.add(answer.get("Throw", {}).get("Error", "Return"))

    draw()
    assert seen == {"Busy", "Custom.Unexpected", "Return"}


@settings(max_examples=30, derandomize=True, database=None)
@given(strategies.mocks(MACHINE))
def test_mocks_cover_every_attempt(mocks) -> None:
    assert len(mocks["Work"]) == 3  # the first attempt and two retries


@given(st.just(None))
def test_facts_are_read_from_nested_paths(_) -> None:
    facts = strategies.choice_facts(MACHINE)
    assert set(facts) == {("order", "total"), ("order", "country"), ("when",), ("vip",)}
    assert 100 in facts[("order", "total")].values and 101 in facts[("order", "total")].values
