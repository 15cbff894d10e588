"""A service's failure as the error name and cause Step Functions reports for it.

Step Functions calls services through the AWS SDK for Java and names the error after the
exception the SDK throws, so Retry and Catch match on those names:

* SDK integrations (SDK v2): ``<Client>.<Exception>``, e.g. ``S3.NoSuchKeyException``,
  ``Sfn.InvalidTokenException``; an error the service model does not declare is the
  client's base exception (``DynamoDb.DynamoDbException``). Cause:
  ``<message> (Service: <Client>, Status Code: <status>, Request ID: <id>)``.
* optimized integrations (SDK v1): ``<Prefix>.<Exception>``, e.g.
  ``SNS.NotFoundException``, ``DynamoDB.AmazonDynamoDBException``. Cause:
  ``<message> (Service: <v1 client>; Status Code: <status>; Error Code: <code>;
  Request ID: <id>; Proxy: null)``.
* the request never reached the service: ``<Prefix>.SdkClientException``,
  ``Unable to execute HTTP request: <reason>``.

Exception names come from the error shapes of botocore's model; the few hand-kept facts
are the v1 prefixes and client names of optimized integrations, which botocore lacks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from asl.services.catalog import Operation, java_client_name, service_model
from asl.tasks import Outcome

# optimized integration -> (error prefix, AWS SDK for Java v1 client name), as Step Functions
# reports them (recorded on AWS: SQS, SNS, DynamoDB, StepFunctions, Lambda, EventBridge)
OPTIMIZED_NAMES: dict[str, tuple[str, str]] = {
    "lambda": ("Lambda", "AWSLambda"),
    "sqs": ("SQS", "AmazonSQS"),
    "sns": ("SNS", "AmazonSNS"),
    "dynamodb": ("DynamoDB", "AmazonDynamoDBv2"),
    "states": ("StepFunctions", "AWSStepFunctions"),
    "events": ("EventBridge", "AmazonEventBridge"),
    "ecs": ("ECS", "AmazonECS"),
    "batch": ("Batch", "AWSBatch"),
    "glue": ("Glue", "AWSGlue"),
    "athena": ("Athena", "AmazonAthena"),
    "codebuild": ("CodeBuild", "AWSCodeBuild"),
    "sagemaker": ("SageMaker", "AmazonSageMaker"),
    "elasticmapreduce": ("EMR", "AmazonElasticMapReduce"),
    "apigateway": ("ApiGateway", "AmazonApiGateway"),
}


@dataclass(frozen=True)
class Failure:
    error: str
    cause: str

    def outcome(self) -> Outcome:
        """The task's failure with this error and cause."""
        return Outcome(False, error=self.error, cause=self.cause)


def _prefixes(operation: Operation, optimized: Optional[str]) -> tuple[str, str]:
    """(error prefix, client name in the cause) for the integration."""
    if optimized is not None:
        known = OPTIMIZED_NAMES.get(optimized)
        if known is not None:
            return known
        client = java_client_name(operation.service_id)
        return client, "Amazon" + client
    client = java_client_name(operation.service_id)
    return client, client


def exception_name(operation: Operation, code: str, query_code: Optional[str], generic: str) -> str:
    """The SDK exception for an error code: the model's error shape of that code (with
    ``Exception`` appended as the Java SDK does), else the client's base exception."""
    try:
        shapes = service_model(operation.service).error_shapes
    except Exception:
        shapes = []
    wanted = {c for c in (code, query_code) if c}
    for shape in shapes:
        declared = (shape.metadata.get("error") or {}).get("code")
        if shape.name in wanted or declared in wanted:
            return shape.name if shape.name.endswith("Exception") else shape.name + "Exception"
    return generic


def client_error(operation: Operation, response: dict[str, Any], optimized: Optional[str]) -> Failure:
    """A ``botocore`` ``ClientError`` response as Step Functions names it."""
    error = response.get("Error") or {}
    meta = response.get("ResponseMetadata") or {}
    code = str(error.get("Code") or "")
    query_code = error.get("QueryErrorCode")
    message = str(error.get("Message") or error.get("message") or code)
    status = meta.get("HTTPStatusCode", 400)
    request_id = meta.get("RequestId") or (meta.get("HTTPHeaders") or {}).get("x-amzn-requestid", "")
    prefix, client = _prefixes(operation, optimized)
    if optimized is not None:
        generic = client[:-2] + "Exception" if client.endswith("v2") else client + "Exception"
        name = exception_name(operation, code, query_code, generic)
        shown_code = query_code or code
        cause = (f"{message} (Service: {client}; Status Code: {status}; Error Code: {shown_code}; "
                 f"Request ID: {request_id}; Proxy: null)")
        return Failure(f"{prefix}.{name}", cause)
    name = exception_name(operation, code, query_code, client + "Exception")
    details = f"Service: {client}, Status Code: {status}, Request ID: {request_id}"
    if operation.service == "s3":  # S3 answers with both ids, always
        details += f", Extended Request ID: {meta.get('HostId') or error.get('HostId') or ''}"
    return Failure(f"{prefix}.{name}", f"{message} ({details})")


def validation_error(operation: Operation, nulls: list[str], optimized: Optional[str]) -> Failure:
    """Required members sent as ``null``: the service's own validation answer."""
    count = len(nulls)
    reasons = "; ".join(
        f"Value null at '{n[:1].lower() + n[1:]}' failed to satisfy constraint: Member must not be null" for n in nulls
    )
    message = f"{count} validation error{'s' if count > 1 else ''} detected: {reasons}"
    response = {
        "Error": {"Code": "ValidationException", "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": 400, "RequestId": ""},
    }
    return client_error(operation, response, optimized)


def client_side(operation: Operation, reason: str, optimized: Optional[str]) -> Failure:
    """The request never got an answer (no route, no credentials, a malformed request)."""
    prefix, _ = _prefixes(operation, optimized)
    return Failure(f"{prefix}.SdkClientException", f"Unable to execute HTTP request: {reason}")
