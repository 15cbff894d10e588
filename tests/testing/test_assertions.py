"""Assertions on results: visits from the history, retries, path diffs."""
from __future__ import annotations

import pytest

import asl
from asl.testing.assertions import PathMismatch

MAP = asl.parse({
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map", "ItemsPath": "$.xs",
            "ItemProcessor": {"StartAt": "Double", "States": {
                "Double": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double",
                           "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}], "End": True}}},
            "End": True,
        }
    },
})


def _double():
    seen: set = set()

    def double(x):
        if x == 2 and x not in seen:
            seen.add(x)
            from asl.errors import TaskFailed
            raise TaskFailed("Flaky")
        return x * 2
    return double


def test_visits_pair_inputs_and_outputs_per_iteration() -> None:
    result = MAP.run({"xs": [1, 2, 3]}, {"double": _double()})
    doubles = result.visits("Double")
    assert [(v.input, v.output) for v in doubles] == [(1, 2), (2, 4), (3, 6)]
    assert result.state_inputs("Each") == [{"xs": [1, 2, 3]}]
    assert result.state_outputs("Each") == [[2, 4, 6]]
    assert result.retries("Double") == 1 and result.retries() == {"Double": 1}


def test_assert_path_shows_a_readable_diff() -> None:
    result = MAP.run({"xs": [1]}, {"double": _double()})
    result.assert_path(["Each", "Double"])
    with pytest.raises(PathMismatch) as caught:
        result.assert_path(["Each", "Triple", "Double"])
    message = str(caught.value)
    assert "- Triple" in message and "    Double" in message and "status SUCCEEDED" in message
    with pytest.raises(AssertionError, match="never entered: Nope"):
        result.assert_visited("Each", "Nope")


def test_a_failed_visit_has_no_output() -> None:
    machine = asl.parse({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}})
    visit = machine.run({"a": 1}).visits()[0]
    assert (visit.state, visit.type, visit.input, visit.exited) == ("F", "Fail", {"a": 1}, False)
