"""Values from user code are copied as the JSON text ``json.dumps`` would write for them."""
from __future__ import annotations

import enum
import json

import pytest

import asl
from asl.core.jsonvalue import to_json_value


class Colour(str, enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    LARGE = 3


class Ratio(float):
    def __repr__(self) -> str:
        return "Ratio(...)"


def test_subclasses_of_json_types_are_copied_as_json_dumps_writes_them():
    value = {Colour.RED: [Colour.RED, Size.LARGE, Ratio(0.5)], "t": (1, Colour.RED)}
    copied = to_json_value(value)
    assert copied == json.loads(json.dumps(value)) == {"red": ["red", 3, 0.5], "t": [1, "red"]}
    assert [type(v) for v in copied["red"]] == [str, int, float]
    assert type(next(iter(copied))) is str


def test_a_task_returning_a_string_enum_member_gives_its_value():
    machine = asl.parse({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": True}}})
    assert machine.run({}, {"f": lambda event: {"colour": Colour.RED}}).output == {"colour": "red"}


@pytest.mark.parametrize("value", [float("nan"), {"k": float("inf")}, {1: "x"}, {"s": {1, 2}}])
def test_what_is_not_json_is_refused(value):
    with pytest.raises((TypeError, ValueError)):
        to_json_value(value)


def test_values_nested_past_the_recursion_limit_or_cyclic_are_refused_as_not_json():
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    cyclic: dict = {}
    cyclic["self"] = cyclic
    for value in (deep, {"a": deep}, cyclic):
        with pytest.raises(ValueError, match="nested too deeply"):
            to_json_value(value)
    machine = asl.parse({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": True}}})
    result = machine.run({}, {"f": lambda event: deep})
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
