"""What each operation accepts, checked the way boto3 and AWS check it.

Two layers, as with AWS: the client (botocore) rejects a malformed request before
sending it (a missing or unknown parameter, a wrong type, a string shorter than its
minimum) with ``ParamValidationError``; the service then checks maximum lengths, value
ranges and enumerations (``ValidationException``), names (``InvalidName``), ARNs
(``InvalidArn``) and JSON payloads. The parameter table mirrors the Step Functions
service model (names, types, bounds), so a call that boto3 accepts is accepted here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Optional

from asl.engine.errors import Fault, ParamValidationError

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "structure": (dict,),
    "list": (list, tuple),
}


@dataclass(frozen=True)
class Param:
    kind: str
    required: bool = False
    min: Optional[int] = None
    max: Optional[int] = None
    enum: tuple[str, ...] = ()


PAYLOAD_LIMIT = 262144
_ARN = Param("string", True, 1, 256)
_OPTIONAL_ARN = Param("string", False, 1, 256)
_NAME = Param("string", False, 1, 80)
_DATA = Param("string", False, None, PAYLOAD_LIMIT)
_ERROR = Param("string", False, 0, 256)
_CAUSE = Param("string", False, 0, 32768)
_TOKEN = Param("string", True, 1, 2048)
_PAGE = Param("integer", False, 0, 1000)
_PAGE_TOKEN = Param("string", False, 1, 1024)
_INCLUDED = Param("string", enum=("ALL_DATA", "METADATA_ONLY"))
_STATUS = ("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")
_CONFIG = {
    "loggingConfiguration": Param("structure"),
    "tracingConfiguration": Param("structure"),
    "publish": Param("boolean"),
    "versionDescription": Param("string", max=256),
    "encryptionConfiguration": Param("structure"),
}

# operation (boto3 method name) -> (AWS operation name, parameters)
OPERATIONS: dict[str, tuple[str, dict[str, Param]]] = {
    "create_state_machine": ("CreateStateMachine", {
        "name": Param("string", True, 1, 80),
        "definition": Param("string", True, 1, 1048576),
        "roleArn": _ARN,
        "type": Param("string", enum=("STANDARD", "EXPRESS")),
        "loggingConfiguration": _CONFIG["loggingConfiguration"],
        "tags": Param("list"),
        **_CONFIG,
    }),
    "update_state_machine": ("UpdateStateMachine", {
        "stateMachineArn": _ARN,
        "definition": Param("string", False, 1, 1048576),
        "roleArn": _OPTIONAL_ARN,
        **_CONFIG,
    }),
    "describe_state_machine": ("DescribeStateMachine", {"stateMachineArn": _ARN, "includedData": _INCLUDED}),
    "list_state_machines": ("ListStateMachines", {"maxResults": _PAGE, "nextToken": _PAGE_TOKEN}),
    "delete_state_machine": ("DeleteStateMachine", {"stateMachineArn": _ARN}),
    "start_execution": ("StartExecution", {
        "stateMachineArn": _ARN, "name": _NAME, "input": _DATA, "traceHeader": Param("string", min=0, max=256),
    }),
    "start_sync_execution": ("StartSyncExecution", {
        "stateMachineArn": _ARN, "name": _NAME, "input": _DATA, "traceHeader": Param("string", min=0, max=256),
        "includedData": _INCLUDED,
    }),
    "describe_execution": ("DescribeExecution", {"executionArn": _ARN, "includedData": _INCLUDED}),
    "describe_state_machine_for_execution": ("DescribeStateMachineForExecution", {
        "executionArn": _ARN, "includedData": _INCLUDED,
    }),
    "get_execution_history": ("GetExecutionHistory", {
        "executionArn": _ARN, "maxResults": _PAGE, "reverseOrder": Param("boolean"), "nextToken": _PAGE_TOKEN,
        "includeExecutionData": Param("boolean"),
    }),
    "list_executions": ("ListExecutions", {
        "stateMachineArn": _OPTIONAL_ARN, "statusFilter": Param("string", enum=_STATUS), "maxResults": _PAGE,
        "nextToken": Param("string", False, 1, 3096), "mapRunArn": Param("string", False, 1, 2000),
        "redriveFilter": Param("string", enum=("REDRIVEN", "NOT_REDRIVEN")),
    }),
    "stop_execution": ("StopExecution", {"executionArn": _ARN, "error": _ERROR, "cause": _CAUSE}),
    "redrive_execution": ("RedriveExecution", {"executionArn": _ARN, "clientToken": Param("string", False, 1, 64)}),
    "send_task_success": ("SendTaskSuccess", {"taskToken": _TOKEN, "output": Param("string", True, None, PAYLOAD_LIMIT)}),
    "send_task_failure": ("SendTaskFailure", {"taskToken": _TOKEN, "error": _ERROR, "cause": _CAUSE}),
    "send_task_heartbeat": ("SendTaskHeartbeat", {"taskToken": _TOKEN}),
}


def aws_name(operation: str) -> str:
    return OPERATIONS[operation][0]


# ----------------------------------------------------------------------------- client side
def check_request(operation: str, kwargs: dict[str, Any]) -> None:
    """botocore's checks: raise ``ParamValidationError`` listing every problem."""
    params = OPERATIONS[operation][1]
    report: list[str] = []
    for name, param in params.items():
        if param.required and name not in kwargs:
            report.append(f'Missing required parameter in input: "{name}"')
    for name, value in kwargs.items():
        known = params.get(name)
        if known is None:
            report.append(f'Unknown parameter in input: "{name}", must be one of: {", ".join(params)}')
        else:
            report.extend(_client_value_problems(name, value, known))
    if report:
        raise ParamValidationError("\n".join(report))


def _client_value_problems(name: str, value: Any, param: Param) -> list[str]:
    types = _TYPES[param.kind]
    if not isinstance(value, types) or (param.kind == "integer" and isinstance(value, bool)):
        valid = ", ".join(str(t) for t in types)
        return [f"Invalid type for parameter {name}, value: {value!r}, type: {type(value)}, valid types: {valid}"]
    return _client_bound_problems(name, value, param)


def _client_bound_problems(name: str, value: Any, param: Param) -> list[str]:
    if param.min is None:
        return []
    if param.kind == "string" and len(value) < param.min:
        return [f"Invalid length for parameter {name}, value: {len(value)}, valid min length: {param.min}"]
    if param.kind == "integer" and value < param.min:
        return [f"Invalid value for parameter {name}, value: {value}, valid min value: {param.min}"]
    return []


# ----------------------------------------------------------------------------- service side
def check_constraints(operation: str, kwargs: dict[str, Any]) -> None:
    """The service's model constraints: ``ValidationException`` listing every violation."""
    params = OPERATIONS[operation][1]
    problems = [p for name, value in kwargs.items() for p in _service_value_problems(name, value, params[name])]
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise Fault("ValidationException", f"{count} validation {noun} detected: " + "; ".join(problems))


def _service_value_problems(name: str, value: Any, param: Param) -> list[str]:
    shown = _shown(value)
    if param.enum and value not in param.enum:
        allowed = ", ".join(param.enum)
        return [f"Value {shown} at '{name}' failed to satisfy constraint: Member must satisfy enum value set: [{allowed}]"]
    if param.max is None:
        return []
    if param.kind == "string" and len(value) > param.max:
        return [f"Value {shown} at '{name}' failed to satisfy constraint: "
                f"Member must have length less than or equal to {param.max}"]
    if param.kind == "integer" and value > param.max:
        return [f"Value '{value}' at '{name}' failed to satisfy constraint: "
                f"Member must have value less than or equal to {param.max}"]
    return []


def _shown(value: Any) -> str:
    text = str(value)
    return f"'{text}'" if len(text) <= 256 else "(too long to show)"


# Names of state machines and executions: 1-80 characters, none of these.
_FORBIDDEN_NAME = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]")


def check_name(name: str) -> None:
    if _FORBIDDEN_NAME.search(name) or not _is_unicode(name):
        raise Fault("InvalidName", f"Invalid Name: '{name}'")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def parse_json_text(text: str, code: str, what: str) -> Any:
    """``text`` as a JSON value, or ``Fault(code)`` in AWS's wording for ``what``."""
    from asl.core.history import to_json_text
    from asl.core.jsonvalue import to_json_value

    try:
        value = to_json_value(json.loads(text))
        to_json_text(value).encode("utf-8")  # a lone surrogate (``"\\ud800"``) is not Unicode text
    except (ValueError, TypeError, RecursionError) as exc:
        raise Fault(code, f"{what}: '{exc}'") from None
    return value


# ----------------------------------------------------------------------------- ARNs
@dataclass(frozen=True)
class Arn:
    partition: str
    region: str
    account: str
    kind: str  # stateMachine, execution, express
    parts: tuple[str, ...]  # what follows the kind, split on ':'


def parse_arn(arn: str, *kinds: str) -> Arn:
    """A Step Functions ARN of one of ``kinds``, or ``Fault("InvalidArn")``."""
    fields = arn.split(":")
    if len(fields) < 7 or fields[0] != "arn" or fields[2] != "states":
        raise Fault("InvalidArn", f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    parsed = Arn(fields[1], fields[3], fields[4], fields[5], tuple(fields[6:]))
    expected = {"stateMachine": 1, "execution": 2, "express": 3}
    if parsed.kind not in kinds or len(parsed.parts) != expected.get(parsed.kind, -1) or not all(parsed.parts):
        raise Fault("InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {parsed.kind}'")
    return parsed


_ROLE_ARN = re.compile(r"^arn:[a-z-]+:iam::\d{12}:role/.+$")


def check_role_arn(arn: str) -> None:
    if not _ROLE_ARN.match(arn):
        raise Fault("InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {arn}'")
