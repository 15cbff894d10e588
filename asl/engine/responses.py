"""Responses in the shapes boto3 returns: keys, types (``datetime`` dates), pagination.

Kept apart from the operations so that the shape of each answer can be read (and
checked against botocore's service model) in one place.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import datetime
from typing import Any, Optional

from asl.core.history import materialize, new_event, timestamp
from asl.engine.errors import Fault, response_metadata
from asl.store.base import ExecutionRecord, MachineRecord, StoredEvent

DEFAULT_PAGE = 100
REDRIVE_WINDOW = 14 * 24 * 3600  # AWS redrives executions that ended in the last 14 days


def date(ts: float) -> datetime:
    return timestamp(ts)


def with_metadata(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` plus the ``ResponseMetadata`` boto3 adds to every answer."""
    body["ResponseMetadata"] = response_metadata(200)
    return body


# ----------------------------------------------------------------------------- state machines
def machine_description(machine: MachineRecord, variable_references: Optional[dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "stateMachineArn": machine.arn,
        "name": machine.name,
        "status": "ACTIVE",
        "definition": machine.definition,
        "roleArn": machine.role_arn,
        "type": machine.machine_type,
        "creationDate": date(machine.created),
        "loggingConfiguration": _logging(machine.logging),
        "tracingConfiguration": _tracing(machine.tracing),
        "revisionId": machine.revision_id,
    }
    if variable_references:
        body["variableReferences"] = variable_references
    return body


def _logging(text: str) -> dict[str, Any]:
    given = json.loads(text) if text else {}
    return {"level": "OFF", "includeExecutionData": False, **given}


def _tracing(text: str) -> dict[str, Any]:
    given = json.loads(text) if text else {}
    return {"enabled": False, **given}


def machine_item(machine: MachineRecord) -> dict[str, Any]:
    return {
        "stateMachineArn": machine.arn,
        "name": machine.name,
        "type": machine.machine_type,
        "creationDate": date(machine.created),
    }


# ----------------------------------------------------------------------------- executions
def execution_item(record: ExecutionRecord) -> dict[str, Any]:
    item: dict[str, Any] = {
        "executionArn": record.arn,
        "stateMachineArn": record.machine_arn,
        "name": record.name,
        "status": record.status,
        "startDate": date(record.start),
    }
    if record.stop is not None:
        item["stopDate"] = date(record.stop)
    item["redriveCount"] = record.redrive_count
    if record.redrive_date is not None:
        item["redriveDate"] = date(record.redrive_date)
    return item


def execution_description(record: ExecutionRecord, redrive: tuple[str, Optional[str]],
                          include_data: bool = True) -> dict[str, Any]:
    """DescribeExecution's answer; ``redrive`` is ``(redriveStatus, redriveStatusReason)``."""
    body = execution_item(record)
    if include_data:
        body["input"] = record.input
    body["inputDetails"] = {"included": include_data}
    if record.status == "SUCCEEDED":
        if include_data:
            body["output"] = record.output
        body["outputDetails"] = {"included": include_data}
    if record.error is not None:
        body["error"] = record.error
    if record.cause is not None:
        body["cause"] = record.cause
    if record.trace_header is not None:
        body["traceHeader"] = record.trace_header
    body["redriveStatus"], reason = redrive
    if reason is not None:
        body["redriveStatusReason"] = reason
    return body


def redrive_status(record: ExecutionRecord, now: float, history_full: bool) -> tuple[str, Optional[str]]:
    """Whether RedriveExecution would accept this execution, and AWS's reason if not."""
    if record.status in ("RUNNING", "SUCCEEDED"):
        return "NOT_REDRIVABLE", f"Execution is {record.status} and cannot be redriven"
    if history_full:
        return "NOT_REDRIVABLE", "Execution history event limit exceeded"
    if record.stop is not None and now - record.stop > REDRIVE_WINDOW:
        return "NOT_REDRIVABLE", "Execution redrivable period exceeded"
    return "REDRIVABLE", None


def sync_execution_result(
    arn: str, machine_arn: str, name: str, start: float, stop: float, status: str, input_text: str,
    output: Optional[str], error: Optional[str], cause: Optional[str], trace_header: Optional[str],
) -> dict[str, Any]:
    """StartSyncExecution's answer (also what ``wait`` returns for an Express execution)."""
    body: dict[str, Any] = {
        "executionArn": arn,
        "stateMachineArn": machine_arn,
        "name": name,
        "startDate": date(start),
        "stopDate": date(stop),
        "status": status,
    }
    if error is not None:
        body["error"] = error
    if cause is not None:
        body["cause"] = cause
    body["input"] = input_text
    body["inputDetails"] = {"included": True}
    if output is not None:
        body["output"] = output
        body["outputDetails"] = {"included": True}
    if trace_header is not None:
        body["traceHeader"] = trace_header
    billed_ms = max(100, math.ceil((stop - start) * 10) * 100)  # AWS bills Express by 100 ms
    body["billingDetails"] = {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": billed_ms}
    return body


# ----------------------------------------------------------------------------- history
_DATA_FIELDS = ("input", "inputDetails", "output", "outputDetails")  # ``parameters`` is required


def history_event(stored: StoredEvent, include_data: bool) -> dict[str, Any]:
    details = json.loads(stored.details) if stored.details is not None else None
    event = materialize(new_event(stored.id, stored.prev, stored.ts, stored.type, details))
    if not include_data:
        for key, value in event.items():
            if key.endswith("EventDetails") and isinstance(value, dict):
                event[key] = {k: v for k, v in value.items() if k not in _DATA_FIELDS}
    return event


# ----------------------------------------------------------------------------- pagination
def page_size(max_results: Optional[int]) -> int:
    return max_results or DEFAULT_PAGE


def next_token(scope: str, position: int) -> str:
    """An opaque token for the page starting at ``position`` of the listing ``scope``."""
    body = json.dumps({"s": _digest(scope), "p": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(body).decode().rstrip("=")


def token_position(token: Optional[str], scope: str) -> int:
    """Where the page ``token`` points, or ``Fault("InvalidToken")`` for a foreign token."""
    if token is None:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        body = json.loads(base64.urlsafe_b64decode(padded.encode()))
        position = body["p"]
        if body["s"] != _digest(scope) or not isinstance(position, int) or position < 0:
            raise ValueError(token)
    except (ValueError, KeyError, TypeError):
        raise Fault("InvalidToken", f"Invalid Token: '{token}'") from None
    return position


def _digest(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:16]
