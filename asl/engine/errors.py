"""The engine's API errors, shaped like boto3's so that code written against AWS ports as is.

Every error an operation can return is raised as an exception whose class name is the
AWS error code (``ExecutionDoesNotExist``...), whose ``response["Error"]["Code"]`` and
``["Message"]`` hold the code and AWS's message, and whose text reads like botocore's
(``An error occurred (Code) when calling the Op operation: Message``). The classes are
also reachable as ``engine.exceptions.<Code>``, like ``client.exceptions``. When
botocore is installed, they subclass ``botocore.exceptions.ClientError`` (and
``ParamValidationError`` botocore's), so ``except ClientError`` handlers keep working.

Inside the engine an operation raises ``Fault(code, message)``; the client facade,
which knows the operation's name, turns it into the exception above.
"""
from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

try:  # optional: only to let ``except botocore.exceptions.ClientError`` catch ours
    from botocore import exceptions as _botocore
except ImportError:  # pragma: no cover - depends on the environment
    _botocore = None  # type: ignore[assignment]


class Fault(Exception):
    """An operation's AWS error, before the facade names the operation."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class _ClientErrorBase(Exception):
    """botocore's ``ClientError`` contract: ``response`` and ``operation_name``."""

    MSG_TEMPLATE = "An error occurred ({error_code}) when calling the {operation_name} operation: {error_message}"

    def __init__(self, error_response: dict[str, Any], operation_name: str):
        error = error_response.get("Error", {})
        super().__init__(self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"), operation_name=operation_name,
            error_message=error.get("Message", ""), retry_info=""))
        self.response = error_response
        self.operation_name = operation_name


ClientError: type = _botocore.ClientError if _botocore is not None else _ClientErrorBase


class _ParamValidationErrorBase(ValueError):
    """botocore's ``ParamValidationError``: the request is malformed before it is sent."""

    def __init__(self, report: str):
        super().__init__(f"Parameter validation failed:\n{report}")
        self.kwargs = {"report": report}


if _botocore is not None:
    class ParamValidationError(_botocore.ParamValidationError):  # type: ignore[misc,valid-type]
        def __init__(self, report: str):
            super().__init__(report=report)
else:  # pragma: no cover - depends on the environment
    ParamValidationError = _ParamValidationErrorBase  # type: ignore[misc,assignment]


class NondeterminismError(Exception):
    """Replaying an execution's log did not regenerate its stored history.

    Raised (and reported by ``Engine.recover``) when the definition, the stored data or
    the interpreter changed under a running execution; ``difference`` names the first
    event that differs. The execution is left as it was, not resumed.
    """

    def __init__(self, execution_arn: str, difference: str):
        super().__init__(f"{execution_arn}: {difference}")
        self.execution_arn = execution_arn
        self.difference = difference


def _error_class(code: str) -> type:
    return type(code, (ClientError,), {"__module__": __name__, "__doc__": f"AWS error ``{code}``."})


ConflictException = _error_class("ConflictException")
ExecutionAlreadyExists = _error_class("ExecutionAlreadyExists")
ExecutionDoesNotExist = _error_class("ExecutionDoesNotExist")
ExecutionLimitExceeded = _error_class("ExecutionLimitExceeded")
ExecutionNotRedrivable = _error_class("ExecutionNotRedrivable")
InvalidArn = _error_class("InvalidArn")
InvalidDefinition = _error_class("InvalidDefinition")
InvalidExecutionInput = _error_class("InvalidExecutionInput")
InvalidLoggingConfiguration = _error_class("InvalidLoggingConfiguration")
InvalidName = _error_class("InvalidName")
InvalidOutput = _error_class("InvalidOutput")
InvalidToken = _error_class("InvalidToken")
InvalidTracingConfiguration = _error_class("InvalidTracingConfiguration")
MissingRequiredParameter = _error_class("MissingRequiredParameter")
ResourceNotFound = _error_class("ResourceNotFound")
ServiceQuotaExceededException = _error_class("ServiceQuotaExceededException")
StateMachineAlreadyExists = _error_class("StateMachineAlreadyExists")
StateMachineDeleting = _error_class("StateMachineDeleting")
StateMachineDoesNotExist = _error_class("StateMachineDoesNotExist")
StateMachineLimitExceeded = _error_class("StateMachineLimitExceeded")
StateMachineTypeNotSupported = _error_class("StateMachineTypeNotSupported")
TaskDoesNotExist = _error_class("TaskDoesNotExist")
TaskTimedOut = _error_class("TaskTimedOut")
TooManyTags = _error_class("TooManyTags")
ValidationException = _error_class("ValidationException")

ERROR_CLASSES: dict[str, type] = {
    name: value for name, value in dict(globals()).items()
    if isinstance(value, type) and issubclass(value, ClientError) and value.__module__ == __name__
}

# ``engine.exceptions``: the same namespace boto3 clients expose as ``client.exceptions``.
exceptions = SimpleNamespace(ClientError=ClientError, **ERROR_CLASSES)


def response_metadata(status: int) -> dict[str, Any]:
    """The ``ResponseMetadata`` boto3 puts in every answer and error, under a new request id."""
    request_id = str(uuid.uuid4())
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {"x-amzn-requestid": request_id, "content-type": "application/x-amz-json-1.0"},
        "RetryAttempts": 0,
    }


def client_error(fault: Fault, operation_name: str) -> Exception:
    """The boto3-shaped exception for ``fault`` raised by ``operation_name``."""
    response = {
        "Error": {"Code": fault.code, "Message": fault.message},
        "message": fault.message,
        "ResponseMetadata": response_metadata(400),
    }
    cls = ERROR_CLASSES.get(fault.code, ClientError)
    return cls(response, operation_name)
