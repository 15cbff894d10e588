"""The context object (``$$``, ``$states.context``) of a TestState call.

A caller may give one (AWS checks that it only holds the fields a real context object
has, with the right types); otherwise one is made the way AWS makes it for TestState:
an Express-style execution of a one-off state machine, with the state's name, its entry
time and, for states that can retry, a retry count of 0.
"""
from __future__ import annotations

import random
from typing import Any, Optional

from asl.core.jsonvalue import to_json_value
from asl.machine import DEFAULT_ACCOUNT as _ACCOUNT, DEFAULT_REGION as _REGION, DEFAULT_START_TIME

_ANY = object()
_STRING, _INTEGER = "a string", "an integer"

# field -> expected kind, or a nested layout
_LAYOUT: dict[str, Any] = {
    "Execution": {
        "Id": _STRING, "Input": _ANY, "Name": _STRING, "RoleArn": _STRING, "StartTime": _STRING,
        "RedriveCount": _INTEGER, "RedriveTime": _STRING,
    },
    "State": {"EnteredTime": _STRING, "Name": _STRING, "RetryCount": _INTEGER},
    "StateMachine": {"Id": _STRING, "Name": _STRING},
    "Task": {"Token": _STRING},
    "Map": {"Item": {"Index": _INTEGER, "Value": _ANY}},
}

_RETRYING_TYPES = frozenset({"Task", "Parallel", "Map"})


class ContextError(ValueError):
    """The given context object has a field AWS does not allow, or a wrong type."""


def check_context(context: Any) -> None:
    if not isinstance(context, dict):
        raise ContextError("The context object must be a JSON object")
    _check_fields(context, _LAYOUT, "")


def _check_fields(value: dict[str, Any], layout: dict[str, Any], prefix: str) -> None:
    for key, item in value.items():
        where = prefix + key
        kind = layout.get(key)
        if kind is None:
            raise ContextError(f"Field '{where}' is not allowed")
        if isinstance(kind, dict):
            if not isinstance(item, dict):
                raise ContextError(f"{where} must be an object")
            _check_fields(item, kind, where + ".")
        elif kind is _STRING and not isinstance(item, str):
            raise ContextError(f"{where} must be a string")
        elif kind is _INTEGER and (isinstance(item, bool) or not isinstance(item, int)):
            raise ContextError(f"{where} must be an integer")


def default_context(spec: Any, state_name: str, value: Any, role_arn: Optional[str], seed: int = 0) -> dict[str, Any]:
    """The context object AWS builds when the request gives none."""
    from asl.expr.intrinsic_functions import random_uuid
    from asl.expr.timestamps import format_timestamp

    rng = random.Random(seed)
    machine, execution = random_uuid(rng), random_uuid(rng)
    started = format_timestamp(DEFAULT_START_TIME.timestamp())
    state: dict[str, Any] = {"Name": state_name, "EnteredTime": started}
    if spec.type in _RETRYING_TYPES:
        state["RetryCount"] = 0
    context: dict[str, Any] = {
        "Execution": {
            "Id": f"arn:aws:states:{_REGION}:{_ACCOUNT}:express:{machine}:{execution}",
            "Input": to_json_value(value),
            "Name": execution,
            "RoleArn": role_arn or f"arn:aws:iam::{_ACCOUNT}:role/TestStateRole",
            "StartTime": started,
        },
        "StateMachine": {"Id": f"arn:aws:states:{_REGION}:{_ACCOUNT}:stateMachine:{machine}", "Name": machine},
        "State": state,
    }
    if spec.type == "Task" and spec.extra["info"].is_callback:
        context["Task"] = {"Token": "AQ" + "%064x" % rng.getrandbits(256)}
    return context
