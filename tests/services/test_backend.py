"""The backend through a run: routing, failures as Step Functions reports them, .sync."""
from __future__ import annotations

import io
import json
from typing import Any

import pytest

import asl
from asl.services import PollPolicy, Services, backend_for
from asl.tasks import TaskNotRegistered


def _task(resource: str, parameters: Any = None, **extra: Any) -> dict:
    state = {"Type": "Task", "Resource": resource, "End": True, **extra}
    if parameters is not None:
        state["Parameters"] = parameters
    return {"StartAt": "T", "States": {"T": state}}


def test_backend_for_accepts_the_documented_forms() -> None:
    import boto3

    assert isinstance(backend_for("boto3"), Services)
    assert backend_for({"endpoint_url": "http://localhost:4566"}).client_options == {"endpoint_url": "http://localhost:4566"}
    session = boto3.Session(region_name="eu-west-1")
    assert backend_for(session).boto3_session() is session
    services = Services()
    assert backend_for(services) is services
    with pytest.raises(TypeError, match="services= takes"):
        backend_for(42)
    with pytest.raises(TypeError, match="unknown services option"):
        Services(endpoint="x")


def test_endpoint_url_reaches_the_client() -> None:
    client = Services(endpoint_url="http://localhost:4566", region_name="eu-west-1").client("sqs")
    assert client.meta.endpoint_url == "http://localhost:4566" and client.meta.region_name == "eu-west-1"


def test_task_callables_win_over_the_backend(aws) -> None:
    machine = asl.parse(_task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": "x", "MessageBody": "m"}))
    result = machine.run({}, {"arn:aws:states:::sqs:sendMessage": lambda payload: {"stub": payload["MessageBody"]}},
                         services=aws)
    assert result.output == {"stub": "m"}


def test_queue_url_that_is_no_url_fails_before_any_answer(aws) -> None:
    machine = asl.parse(_task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": "no-such-queue", "MessageBody": "m"}))
    result = machine.run({}, services=aws)
    assert (result.error, result.cause) == (
        "SQS.SdkClientException", "Unable to execute HTTP request: no-such-queue: Name or service not known")


def test_missing_queue_is_named_by_the_services_error(aws) -> None:
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/missing"
    result = asl.parse(_task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": url, "MessageBody": "m"})).run({}, services=aws)
    assert result.error == "SQS.QueueDoesNotExistException"
    sdk = asl.parse(_task("arn:aws:states:::aws-sdk:sqs:sendMessage", {"QueueUrl": url, "MessageBody": "m"})).run(
        {}, services=aws)
    assert sdk.error == "Sqs.QueueDoesNotExistException" and "(Service: Sqs, Status Code: 400" in sdk.cause


def test_retry_matches_the_aws_error_name(aws) -> None:
    retry = [{"ErrorEquals": ["S3.NoSuchBucketException"], "MaxAttempts": 2, "IntervalSeconds": 1}]
    machine = asl.parse(_task("arn:aws:states:::aws-sdk:s3:listObjectsV2", {"Bucket": "none"}, Retry=retry))
    result = machine.run({}, services=aws)
    assert result.error == "S3.NoSuchBucketException"
    assert sum(e["type"] == "TaskScheduled" for e in result.history) == 3


def test_failed_event_entry_fails_the_task(aws) -> None:
    entries = [{"Source": "s", "DetailType": "d", "Detail": {"a": 1}}, {"DetailType": "d", "Detail": {"a": 1}}]
    result = asl.parse(_task("arn:aws:states:::events:putEvents", {"Entries": entries})).run({}, services=aws)
    assert result.error == "EventBridge.FailedEntry"
    cause = json.loads(result.cause)
    assert cause["FailedEntryCount"] == 1 and cause["Entries"][1]["ErrorCode"] == "InvalidArgument"


def test_unsupported_integration_fails_naming_the_resource(aws) -> None:
    result = asl.parse(_task("arn:aws:states:::aws-sdk:s3:noSuchThing", {})).run({}, services=aws)
    assert result.error == "States.Runtime" and "aws-sdk:s3:noSuchThing" in result.cause
    sync = asl.parse(_task("arn:aws:states:::athena:startQueryExecution.sync", {"QueryString": "q"})).run(
        {}, services=aws)
    assert sync.error == "States.Runtime" and "athena:startQueryExecution" in sync.cause


def test_an_activity_is_no_service() -> None:
    machine = asl.parse(_task("arn:aws:states:us-east-1:123456789012:activity:review"))
    with pytest.raises(TaskNotRegistered, match="activity"):
        machine.run({}, services=Services())


class _FakeLambda:
    """Stands for Lambda's API, which moto serves only with Docker."""

    def __init__(self, answer: bytes, error: str | None = None):
        self.answer, self.error, self.calls = answer, error, []

    def invoke(self, **params: Any) -> dict:
        self.calls.append(params)
        response = {"StatusCode": 200, "ExecutedVersion": "$LATEST", "Payload": io.BytesIO(self.answer),
                    "ResponseMetadata": {"RequestId": "rid"}}
        if self.error:
            response["FunctionError"] = self.error
        return response


def _with_lambda(fake: _FakeLambda) -> Services:
    services = Services()
    services._clients["lambda"] = fake
    return services


def test_lambda_invoke_parses_the_payload_and_adds_metadata() -> None:
    fake = _FakeLambda(b'{"ok": true}')
    machine = asl.parse(_task("arn:aws:states:::lambda:invoke", {"FunctionName": "f", "Payload": {"n": 1}}))
    result = machine.run({}, services=_with_lambda(fake))
    assert fake.calls == [{"FunctionName": "f", "Payload": b'{"n":1}'}]
    assert result.output["Payload"] == {"ok": True} and result.output["StatusCode"] == 200
    headers = result.output["SdkHttpMetadata"]["HttpHeaders"]
    assert headers["Content-Length"] == "12" and headers["X-Amz-Executed-Version"] == "$LATEST"


def test_lambda_function_error_is_its_error_type() -> None:
    body = b'{"errorMessage": "boom", "errorType": "ValueError"}'
    arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
    for resource, params in (("arn:aws:states:::lambda:invoke", {"FunctionName": "f"}), (arn, None)):
        result = asl.parse(_task(resource, params)).run({}, services=_with_lambda(_FakeLambda(body, "Unhandled")))
        assert (result.error, result.cause) == ("ValueError", body.decode())


def test_lambda_arn_resource_returns_the_bare_answer() -> None:
    fake = _FakeLambda(b'"hi"')
    result = asl.parse(_task("arn:aws:lambda:us-east-1:123456789012:function:f")).run({"x": 1}, services=_with_lambda(fake))
    assert result.output == "hi" and fake.calls[0]["Payload"] == b'{"x":1}'


def test_glue_job_sync_polls_to_the_end(aws, client) -> None:
    client("glue").create_job(Name="etl", Role="r", Command={"Name": "glueetl", "ScriptLocation": "s3://b/s.py"})
    result = asl.parse(_task("arn:aws:states:::glue:startJobRun.sync", {"JobName": "etl"})).run({}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    assert result.output["JobRunState"] == "SUCCEEDED" and result.output["JobName"] == "etl"
    submitted = next(e for e in result.history if e["type"] == "TaskSubmitted")
    assert "JobRunId" in json.loads(submitted["taskSubmittedEventDetails"]["output"])


def test_polling_gives_up_after_max_polls() -> None:
    from moto import mock_aws

    with mock_aws():
        services = Services(poll=PollPolicy(interval=0, max_polls=1))
        ecs = services.client("ecs")
        cluster = ecs.create_cluster(clusterName="c")["cluster"]["clusterArn"]
        ecs.register_task_definition(family="f", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                     containerDefinitions=[{"name": "w", "image": "i", "memory": 64}])
        ec2 = services.client("ec2")
        network = {"AwsvpcConfiguration": {"Subnets": [ec2.describe_subnets()["Subnets"][0]["SubnetId"]],
                                           "SecurityGroups": [ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]]}}
        params = {"Cluster": cluster, "TaskDefinition": "f", "LaunchType": "FARGATE", "NetworkConfiguration": network}
        result = asl.parse(_task("arn:aws:states:::ecs:runTask.sync", params)).run({}, services=services)
    assert result.error == "States.TaskFailed"
    cause = json.loads(result.cause)
    assert "max_polls" in cause["Message"] and cause["Job"]["LastStatus"] != "STOPPED"


def test_poll_policy_waits_grow_to_the_ceiling() -> None:
    waits = PollPolicy(interval=1, backoff=2, max_interval=5, max_polls=5).waits()
    assert list(waits) == [1, 2, 4, 5, 5]
