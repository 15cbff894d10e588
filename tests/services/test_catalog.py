"""Resources resolve to boto3 methods from botocore's models, in Step Functions' names."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from asl.services import UnsupportedIntegration, resolve, supported
from asl.services.catalog import java_client_name, java_package_name


@pytest.mark.parametrize("resource, service, method", [
    ("arn:aws:states:::sqs:sendMessage", "sqs", "send_message"),
    ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "sqs", "send_message"),
    ("arn:aws:states:::dynamodb:updateItem", "dynamodb", "update_item"),
    ("arn:aws:states:::states:startExecution.sync:2", "stepfunctions", "start_execution"),
    ("arn:aws:states:::events:putEvents", "events", "put_events"),
    ("arn:aws:states:::ecs:runTask.sync", "ecs", "run_task"),
    ("arn:aws:states:::elasticmapreduce:addStep", "emr", "add_job_flow_steps"),
    ("arn:aws:states:::bedrock:invokeModel", "bedrock-runtime", "invoke_model"),
    ("arn:aws:states:::aws-sdk:sfn:startExecution", "stepfunctions", "start_execution"),
    ("arn:aws:states:::aws-sdk:eventbridge:putEvents", "events", "put_events"),
    ("arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents", "logs", "put_log_events"),
    ("arn:aws:states:::aws-sdk:s3:listObjectsV2", "s3", "list_objects_v2"),
    ("arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser", "cognito-idp", "admin_get_user"),
    ("arn:aws:states:::aws-sdk:rdsdata:executeStatement", "rds-data", "execute_statement"),
    ("arn:aws:states:::aws-sdk:firehose:putRecord.waitForTaskToken", "firehose", "put_record"),
])
def test_resolution_from_botocore(resource: str, service: str, method: str) -> None:
    operation = resolve(resource)
    assert (operation.service, operation.method) == (service, method)


@pytest.mark.parametrize("resource, why", [
    ("arn:aws:states:::aws-sdk:s3:noSuchAction", "has no operation 'noSuchAction'"),
    ("arn:aws:states:::aws-sdk:nosuchservice:listThings", "'nosuchservice' is not an AWS SDK service"),
    ("arn:aws:states:::aws-sdk:stepfunctions:startExecution", "'stepfunctions' is not an AWS SDK service"),
    ("arn:aws:states:::apigateway:invoke", "is an HTTP call"),
    ("arn:aws:lambda:us-east-1:123456789012:function:f", "not a service integration"),
])
def test_unsupported_resources_are_named(resource: str, why: str) -> None:
    with pytest.raises(UnsupportedIntegration, match=why) as caught:
        resolve(resource)
    assert resource.split(":::")[-1].split(".")[0] in str(caught.value) or "function" in str(caught.value)


@pytest.mark.parametrize("resource, expected", [
    ("arn:aws:states:::dynamodb:putItem", True),
    ("arn:aws:states:::dynamodb:query", False),  # not optimized: aws-sdk:dynamodb:query is
    ("arn:aws:states:::aws-sdk:dynamodb:query", True),
    ("arn:aws:states:::sqs:sendMessage.sync", False),
    ("arn:aws:states:::apigateway:invoke", True),
    ("arn:aws:states:::eks:call", False),
    ("arn:aws:states:::aws-sdk:s3:noSuchAction", False),
    ("arn:aws:lambda:us-east-1:123456789012:function:f", False),
])
def test_supported(resource: str, expected: bool) -> None:
    assert supported(resource) is expected


@pytest.mark.parametrize("service_id, client, package", [
    ("SFN", "Sfn", "sfn"), ("DynamoDB", "DynamoDb", "dynamodb"), ("S3", "S3", "s3"),
    ("Secrets Manager", "SecretsManager", "secretsmanager"), ("CloudWatch Logs", "CloudWatchLogs", "cloudwatchlogs"),
    ("EC2", "Ec2", "ec2"), ("ApiGatewayV2", "ApiGatewayV2", "apigatewayv2"), ("EventBridge", "EventBridge", "eventbridge"),
])
def test_java_sdk_names(service_id: str, client: str, package: str) -> None:
    assert java_client_name(service_id) == client
    assert java_package_name(service_id) == package


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_supported_never_raises(text: str) -> None:
    assert supported(text) in (True, False)
    assert supported("arn:aws:states:::aws-sdk:" + text) in (True, False)
