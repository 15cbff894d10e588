"""Inputs the recordings masked but AWS saw: put back the values the tests really sent.

The recordings replaced timestamp-looking strings in some inputs by ``"date"`` or
``"timestamp"``. For the Choice timestamp-operator cases the original (Variable, Value)
pairs are those of LocalStack's test parameters (facts, listed here by test and case
index); for the Wait timestamp cases the recorded cause itself quotes the value.
"""
from __future__ import annotations

import re
from typing import Any

from conformance.cases import Case
from conformance.placeholders import substitute

T0, T1 = "2012-10-09T19:00:55Z", "2012-10-09T19:00:56Z"
_BASE = [(T0, T0), (T0, T1), (T1, T0)]
_TYPE_VARIABLES = [None, 0, 0.0, 1, 1.1, "", " ", "2023-02-24 12:15:56.832957", [], [""], {}, {"A": 0}, False, True]
# The recordings mask timestamp-like strings as "date". These are the (Variable, Value)
# pairs LocalStack's tests sent, by test and case index (tests/aws/services/stepfunctions/
# v2/choice_operators/test_timestamp_operators.py and utils.TYPE_COMPARISONS).
_TIMESTAMP_INPUTS = {
    "test_timestamp_equals": [(v, T0) for v in _TYPE_VARIABLES] + _BASE,
    "test_timestamp_equals_path": _BASE,
    "test_timestamp_greater_than": _BASE, "test_timestamp_greater_than_equals": _BASE,
    "test_timestamp_less_than": _BASE, "test_timestamp_less_than_equals": _BASE,
    "test_timestamp_greater_than_path": [(T0, T1)], "test_timestamp_greater_than_equals_path": [(T0, T1)],
    "test_timestamp_less_than_path": [(T1, T0)], "test_timestamp_less_than_equals_path": [(T1, T0)],
}
_TYPE_COMPARISON_STRINGS = {  # utils.TYPE_COMPARISONS indexes whose Variable was masked
    16: "2012-10-09T19:00:55", 17: "2012-10-09T19:00:55", 18: T0, 19: T0,
    20: "2012-10-09T19:00:55+01:00", 21: "2012-10-09T19:00:55+01:00", 22: "2023-02-24", 23: "2023-02-24",
}
_CASE_NAME = re.compile(r"__(test_\w+?)__cases__(\d+)$")


# Wait cases whose input was masked as "timestamp": the value the recorded cause quotes.
_WAIT_TIMESTAMPS = {
    "test_wait_timestamp_jsonata_INVALID_DATE": "2016-13-05T21:29:29Z",
    "test_wait_timestamp_jsonata_INVALID_ISO": "05-12-2016T21:29:29Z",
    "test_wait_timestamp_jsonata_NO_Z": "2016-12-05T21:29:29",
    "test_wait_timestamp_path_INVALID_TIME": "2016-12-05T25:29:29Z",
}


def case_input(case: Case) -> Any:
    """The input AWS ran ``case`` on: what the test sent, placeholders given real values."""
    return substitute(restore_masked_input({"name": case.name, "input": case.input}))


def restore_masked_input(case: dict[str, Any]) -> Any:
    """The input the test really sent (unchanged where nothing was masked)."""
    name = case["name"]
    value = case["input"]
    for test, timestamp in _WAIT_TIMESTAMPS.items():
        if name.endswith(test) and isinstance(value, dict) and value.get("TimestampValue") == "timestamp":
            return dict(value, TimestampValue=timestamp)
    match = _CASE_NAME.search(name)
    if match is None or not name.startswith("choice_operators_") or not isinstance(value, dict):
        return value
    test, index = match.groups()
    original = dict(value)
    for position, key in enumerate(("Variable", "Value")):
        if original.get(key) != "date":
            continue
        if test in _TIMESTAMP_INPUTS:
            original[key] = _TIMESTAMP_INPUTS[test][int(index)][position]
        elif key == "Variable" and int(index) in _TYPE_COMPARISON_STRINGS:
            original[key] = _TYPE_COMPARISON_STRINGS[int(index)]
        else:
            raise KeyError(f"no original value known for the masked {key} of {case['name']}")
    return original
