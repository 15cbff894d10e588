"""Does a mocked task result look like what the service would answer?

AWS's TestState checks a mocked ``result`` against the API shape of the integrated
service (``fieldValidationMode``): ``STRICT`` (the default) checks the type and limits of
every field it knows and that required fields are present, ``PRESENT`` checks only the
fields present, ``NONE`` checks nothing. Fields the API does not know are accepted in
every mode (AWS's own recordings show ``{"random": "json"}`` passing for PutEvents).

The shapes come from botocore's service models, the maintained copy of AWS's API
definitions; botocore is an optional extra (``pip install asl[strict]``). Without it
no shape is known and nothing is checked, which ``shapes_available`` tells.
Step Functions writes response members with a capital first letter (``ExecutionArn``
for the API's ``executionArn``), so members are matched that way.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from asl.core.resources import SERVICE, classify

MODES = ("STRICT", "PRESENT", "NONE")

# Step Functions' name for a service -> botocore's
_SERVICE_NAMES = {"states": "stepfunctions", "sfn": "stepfunctions", "eventbridge": "events"}
# Responses whose blob member carries JSON in Step Functions (the Lambda function's answer)
_JSON_BLOBS = frozenset({("lambda", "Invoke", "Payload")})


class FieldError(ValueError):
    """One field of a mocked result that does not fit the API shape (AWS's wording)."""


def shapes_available() -> bool:
    try:
        import botocore.session  # noqa: F401
    except ImportError:
        return False
    return True


def check_mock_result(resource: str, result: Any, mode: str = "STRICT") -> None:
    """Raise ``FieldError`` with AWS's message if ``result`` does not fit the service's
    response shape for ``resource`` under ``mode``; return quietly when it fits or when
    no shape is known (callbacks, ``.sync`` polling answers, unknown services)."""
    if mode == "NONE":
        return
    shape = output_shape(resource)
    if shape is None:
        return
    service = shape[0]
    _check(result, shape[2], (service, shape[1]), strict=mode == "STRICT", name=None)


def output_shape(resource: str) -> Optional[tuple[str, str, Any]]:
    """(botocore service, operation, output shape) of a service-integration resource."""
    info = classify(resource)
    if info.family != SERVICE or info.pattern != "request":
        return None
    service = _SERVICE_NAMES.get(info.service, info.service)
    operation = info.action[:1].upper() + info.action[1:]
    return _load(service, operation)


@lru_cache(maxsize=256)
def _load(service: str, operation: str) -> Optional[tuple[str, str, Any]]:
    if not shapes_available():
        return None
    from botocore.exceptions import DataNotFoundError
    from botocore.model import OperationNotFoundError

    try:
        model = _session().get_service_model(service).operation_model(operation)
    except (DataNotFoundError, OperationNotFoundError):
        return None
    if model.output_shape is None:
        return None
    return service, operation, model.output_shape


@lru_cache(maxsize=1)
def _session() -> Any:
    import botocore.session

    return botocore.session.get_session()


def _member_name(name: str) -> str:
    return name[:1].upper() + name[1:]


def _check(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: Optional[str]) -> None:
    kind = shape.type_name
    checker = _CHECKERS.get(kind)
    if checker is not None:
        checker(value, shape, where, strict, name or shape.name)


def _structure(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: str) -> None:
    if not isinstance(value, dict):
        raise FieldError(f"Field '{name}' must be an object")
    members = {_member_name(k): m for k, m in shape.members.items()}
    if strict:
        for required in shape.required_members:
            if _member_name(required) not in value:
                raise FieldError(f"Required field '{_member_name(required)}' is missing")
    for key, item in value.items():
        member = members.get(key)
        if member is None:
            continue
        if (where[0], where[1], key) in _JSON_BLOBS:
            continue
        _check(item, member, where, strict, key)


def _list(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: str) -> None:
    if not isinstance(value, list):
        raise FieldError(f"Field '{name}' must be an array")
    _limits(len(value), shape, name, "size")
    for item in value:
        _check(item, shape.member, where, strict, _inner_name(shape.member, name))


def _map(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: str) -> None:
    if not isinstance(value, dict):
        raise FieldError(f"Field '{name}' must be an object")
    for item in value.values():
        _check(item, shape.value, where, strict, _inner_name(shape.value, name))


def _inner_name(shape: Any, outer: str) -> str:
    """Items of a list/map are named by the field holding them unless they are objects."""
    return outer if shape.type_name != "structure" else shape.name


def _string(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: str) -> None:
    if not isinstance(value, str):
        raise FieldError(f"Field '{name}' must be a string")
    enum = shape.metadata.get("enum") if shape.type_name == "string" else None
    if enum and value not in enum:
        raise FieldError(f"Field '{name}' is not an expected value")
    _limits(len(value), shape, name, "length")


def _number(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(f"Field '{name}' must be a number")
    _limits(value, shape, name, "value")


def _boolean(value: Any, shape: Any, where: tuple[str, str], strict: bool, name: str) -> None:
    if not isinstance(value, bool):
        raise FieldError(f"Field '{name}' must be a boolean")


def _limits(measure: float, shape: Any, name: str, what: str) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if what == "value":
        if low is not None and measure < low:
            raise FieldError(f"Field '{name}' is less than the minimum value")
        if high is not None and measure > high:
            raise FieldError(f"Field '{name}' exceeds the maximum value")
        return
    if low is not None and measure < low:
        raise FieldError(f"Field '{name}' is smaller than the minimum {what}")
    if high is not None and measure > high:
        raise FieldError(f"Field '{name}' is larger than the maximum {what}")


_CHECKERS = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "blob": _string,
    "timestamp": _string,
    "integer": _number,
    "long": _number,
    "float": _number,
    "double": _number,
    "boolean": _boolean,
}
