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


def test_variable_quotas_fail_the_assigning_state():
    import asl

    big = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"v.$": "States.Array($.s, $.s)"}, "End": True}}}
    assert asl.parse(big).run({"s": "x" * 100_000}).status == "SUCCEEDED"
    result = asl.parse(big).run({"s": "x" * 140_000})
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")
    assert "'v'" in result.cause
    pair = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"a.$": "$.s", "b.$": "$.s"}, "End": True}}}
    result = asl.parse(pair).run({"s": "x" * 140_000})
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")
    assert "Assign block" in result.cause


def test_the_execution_wide_variable_quota_counts_what_is_held_now():
    import asl

    states = {f"S{i}": {"Type": "Pass", "Assign": {f"v{i}.$": "$.s"}, "Next": f"S{i + 1}"} for i in range(45)}
    states["S45"] = {"Type": "Succeed"}
    result = asl.parse({"StartAt": "S0", "States": states}).run({"s": "x" * 240_000})
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")
    assert result.path[-1] == "S43"  # 44 variables of 240 KB pass 10 MiB
    reuse = {f"S{i}": {"Type": "Pass", "Assign": {"v.$": "$.s"}, "Next": f"S{i + 1}"} for i in range(45)}
    reuse["S45"] = {"Type": "Succeed"}
    assert asl.parse({"StartAt": "S0", "States": reuse}).run({"s": "x" * 240_000}).status == "SUCCEEDED"


def test_lone_surrogates_which_json_allows_are_measured_not_a_crash():
    import json

    import asl

    lone = json.loads('"\\ud800"')  # JSON text may escape half a surrogate pair; Python keeps it as is
    assign = asl.parse({"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"v.$": "$.s"}, "End": True}}})
    assert assign.run({"s": lone}).status == "SUCCEEDED"
    double = asl.parse({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"},
                                                         "End": True}}})
    result = double.run({"s": lone * 50_000})
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")
