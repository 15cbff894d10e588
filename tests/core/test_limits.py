"""The payload quota: the cheap bound must never let a too-large value through."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from asl.core.history import to_json_text
from asl.core.limits import fits

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300)
@given(json_values, st.integers(0, 400))
def test_fits_agrees_with_the_encoded_size(value, limit):
    assert fits(value, limit) == (len(to_json_text(value).encode("utf-8")) <= limit)


def test_a_large_task_result_fails_with_data_limit_exceeded():
    import asl

    machine = asl.parse({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"big.$": "$.s"}, "End": True}}})
    result = machine.run({"s": "x" * 200_000})
    assert result.status == "SUCCEEDED"
    huge = asl.parse({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": True}}})
    result = huge.run({"s": "x" * 140_000})
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")
