"""Task resources AWS recognises, in every partition, and the ones it does not."""
from __future__ import annotations

import pytest

from asl.validation.resources import PARTITIONS, classify, is_s3_resource


@pytest.mark.parametrize("partition", PARTITIONS)
@pytest.mark.parametrize("template, kind, pattern", [
    ("arn:{p}:lambda:us-east-1:123456789012:function:my-fn", "lambda", ""),
    ("arn:{p}:lambda:us-east-1:123456789012:function:my-fn:prod", "lambda", ""),
    ("arn:{p}:states:us-east-1:123456789012:activity:worker", "activity", ""),
    ("arn:{p}:states:::lambda:invoke", "integration", ""),
    ("arn:{p}:states:::lambda:invoke.waitForTaskToken", "integration", ".waitForTaskToken"),
    ("arn:{p}:states:::states:startExecution.sync:2", "integration", ".sync:2"),
    ("arn:{p}:states:::ecs:runTask.sync", "integration", ".sync"),
    ("arn:{p}:states:::dynamodb:updateItem", "integration", ""),
    ("arn:{p}:states:::http:invoke", "integration", ""),
    ("arn:{p}:states:::aws-sdk:s3:listObjectsV2", "sdk", ""),
    ("arn:{p}:states:::aws-sdk:sfn:sendTaskSuccess.waitForTaskToken", "sdk", ".waitForTaskToken"),
])
def test_recognised(partition: str, template: str, kind: str, pattern: str) -> None:
    found = classify(template.format(p=partition))
    assert found is not None and (found.kind, found.pattern) == (kind, pattern)


@pytest.mark.parametrize("resource", [
    "arn:aws:states:::dynamodb:query",  # recorded: not an optimized integration
    "arn:aws:states:::dynamodb:getItem.sync",
    "arn:aws:states:::sns:publish.sync",
    "arn:aws:states:::aws-sdk:s3:getObject.sync",
    "arn:aws:states:::nosuchservice:doIt",
    "arn:aws:lambda:us-east-1:123456789012:function:",
    "arn:aws:iam::123456789012:role/r",
    "arn:partition:lambda:us-east-1:1:function:f",
    "function-name",
    "",
])
def test_not_recognised(resource: str) -> None:
    assert classify(resource) is None


def test_item_reader_and_writer_resources() -> None:
    assert is_s3_resource("arn:aws-cn:states:::s3:getObject", ("s3:getObject",))
    assert not is_s3_resource("arn:aws:states:::s3:getObject.sync", ("s3:getObject",))
