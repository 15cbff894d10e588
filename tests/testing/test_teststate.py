"""``test_state`` on its own: the AWS behaviours the recordings do not pin, and no crash
on any request."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from asl.testing import TestStateError, test_state
from asl.tasks import TaskNotRegistered

TASK = {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "f", "Payload.$": "$"},
    "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 3}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Handle"}],
    "Next": "Done",
}


def test_success_reports_every_stage_at_debug() -> None:
    out = test_state(TASK, '{"a": 1}', mock={"result": {"StatusCode": 200, "Payload": 5}}, inspection_level="DEBUG")
    assert out["status"] == "SUCCEEDED" and out["nextState"] == "Done"
    data = out["inspectionData"]
    assert data["afterParameters"] == {"FunctionName": "f", "Payload": {"a": 1}}
    assert data["result"] == {"StatusCode": 200, "Payload": 5} == out["output"]


def test_info_level_has_no_inspection_data() -> None:
    out = test_state({"Type": "Pass", "End": True}, {"x": 1})
    assert out == {"output": {"x": 1}, "status": "SUCCEEDED"}


@pytest.mark.parametrize("count, status, details", [
    (0, "RETRIABLE", {"retryIndex": 0, "retryBackoffIntervalSeconds": 2}),
    (1, "RETRIABLE", {"retryIndex": 0, "retryBackoffIntervalSeconds": 6}),
    (2, "CAUGHT_ERROR", {"catchIndex": 0}),
])
def test_retry_count_decides_between_retry_and_catch(count, status, details) -> None:
    out = test_state(TASK, {"a": 1}, mock={"errorOutput": {"error": "Busy", "cause": "c"}}, inspection_level="DEBUG",
                     state_configuration={"retrierRetryCount": count})
    assert out["status"] == status
    assert out["inspectionData"]["errorDetails"] == details
    if status == "CAUGHT_ERROR":
        assert out["output"] == {"a": 1, "err": {"Error": "Busy", "Cause": "c"}} and out["nextState"] == "Handle"


def test_an_error_no_handler_takes_fails_the_state() -> None:
    task = {k: v for k, v in TASK.items() if k != "Catch"}
    out = test_state(task, {}, mock={"errorOutput": {"error": "Other", "cause": "why"}})
    assert out == {"error": "Other", "cause": "why", "status": "FAILED"}


def test_choice_without_match_or_default_fails() -> None:
    choice = {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "One"}]}
    assert test_state(choice, {"n": 1})["nextState"] == "One"
    out = test_state(choice, {"n": 2})
    assert (out["status"], out["error"]) == ("FAILED", "States.NoChoiceMatched")


def test_variables_and_assign_are_reported() -> None:
    state = {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"total": "{% $total + $states.input.n %}"},
             "Output": "{% $total %}", "End": True}
    out = test_state(state, {"n": 2}, variables={"total": 40}, inspection_level="DEBUG")
    assert out["output"] == 40  # Output sees the variables from before the assignment
    assert out["inspectionData"]["variables"] == {"total": 42}


def test_python_callables_may_answer_an_unmocked_task() -> None:
    out = test_state({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:inc", "End": True},
                     {"n": 1}, tasks={"inc": lambda event: {"n": event["n"] + 1}})
    assert out["output"] == {"n": 2}


@pytest.mark.parametrize("kwargs, code, fragment", [
    ({"definition": {"Type": "Pass", "End": True}, "mock": {"result": "{}"}}, "ValidationException", "'Pass'"),
    ({"definition": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}},
     "ValidationException", "RoleArn"),
    ({"definition": {"Type": "Pass", "Next": "X"}, "inspection_level": "LOUD"}, "ValidationException", "inspectionLevel"),
    ({"definition": {"Type": "Pass", "End": True}, "context": '{"Nope": 1}'}, "ValidationException", "'Nope'"),
    ({"definition": {"Type": "Pass", "End": True}, "input": "{not json"}, "ValidationException", "valid JSON"),
    ({"definition": {"Type": "Wait", "End": True}}, "InvalidDefinition", "Invalid State Machine Definition"),
    ({"definition": "{broken"}, "InvalidDefinition", "INVALID_JSON_DESCRIPTION"),
])
def test_refusals_carry_aws_codes(kwargs, code, fragment) -> None:
    with pytest.raises(TestStateError) as caught:
        test_state(**kwargs)
    assert caught.value.code == code and fragment in caught.value.message


def test_a_state_inside_a_map_is_found_by_name() -> None:
    machine = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {
        "StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Result": 1, "End": True}}}, "End": True}}}
    assert test_state(machine, {}, state_name="Inner")["output"] == 1


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=4),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                    max_leaves=8)
STATES = st.sampled_from([
    TASK,
    {"Type": "Pass", "InputPath": "$.a", "Parameters": {"b.$": "$.b"}, "End": True},
    {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "A"}], "Default": "B"},
    {"Type": "Map", "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
     "ToleratedFailureCount": 1, "End": True},
    {"Type": "Parallel", "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}], "End": True},
])


@settings(max_examples=150, deadline=None)
@given(STATES, JSON, st.one_of(st.none(), JSON.map(lambda r: {"result": r}),
                                st.just({"errorOutput": {"error": "E", "cause": "c"}})), JSON)
def test_any_request_answers_or_is_refused(state, value, mock, context) -> None:
    try:
        out = test_state(state, value, mock=mock, context=context, role_arn="arn:aws:iam::1:role/r",
                         inspection_level="DEBUG")
    except TestStateError as refused:
        assert refused.code in ("ValidationException", "InvalidDefinition")
        return
    except TaskNotRegistered:  # an unmocked Task no callable answers: a clear configuration error
        return
    assert out["status"] in ("SUCCEEDED", "FAILED", "RETRIABLE", "CAUGHT_ERROR")


def test_same_request_same_answer() -> None:
    request = dict(definition=TASK, input={"a": [1, 2]}, mock={"errorOutput": {"error": "X"}}, inspection_level="TRACE")
    assert test_state(**request) == test_state(**request)


@pytest.mark.parametrize("state, value", [
    ({"Type": "Wait", "SecondsPath": "$.s", "End": True}, {"s": "abc"}),
    ({"Type": "Wait", "SecondsPath": "$.s", "End": True}, {"s": 1.5}),
    ({"Type": "Wait", "SecondsPath": "$.s", "End": True}, {"s": -1}),
    ({"Type": "Wait", "SecondsPath": "$.s", "End": True}, {"s": 10 ** 9}),
    ({"Type": "Wait", "TimestampPath": "$.s", "End": True}, {"s": "nope"}),
    ({"Type": "Wait", "QueryLanguage": "JSONata", "Seconds": "{% $states.input.s %}", "End": True}, {"s": 1.5}),
    ({"Type": "Wait", "QueryLanguage": "JSONata", "Seconds": "{% $states.input.s %}", "End": True}, {"s": "x"}),
])
def test_a_wait_value_fails_as_it_fails_an_execution(state, value) -> None:
    import asl

    ran = asl.parse({"StartAt": "StateName", "States": {"StateName": state}}).run(value)
    out = test_state(state, value)
    assert (out["status"], out["error"]) == ("FAILED", ran.error)
    assert ran.cause.endswith(out["cause"])  # the execution adds which state and event


def test_a_usable_wait_value_passes_the_input_on() -> None:
    state = {"Type": "Wait", "SecondsPath": "$.s", "Next": "After"}
    assert test_state(state, {"s": 5}) == {"output": {"s": 5}, "nextState": "After", "status": "SUCCEEDED"}
