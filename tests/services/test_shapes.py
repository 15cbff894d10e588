"""Parameters to boto3 and answers back, by botocore's shapes."""
from __future__ import annotations

import io
from datetime import datetime, timezone

from hypothesis import given, settings, strategies as st

from asl.services.catalog import service_model
from asl.services.shapes import iso_timestamp, json_text, to_json, to_request, wire_json

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _shapes(service: str, operation: str):
    model = service_model(service).operation_model(operation)
    return model.input_shape, model.output_shape


def test_pascal_case_parameters_reach_camel_case_members() -> None:
    shape, _ = _shapes("ecs", "RunTask")
    request = to_request(shape, {"Cluster": "c", "TaskDefinition": "td", "Count": 1.0,
                                 "Overrides": {"ContainerOverrides": [{"Name": "w", "Command": ["a"]}]}})
    assert request.params == {"cluster": "c", "taskDefinition": "td", "count": 1,
                              "overrides": {"containerOverrides": [{"name": "w", "command": ["a"]}]}}
    assert isinstance(request.params["count"], int)


def test_json_where_text_is_wanted_becomes_compact_json_text() -> None:
    shape, _ = _shapes("sqs", "SendMessage")
    request = to_request(shape, {"QueueUrl": "u", "MessageBody": {"a": [1, "é"]}})
    assert request.params["MessageBody"] == '{"a":[1,"é"]}'


def test_blobs_in_sdk_integrations_are_json_text_strings_included() -> None:
    shape, _ = _shapes("s3", "PutObject")
    assert to_request(shape, {"Bucket": "b", "Key": "k", "Body": "text"}, sdk=True).params["Body"] == b'"text"'
    assert to_request(shape, {"Bucket": "b", "Key": "k", "Body": False}, sdk=True).params["Body"] == b"false"
    lambda_shape, _ = _shapes("lambda", "Invoke")
    assert to_request(lambda_shape, {"FunctionName": "f", "Payload": "0"}).params["Payload"] == b"0"


def test_null_required_members_are_reported_not_sent() -> None:
    shape, _ = _shapes("dynamodb", "PutItem")
    request = to_request(shape, {"TableName": "t", "Item": None, "ReturnValues": None})
    assert request.nulls == ["Item"] and request.params == {"TableName": "t"}


def test_answers_in_pascal_case_map_keys_untouched() -> None:
    _, shape = _shapes("ecs", "DescribeTasks")
    when = datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
    answer = {"tasks": [{"taskArn": "a", "createdAt": when, "tags": [{"key": "k", "value": "v"}]}],
              "ResponseMetadata": {"RequestId": "r"}}
    assert to_json(shape, answer) == {
        "Tasks": [{"TaskArn": "a", "CreatedAt": "2025-01-02T03:04:05.678Z", "Tags": [{"Key": "k", "Value": "v"}]}]}
    _, ddb = _shapes("dynamodb", "GetItem")
    assert to_json(ddb, {"Item": {"lowercase": {"S": "x"}}}) == {"Item": {"lowercase": {"S": "x"}}}


def test_streams_and_bytes_become_text() -> None:
    _, shape = _shapes("s3", "GetObject")
    assert to_json(shape, {"Body": io.BytesIO(b"hello")}) == {"Body": "hello"}
    assert to_json(shape, {"Body": io.BytesIO(b"\xff\x00")}) == {"Body": "/wA="}


def test_wire_json_turns_our_timestamps_back_into_epoch_seconds() -> None:
    when = datetime(2025, 1, 1, 0, 0, 1, 500000, tzinfo=timezone.utc)
    assert wire_json({"d": [iso_timestamp(when)], "s": "text"}) == {"d": [when.timestamp()], "s": "text"}
    assert json_text({"a": None}) == '{"a":null}'


@settings(max_examples=80, deadline=None)
@given(JSON)
def test_any_json_parameters_convert_without_crashing(payload) -> None:
    for service, operation in (("sqs", "SendMessage"), ("ecs", "RunTask"), ("dynamodb", "PutItem")):
        shape, output = _shapes(service, operation)
        request = to_request(shape, payload)
        assert isinstance(request.params, dict) and isinstance(request.nulls, list)
        assert to_json(output, payload) is not None or payload is None


@settings(max_examples=40, deadline=None)
@given(JSON)
def test_conversion_is_deterministic_and_leaves_its_input_alone(payload) -> None:
    shape, _ = _shapes("sns", "Publish")
    before = json_text(payload)
    first = to_request(shape, {"TopicArn": "t", "Message": payload})
    again = to_request(shape, {"TopicArn": "t", "Message": payload})
    assert first.params == again.params and json_text(payload) == before
