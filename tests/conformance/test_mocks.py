"""Task answers from recorded results: order, ambiguity by input, failures and timeouts."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.mocks import (
    NO_RESULT_ERROR,
    answer_for,
    build_mocks,
    cause_text,
    merged_results,
    task_states,
)
from conformance.placeholders import substitute


def _ok(state: str, input: object, result: object) -> dict:
    return {"state": state, "event": "TaskScheduled", "input": input, "result": result,
            "outcome_event": "TaskSucceeded"}


def _err(state: str, input: object, error: str, cause: object, outcome: str = "TaskFailed") -> dict:
    return {"state": state, "event": "TaskScheduled", "input": input, "error": error, "cause": cause,
            "outcome_event": outcome}


def test_each_state_is_answered_in_recorded_order():
    mocks = build_mocks([_ok("A", 1, "a1"), _ok("B", 1, "b1"), _ok("A", 1, "a2")])
    assert mocks["A"](1) == {"Return": "a1"}
    assert mocks["B"](1) == {"Return": "b1"}
    assert mocks["A"](1) == {"Return": "a2"}


def test_retries_consume_answers_in_order():
    mocks = build_mocks([_err("T", {"x": 1}, "E", "c1"), _err("T", {"x": 1}, "E", "c2"), _ok("T", {"x": 1}, 3)])
    assert [mocks["T"]({"x": 1}) for _ in range(3)] == [
        {"Throw": {"Error": "E", "Cause": "c1"}},
        {"Throw": {"Error": "E", "Cause": "c2"}},
        {"Return": 3},
    ]


def test_an_ambiguous_state_is_answered_by_matching_input():
    """Map iterations or Parallel branches may call the same state in another order."""
    mocks = build_mocks([_ok("W", {"i": 0}, "zero"), _ok("W", {"i": 1}, "one"), _ok("W", {"i": 2}, "two")])
    assert mocks["W"]({"i": 2}) == {"Return": "two"}
    assert mocks["W"]({"i": 0}) == {"Return": "zero"}
    assert mocks["W"]({"i": 1}) == {"Return": "one"}


def test_input_matching_honours_placeholders_and_falls_back_to_order():
    mocks = build_mocks([_ok("W", {"arn": "arn:<partition>:x:<uuid:1>"}, 1), _ok("W", {"arn": "other"}, 2)])
    assert mocks["W"]({"arn": "other"}) == {"Return": 2}
    assert mocks["W"]({"arn": "nothing recorded like it"}) == {"Return": 1}


def test_a_result_recorded_under_another_state_is_found_by_its_input():
    """Sorted Parallel sections attributed both branches' results to one state name."""
    branches = {"States": {"Branch1": {"Type": "Task"}, "Branch2": {"Type": "Task"}}}
    mocks = build_mocks([_ok("Branch2", {"fn": "f1"}, "r1"), _ok("Branch2", {"fn": "f2"}, "r2")], definition=branches)
    assert mocks["Branch2"]({"fn": "f2"}) == {"Return": "r2"}
    assert mocks["Branch1"]({"fn": "f1"}) == {"Return": "r1"}


def test_another_states_result_is_never_taken_without_a_matching_input():
    mocks = build_mocks([_ok("A", {"x": 1}, "a")], definition={"States": {"B": {"Type": "Task"}}})
    assert mocks["B"]({"x": 2})["Throw"]["Error"] == NO_RESULT_ERROR
    assert mocks["A"]({"x": 2}) == {"Return": "a"}  # its own, by order


def test_every_task_state_of_the_definition_gets_a_mock():
    definition = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [{"States": {"T1": {"Type": "Task"}, "X": {"Type": "Pass"}}}]},
        "M": {"Type": "Map", "ItemProcessor": {"States": {"T2": {"Type": "Task"}}}},
        "O": {"Type": "Map", "Iterator": {"States": {"T3": {"Type": "Task"}}}},
        "T4": {"Type": "Task"}, "bad": 5}}
    assert task_states(definition) == {"T1", "T2", "T3", "T4"}
    assert set(build_mocks([], definition=definition)) == {"T1", "T2", "T3", "T4"}
    assert task_states("junk") == set() and task_states({"States": []}) == set()


def test_more_calls_than_recorded_results_get_a_clear_failure():
    mocks = build_mocks([_ok("A", 1, "a1")])
    mocks["A"](1)
    extra = mocks["A"](1)
    assert extra["Throw"]["Error"] == NO_RESULT_ERROR
    assert "more than the 1 time(s) recorded" in extra["Throw"]["Cause"]


def test_each_build_starts_afresh():
    results = [_ok("A", 1, "a1")]
    assert build_mocks(results)["A"](1) == {"Return": "a1"}
    assert build_mocks(results)["A"](1) == {"Return": "a1"}


def test_timeouts_throw_the_recorded_timeout_error():
    assert answer_for(_err("T", 1, "States.Timeout", None, "TaskTimedOut")) == {
        "Throw": {"Error": "States.Timeout", "Cause": None}}
    no_error = {"state": "T", "event": "ActivityScheduled", "input": 1, "outcome_event": "ActivityTimedOut"}
    assert answer_for(no_error)["Throw"]["Error"] == "States.Timeout"
    heartbeat = _err("T", 1, "States.HeartbeatTimeout", None, "TaskTimedOut")
    assert answer_for(heartbeat)["Throw"]["Error"] == "States.HeartbeatTimeout"


def test_a_task_that_never_finished_throws_no_recorded_result():
    unfinished = {"state": "T", "event": "TaskScheduled", "input": 1}
    assert answer_for(unfinished)["Throw"]["Error"] == NO_RESULT_ERROR


def test_answers_carry_real_looking_values_not_placeholders():
    answer = answer_for(_ok("A", 1, {"Id": "<uuid:1>", "Arn": "arn:<partition>:sns:<region>:1:t"}))
    assert answer == {"Return": {"Id": "uuid-1", "Arn": "arn:aws:sns:us-east-1:1:t"}}


def test_parsed_causes_become_text_in_the_style_the_recording_shows():
    cause = {"errorMessage": "boom", "requestId": "<uuid:1>"}
    assert cause_text(cause, "TaskFailed") == '{"errorMessage":"boom","requestId":"<uuid:1>"}'
    assert cause_text(cause, "LambdaFunctionFailed") == '{"errorMessage": "boom", "requestId": "<uuid:1>"}'
    shown = ['{"errorMessage": "boom", "requestId": "<uuid:4>"}']
    assert cause_text(cause, "TaskFailed", shown) == '{"errorMessage": "boom", "requestId": "<uuid:1>"}'
    assert cause_text("plain", "TaskFailed") == "plain"
    assert cause_text(None, "TaskFailed") is None


def test_a_split_outcome_is_joined_back_to_its_task():
    scheduled = {"state": "T", "event": "TaskScheduled", "input": {"p": 1}}
    orphan = {"state": "T", "event": None, "error": "Exception", "cause": "c", "outcome_event": "TaskFailed"}
    joined = [{**scheduled, "error": "Exception", "cause": "c", "outcome_event": "TaskFailed"}]
    assert merged_results([scheduled, orphan]) == joined
    assert merged_results([orphan, scheduled]) == joined  # sorted normalised histories
    assert build_mocks([orphan, scheduled])["T"]({"p": 1}) == {"Throw": {"Error": "Exception", "Cause": "c"}}


def test_an_orphan_outcome_alone_answers_any_input():
    orphan = {"state": "T", "event": None, "result": 5, "outcome_event": "TaskSucceeded"}
    assert build_mocks([_ok("T", {"a": 1}, 4), orphan])["T"]({"b": 2}) == {"Return": 5}


@settings(max_examples=50)
@given(st.permutations(list(range(6))))
def test_any_call_order_of_distinct_inputs_gets_each_its_own_answer(order):
    mocks = build_mocks([_ok("M", {"i": i}, i * 10) for i in range(6)])
    assert [mocks["M"]({"i": i}) for i in order] == [{"Return": i * 10} for i in order]


def test_recorded_inputs_in_recorded_order_get_the_recorded_answers(recorded_cases):
    """On every AWS-recorded case: replaying the recording's own task calls gives back
    exactly its results."""
    checked = 0
    for case in recorded_cases:
        mocks = build_mocks(case.task_results, [case.expected.output, case.expected.cause, case.expected.history])
        for entry in merged_results(list(case.task_results)):
            answer = mocks[entry["state"]](substitute(entry.get("input")))
            if "result" in entry:
                assert answer == {"Return": substitute(entry["result"])}, case.name
            else:
                assert "Throw" in answer, case.name
                error = answer["Throw"]["Error"]
                assert error == entry.get("error") or (entry.get("error") is None and error == "States.Timeout")
                if isinstance(entry.get("cause"), dict):
                    assert json.loads(answer["Throw"]["Cause"]) == substitute(entry["cause"]), case.name
            checked += 1
    assert checked > 150


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150)
@given(JSON, JSON, JSON)
def test_any_input_gets_an_answer_in_the_mock_shape(recorded_input, actual_input, cause):
    mocks = build_mocks([_ok("A", recorded_input, 1), _err("A", recorded_input, "E", cause)])
    answers = [mocks["A"](actual_input) for _ in range(3)]
    assert answers[0] == {"Return": 1}  # recorded order, whether the input matches or not
    assert answers[1]["Throw"]["Error"] == "E"
    assert answers[1]["Throw"]["Cause"] is None or isinstance(answers[1]["Throw"]["Cause"], str)
    assert answers[2]["Throw"]["Error"] == NO_RESULT_ERROR
