"""What a Task's ``Resource`` names, and whether AWS would recognise it.

Four families: a Lambda function ARN, an activity ARN, an optimized service integration
``arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`` (only
the actions AWS optimizes, listed below), an SDK integration
``arn:<partition>:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`` (any action:
AWS's list runs to thousands, so only the shape is checked) and the HTTP Task
``arn:<partition>:states:::http:invoke``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
_PARTITION = "(?P<partition>aws|aws-cn|aws-us-gov)"
_LAMBDA = re.compile(
    rf"arn:{_PARTITION}:lambda:(?P<region>[a-z0-9-]+):(?P<account>[^:]+):function:"
    r"(?P<name>[A-Za-z0-9_-]+)(?::(?P<qualifier>[A-Za-z0-9_$-]+))?\Z"
)
_ACTIVITY = re.compile(
    rf"arn:{_PARTITION}:states:(?P<region>[a-z0-9-]+):(?P<account>[^:]+):activity:(?P<name>[^:]+)\Z"
)
_INTEGRATION = re.compile(
    rf"arn:{_PARTITION}:states:::(?P<service>[a-z0-9-]+):(?P<action>[A-Za-z0-9]+)"
    r"(?P<pattern>\.sync(?::2)?|\.waitForTaskToken)?\Z"
)
_SDK = re.compile(
    rf"arn:{_PARTITION}:states:::aws-sdk:(?P<service>[a-z0-9.-]+):(?P<action>[A-Za-z][A-Za-z0-9]*)"
    r"(?P<pattern>\.waitForTaskToken)?\Z"
)

SYNC, SYNC2, CALLBACK = ".sync", ".sync:2", ".waitForTaskToken"
_ALL = frozenset({"", SYNC, CALLBACK})
_REQUEST = frozenset({""})
_REQUEST_CALLBACK = frozenset({"", CALLBACK})

# service -> action -> integration patterns AWS offers for it ("" = request-response)
OPTIMIZED: dict[str, dict[str, frozenset[str]]] = {
    "lambda": {"invoke": _REQUEST_CALLBACK},
    "dynamodb": dict.fromkeys(("getItem", "putItem", "updateItem", "deleteItem"), _REQUEST),
    "sns": {"publish": _REQUEST_CALLBACK},
    "sqs": {"sendMessage": _REQUEST_CALLBACK},
    "events": {"putEvents": _REQUEST_CALLBACK},
    "states": {"startExecution": frozenset({"", SYNC, SYNC2, CALLBACK})},
    "apigateway": {"invoke": _REQUEST_CALLBACK},
    "http": {"invoke": _REQUEST},
    "batch": {"submitJob": _ALL},
    "ecs": {"runTask": _ALL},
    "glue": {"startJobRun": _ALL},
    "databrew": {"startJobRun": frozenset({"", SYNC})},
    "athena": {
        "startQueryExecution": frozenset({"", SYNC}),
        **dict.fromkeys(("stopQueryExecution", "getQueryExecution", "getQueryResults"), _REQUEST),
    },
    "codebuild": {
        **{a: frozenset({"", SYNC}) for a in ("startBuild", "startBuildBatch", "retryBuild", "retryBuildBatch")},
        **dict.fromkeys(("stopBuild", "stopBuildBatch", "batchDeleteBuilds", "batchGetReports", "deleteBuildBatch"), _REQUEST),
    },
    "elasticmapreduce": {
        **{a: frozenset({"", SYNC}) for a in ("createCluster", "terminateCluster", "addStep")},
        **dict.fromkeys(("cancelStep", "setClusterTerminationProtection", "modifyInstanceFleetByName", "modifyInstanceGroupByName"), _REQUEST),
    },
    "emr-containers": {
        "startJobRun": frozenset({"", SYNC}),
        "createVirtualCluster": _REQUEST,
        "deleteVirtualCluster": frozenset({"", SYNC}),
    },
    "emr-serverless": {
        a: frozenset({"", SYNC})
        for a in ("createApplication", "startApplication", "stopApplication", "deleteApplication", "startJobRun", "cancelJobRun")
    },
    "eks": {
        **{a: frozenset({"", SYNC}) for a in ("createCluster", "deleteCluster", "createFargateProfile", "deleteFargateProfile", "createNodegroup", "deleteNodegroup", "runJob")},
        "call": _REQUEST,
    },
    "sagemaker": {
        **{a: frozenset({"", SYNC}) for a in ("createTrainingJob", "createTransformJob", "createHyperParameterTuningJob", "createProcessingJob", "createLabelingJob")},
        **dict.fromkeys(("createEndpoint", "createEndpointConfig", "createModel", "updateEndpoint"), _REQUEST),
    },
    "mediaconvert": {"createJob": frozenset({"", SYNC})},
    "bedrock": {"invokeModel": _REQUEST, "createModelCustomizationJob": frozenset({"", SYNC})},
}

# ItemReader / ResultWriter resources (S3 only)
ITEM_READER_RESOURCES = ("s3:getObject", "s3:listObjectsV2")
RESULT_WRITER_RESOURCES = ("s3:putObject",)


@dataclass(frozen=True)
class Resource:
    kind: str  # "lambda" | "activity" | "integration" | "sdk"
    service: str = ""
    action: str = ""
    pattern: str = ""  # "", ".sync", ".sync:2", ".waitForTaskToken"


def classify(resource: str) -> Resource | None:
    """The family a Task resource belongs to, or None when AWS would not recognise it."""
    if _LAMBDA.match(resource):
        return Resource("lambda")
    if _ACTIVITY.match(resource):
        return Resource("activity")
    sdk = _SDK.match(resource)
    if sdk:
        return Resource("sdk", sdk["service"], sdk["action"], sdk["pattern"] or "")
    integration = _INTEGRATION.match(resource)
    if integration:
        pattern = integration["pattern"] or ""
        actions = OPTIMIZED.get(integration["service"], {})
        if pattern in actions.get(integration["action"], ()):
            return Resource("integration", integration["service"], integration["action"], pattern)
    return None


def is_s3_resource(resource: str, allowed: tuple[str, ...]) -> bool:
    match = re.match(rf"arn:{_PARTITION}:states:::(?P<rest>.+)\Z", resource)
    return match is not None and match["rest"] in allowed
