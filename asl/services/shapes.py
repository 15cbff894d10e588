"""Between Step Functions' JSON and boto3's Python values, guided by botocore's shapes.

Going out (``to_request``): Step Functions writes parameters in PascalCase whatever the
API's own casing (ECS's ``taskDefinition`` is ``TaskDefinition`` in a state machine), and
turns a JSON value given where the API wants text into its JSON text (an SQS
``MessageBody`` object, a Lambda ``Payload``, an S3 ``Body`` of ``false``). ``null``
members are left out, and reported, since a required member that is ``null`` fails the
call as AWS fails it.

Coming back (``to_json``): member names in PascalCase as Step Functions shows them,
timestamps as ISO 8601 text, blobs and streams as their text (base64 when they are not
UTF-8), ``ResponseMetadata`` dropped. Map keys are data and stay as they are.
"""
from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any, Optional

_JSON_SEPARATORS = (",", ":")


def json_text(value: Any) -> str:
    """A JSON value as the compact JSON text Step Functions sends for it."""
    return json.dumps(value, separators=_JSON_SEPARATORS, ensure_ascii=False)


def pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _member_for(key: str, members: Any) -> Optional[str]:
    """The model member a parameter names: exactly, with its first letter lower-cased
    (``TaskDefinition`` -> ``taskDefinition``), or ignoring case."""
    if key in members:
        return key
    lowered = key[:1].lower() + key[1:]
    if lowered in members:
        return lowered
    folded = key.lower()
    return next((m for m in members if m.lower() == folded), None)


class Request:
    """The boto3 keyword arguments for one call, and the required members given ``null``."""

    def __init__(self, params: dict[str, Any], nulls: list[str]):
        self.params = params
        self.nulls = nulls


def to_request(shape: Any, payload: Any, sdk: bool = False) -> Request:
    """boto3 arguments for ``payload`` (the state's effective parameters). ``sdk``: an
    SDK integration, which sends a blob as the JSON text of its value even when that value
    is a string (an S3 ``Body`` of ``"text"`` stores ``"text"`` with its quotes, as
    recorded on AWS); optimized integrations send a string blob as it is."""
    nulls: list[str] = []
    if not isinstance(payload, dict):
        return Request({}, nulls)
    if shape is None:
        return Request(dict(payload), nulls)
    return Request(_In(nulls, sdk).structure(shape, payload, top=True), nulls)


class _In:
    """One conversion of parameters, noting the required members given ``null``."""

    def __init__(self, nulls: list[str], sdk: bool):
        self.nulls = nulls
        self.sdk = sdk

    def structure(self, shape: Any, value: dict[str, Any], top: bool = False) -> dict[str, Any]:
        members = shape.members
        required = set(shape.required_members)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = _member_for(key, members)
            if name is None:
                out[key] = item  # botocore names the unknown parameter
                continue
            if item is None:
                if name in required and top:
                    self.nulls.append(name)
                continue
            out[name] = self.value(members[name], item)
        return out

    def value(self, shape: Any, value: Any) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape, value) if isinstance(value, dict) else value
        if kind == "list":
            return [self.value(shape.member, v) for v in value] if isinstance(value, list) else value
        if kind == "map":
            if not isinstance(value, dict):
                return value
            return {k: self.value(shape.value, v) for k, v in value.items() if v is not None}
        if kind == "string":
            return value if isinstance(value, str) else json_text(value)
        if kind == "blob":
            return (value if isinstance(value, str) and not self.sdk else json_text(value)).encode("utf-8")
        if kind in ("integer", "long") and isinstance(value, float) and value.is_integer():
            return int(value)
        return value


# ---------------------------------------------------------------- responses
def to_json(shape: Any, response: Any) -> Any:
    """A boto3 response as the JSON value Step Functions shows (PascalCase members)."""
    if not isinstance(response, dict):
        return _plain(response)
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return _out(shape, body)


def _out(shape: Any, value: Any) -> Any:
    kind = getattr(shape, "type_name", None)
    if isinstance(value, dict):
        if kind == "structure":
            return {pascal(k): _out(shape.members.get(k), v) for k, v in value.items()}
        if kind == "map":
            return {k: _out(shape.value, v) for k, v in value.items()}
        return {k: _out(None, v) for k, v in value.items()}
    if isinstance(value, list):
        member = shape.member if kind == "list" else None
        return [_out(member, v) for v in value]
    return _plain(value)


def _plain(value: Any) -> Any:
    """A scalar boto3 value as JSON: datetimes as ISO text, bytes and streams as text."""
    if isinstance(value, datetime):
        return iso_timestamp(value)
    if isinstance(value, (bytes, bytearray)):
        return _text(bytes(value))
    if hasattr(value, "read"):
        return _text(value.read())
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii")


def iso_timestamp(value: datetime) -> str:
    """``2025-01-01T00:00:00.123Z``: UTC, milliseconds, as AWS writes dates in JSON."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    utc = value.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def wire_json(value: Any) -> Any:
    """Our JSON result with its ISO timestamps back as the epoch seconds a JSON protocol
    sends, for measuring the response body as it crossed the wire."""
    if isinstance(value, dict):
        return {k: wire_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [wire_json(v) for v in value]
    if isinstance(value, str) and len(value) == 24 and value.endswith("Z") and value[10:11] == "T":
        try:
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            return value
    return value
