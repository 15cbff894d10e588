"""MockConfigFile loading: the documented format, ranges, and every mistake reported."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

import asl
from asl.tasks import MockExhausted
from asl.testing import MockConfig, MockConfigError

# The shape of AWS's documented example: two Task states, a retried Lambda answered by
# invocation numbers and a range, and a hybrid case with one state left unmocked.
DOC_SHAPED = {
    "StateMachines": {
        "LambdaSQSIntegration": {
            "TestCases": {
                "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
                "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
                "HybridPath": {"LambdaState": "MockedLambdaSuccess"},
            }
        }
    },
    "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "ok"}}}},
        "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "abc", "MessageId": "m-1"}}},
        "MockedLambdaRetry": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "not ready"}},
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "timed out"}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "ok"}}},
        },
    },
}

MACHINE = {
    "StartAt": "LambdaState",
    "States": {
        "LambdaState": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3}],
            "Next": "SQSState",
        },
        "SQSState": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "End": True,
        },
    },
}


def test_documented_format_runs_unchanged(tmp_path) -> None:
    path = tmp_path / "MockConfigFile.json"
    path.write_text(json.dumps(DOC_SHAPED))
    config = MockConfig.load(path)
    machine = asl.parse(MACHINE)
    happy = machine.run({}, mocks=config.test_case("LambdaSQSIntegration", "HappyPath"))
    assert happy.output == {"MD5OfMessageBody": "abc", "MessageId": "m-1"}
    retried = machine.run({}, mocks=config.test_case("LambdaSQSIntegration", "RetryPath"))
    assert retried.status == "SUCCEEDED" and retried.retries("LambdaState") == 3


def test_ranges_expand_in_invocation_order() -> None:
    answers = MockConfig.from_dict(DOC_SHAPED).response("MockedLambdaRetry")
    assert [a.get("Throw", {}).get("Error") for a in answers] == [
        "Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException", None]


def test_hybrid_case_leaves_other_states_to_python() -> None:
    mocks = MockConfig.from_dict(DOC_SHAPED).test_case("LambdaSQSIntegration", "HybridPath")
    result = asl.parse(MACHINE).run({}, {"SQSState": lambda p: {"MessageId": "py"}}, mocks=mocks)
    assert result.output == {"MessageId": "py"}


def test_an_invocation_past_the_last_response_stops_the_run() -> None:
    config = MockConfig.from_dict({
        "StateMachines": {"M": {"TestCases": {"T": {"LambdaState": "Busy"}}}},
        "MockedResponses": {"Busy": {"0-1": {"Throw": {"Error": "Busy"}}}},
    })
    with pytest.raises(MockExhausted):
        asl.parse(MACHINE).run({}, mocks=config.test_case("M", "T"))


@pytest.mark.parametrize("bad, fragment", [
    ({"MockedResponses": {"R": {"0": {}}}}, "exactly one of Return or Throw"),
    ({"MockedResponses": {"R": {"x": {"Return": 1}}}}, "not an invocation number"),
    ({"MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}}, "no response for invocation(s) 1"),
    ({"MockedResponses": {"R": {"0-1": {"Return": 1}, "1": {"Return": 2}}}}, "given more than once"),
    ({"MockedResponses": {"R": {"0": {"Throw": {"Cause": "c"}}}}}, "Error string"),
    ({"MockedResponses": {"R": {"0-10000000000": {"Return": 1}}}}, "reaches past invocation 99999"),
    ({"StateMachines": {"M": {"TestCases": {"T": {"S": "Missing"}}}}}, "no mocked response 'Missing'"),
    ({"StateMachines": {"M": {}}}, "TestCases"),
    ([], "JSON object"),
])
def test_mistakes_are_reported_with_their_place(bad, fragment) -> None:
    with pytest.raises(MockConfigError, match=None) as caught:
        MockConfig.from_dict(bad)
    assert fragment in str(caught.value)


def test_unknown_machine_and_case_name_what_exists() -> None:
    config = MockConfig.from_dict(DOC_SHAPED)
    with pytest.raises(MockConfigError, match="'LambdaSQSIntegration'"):
        config.test_case("Other", "HappyPath")
    with pytest.raises(MockConfigError, match="'HappyPath'"):
        config.test_case("LambdaSQSIntegration", "Nope")


def test_test_case_returns_a_fresh_copy() -> None:
    config = MockConfig.from_dict(DOC_SHAPED)
    first = config.test_case("LambdaSQSIntegration", "HappyPath")
    first["LambdaState"][0]["Return"]["StatusCode"] = 500
    assert config.test_case("LambdaSQSIntegration", "HappyPath")["LambdaState"][0]["Return"]["StatusCode"] == 200


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10)


@settings(max_examples=150)
@given(JSON)
def test_any_json_is_loaded_or_refused_with_mock_config_error(data) -> None:
    try:
        MockConfig.from_dict(data)
    except MockConfigError:
        pass


def test_a_file_that_is_not_utf8_is_a_mock_config_error(tmp_path) -> None:
    path = tmp_path / "MockConfigFile.json"
    path.write_bytes(b'{"StateMachines": {}, "MockedResponses": {"R\xe9": {}}}')
    with pytest.raises(MockConfigError, match="MockConfigFile.json"):
        MockConfig.load(path)
