"""How a Resource is classified and shown in events."""
from __future__ import annotations

import pytest

from asl.core.resources import ACTIVITY, CALLBACK, LAMBDA, REQUEST, SERVICE, SYNC, classify


@pytest.mark.parametrize("resource, family, resource_type, shown, pattern", [
    ("arn:aws:states:::lambda:invoke", SERVICE, "lambda", "invoke", REQUEST),
    ("arn:aws:states:::lambda:invoke.waitForTaskToken", SERVICE, "lambda", "invoke.waitForTaskToken", CALLBACK),
    ("arn:aws:states:::states:startExecution.sync:2", SERVICE, "states", "startExecution.sync:2", SYNC),
    ("arn:aws:states:::aws-sdk:s3:listObjectsV2", SERVICE, "aws-sdk:s3", "listObjectsV2", REQUEST),
    ("arn:aws-cn:states:::sqs:sendMessage", SERVICE, "sqs", "sendMessage", REQUEST),
    ("arn:aws:lambda:eu-west-1:123456789012:function:f:PROD", LAMBDA, "lambda",
     "arn:aws:lambda:eu-west-1:123456789012:function:f:PROD", REQUEST),
    ("arn:aws:states:eu-west-1:123456789012:activity:review", ACTIVITY, "activity",
     "arn:aws:states:eu-west-1:123456789012:activity:review", CALLBACK),
])
def test_classify(resource, family, resource_type, shown, pattern):
    info = classify(resource)
    assert (info.family, info.resource_type, info.resource, info.pattern) == (family, resource_type, shown, pattern)


def test_lambda_function_name_and_sdk_flag():
    assert classify("arn:aws:lambda:us-east-1:123456789012:function:my-fn:3").action == "my-fn"
    assert classify("arn:aws:states:::aws-sdk:dynamodb:getItem").sdk is True
