"""Service failures named as Step Functions names them (recorded on AWS)."""
from __future__ import annotations

from asl.services.catalog import resolve
from asl.services.errors import client_error, client_side, validation_error


def _response(code: str, message: str, status: int = 400, **extra) -> dict:
    return {"Error": {"Code": code, "Message": message, **extra},
            "ResponseMetadata": {"HTTPStatusCode": status, "RequestId": "rid"}}


def test_sdk_integration_modeled_error() -> None:
    failure = client_error(resolve("arn:aws:states:::aws-sdk:s3:getObject"),
                           _response("NoSuchKey", "The specified key does not exist.", 404), None)
    assert failure.error == "S3.NoSuchKeyException"
    assert failure.cause == ("The specified key does not exist. (Service: S3, Status Code: 404, "
                             "Request ID: rid, Extended Request ID: )")


def test_sdk_integration_unmodeled_error_is_the_client_exception() -> None:
    failure = client_error(resolve("arn:aws:states:::aws-sdk:dynamodb:putItem"),
                           _response("ValidationException", "bad"), None)
    assert failure.error == "DynamoDb.DynamoDbException"
    assert failure.cause == "bad (Service: DynamoDb, Status Code: 400, Request ID: rid)"
    sfn = client_error(resolve("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess"), _response("InvalidToken", "x"), None)
    assert sfn.error == "Sfn.InvalidTokenException"


def test_optimized_integration_errors_in_sdk_v1_words() -> None:
    sns = client_error(resolve("arn:aws:states:::sns:publish"), _response("NotFound", "Topic does not exist", 404), "sns")
    assert sns.error == "SNS.NotFoundException"
    assert sns.cause == ("Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; "
                         "Request ID: rid; Proxy: null)")
    states = client_error(resolve("arn:aws:states:::states:startExecution"),
                          _response("StateMachineDoesNotExist", "State Machine Does Not Exist: 'a'"), "states")
    assert states.error == "StepFunctions.StateMachineDoesNotExistException"
    sqs = client_error(resolve("arn:aws:states:::sqs:sendMessage"),
                       _response("AWS.SimpleQueueService.NonExistentQueue", "gone", QueryErrorCode="QueueDoesNotExist"), "sqs")
    assert sqs.error == "SQS.QueueDoesNotExistException" and "Error Code: QueueDoesNotExist;" in sqs.cause
    other = client_error(resolve("arn:aws:states:::sqs:sendMessage"), _response("Throttling", "slow"), "sqs")
    assert other.error == "SQS.AmazonSQSException"


def test_null_required_member_is_the_services_validation_error() -> None:
    failure = validation_error(resolve("arn:aws:states:::dynamodb:putItem"), ["Item"], "dynamodb")
    assert failure.error == "DynamoDB.AmazonDynamoDBException"
    assert failure.cause.startswith("1 validation error detected: Value null at 'item' failed to satisfy constraint: "
                                    "Member must not be null (Service: AmazonDynamoDBv2; Status Code: 400; "
                                    "Error Code: ValidationException;")
    two = validation_error(resolve("arn:aws:states:::aws-sdk:s3:getObject"), ["Bucket", "Key"], None)
    assert two.cause.startswith("2 validation errors detected: Value null at 'bucket'")


def test_no_answer_is_an_sdk_client_exception() -> None:
    failure = client_side(resolve("arn:aws:states:::sqs:sendMessage"), "q: Name or service not known", "sqs")
    assert failure.error == "SQS.SdkClientException"
    assert failure.cause == "Unable to execute HTTP request: q: Name or service not known"
