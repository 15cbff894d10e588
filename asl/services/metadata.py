"""The ``SdkHttpMetadata`` / ``SdkResponseMetadata`` members of optimized integrations.

Step Functions' optimized integrations (SDK v1 underneath) add the HTTP response's
headers and request id to the service's answer; SDK integrations and a few optimized
ones (``events:putEvents``, ``.sync`` results) do not. The headers each service sends
were recorded on AWS; their values are rebuilt from the response: the request id the
backend gave, ``Content-Length`` of the body as the service's protocol would have sent
it (compact JSON, or the Query protocol's XML), ``Date`` from the execution's virtual
clock (so a run stays reproducible).
"""
from __future__ import annotations

import zlib
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, Optional
from xml.sax.saxutils import escape

from asl.machine import DEFAULT_START_TIME
from asl.services.shapes import json_text, wire_json

# service -> header names in the order AWS sends them (recorded), the content type where
# the protocol does not tell it. Services not listed send the common set.
_COMMON = ("x-amzn-RequestId", "connection", "Content-Length", "Date", "Content-Type")
_HEADERS: dict[str, tuple[str, ...]] = {
    "dynamodb": ("Server", "Connection", "x-amzn-RequestId", "x-amz-crc32", "Content-Length", "Date", "Content-Type"),
    "lambda": ("X-Amz-Executed-Version", "x-amzn-Remapped-Content-Length", "Connection", "x-amzn-RequestId",
               "Content-Length", "Date", "X-Amzn-Trace-Id", "Content-Type"),
}
# optimized integrations whose answer carries no HTTP metadata (recorded on AWS)
WITHOUT_METADATA = frozenset({"events"})


def body_text(model: Any, operation: str, value: Any, request_id: str) -> str:
    """The response body as the service's protocol would have carried ``value``."""
    protocol = getattr(model, "protocol", "json")
    if protocol in ("query", "ec2"):
        namespace = model.metadata.get("xmlNamespace", "")
        return _query_xml(operation, value, namespace, request_id)
    return json_text(wire_json(value))


def _query_xml(operation: str, value: Any, namespace: str, request_id: str) -> str:
    lines = [f'<{operation}Response xmlns="{namespace}">', f"  <{operation}Result>"]
    lines.extend(_xml_members(value, 2))
    lines += [f"  </{operation}Result>", "  <ResponseMetadata>", f"    <RequestId>{request_id}</RequestId>",
              "  </ResponseMetadata>", f"</{operation}Response>", ""]
    return "\n".join(lines)


def _xml_members(value: Any, depth: int) -> list[str]:
    pad = "  " * depth
    lines: list[str] = []
    if not isinstance(value, dict):
        return lines
    for key, item in value.items():
        if isinstance(item, dict):
            lines += [f"{pad}<{key}>", *_xml_members(item, depth + 1), f"{pad}</{key}>"]
        elif isinstance(item, list):
            lines.append(f"{pad}<{key}>")
            for element in item:
                inner = _xml_members(element, depth + 2) if isinstance(element, dict) else None
                if inner is None:
                    lines.append(f"{pad}  <member>{escape(_scalar(element))}</member>")
                else:
                    lines += [f"{pad}  <member>", *inner, f"{pad}  </member>"]
            lines.append(f"{pad}</{key}>")
        else:
            lines.append(f"{pad}<{key}>{escape(_scalar(item))}</{key}>")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def entered_time(entered: Optional[str]) -> datetime:
    """The instant the state was entered (ISO text from ``$$``); a run's default start
    when the context has none."""
    if entered:
        try:
            return datetime.fromisoformat(entered.replace("Z", "+00:00"))
        except ValueError:
            pass
    return DEFAULT_START_TIME


def http_date(entered: Optional[str]) -> str:
    """An HTTP ``Date`` for the instant the state was entered (ISO text from ``$$``)."""
    return format_datetime(entered_time(entered).astimezone(timezone.utc), usegmt=True)


def with_metadata(service: str, value: dict[str, Any], body: str, request_id: str, date: str,
                  content_type: str, extra: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """``value`` with ``SdkHttpMetadata`` and ``SdkResponseMetadata`` added as AWS adds them."""
    length = str(len(body.encode("utf-8")))
    known = {
        "x-amzn-RequestId": request_id,
        "connection": "keep-alive",
        "Connection": "keep-alive",
        "Content-Length": length,
        "Date": date,
        "Content-Type": content_type,
        "Server": "Server",
        "x-amz-crc32": str(zlib.crc32(body.encode("utf-8"))),
        "X-Amz-Executed-Version": "$LATEST",
        "x-amzn-Remapped-Content-Length": "0",
        "X-Amzn-Trace-Id": f"root=1-{request_id.replace('-', '')[:8]}-{request_id.replace('-', '')[8:32]};sampled=0",
    }
    headers = {name: known[name] for name in _HEADERS.get(service, _COMMON)}
    headers.update(extra or {})
    return {
        **value,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {name: [text] for name, text in headers.items()},
            "HttpHeaders": dict(sorted(headers.items(), key=lambda item: item[0].lower())),
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
    }


def content_type(model: Any) -> str:
    """The ``Content-Type`` a service's protocol answers with."""
    protocol = getattr(model, "protocol", "json")
    if protocol in ("query", "ec2", "rest-xml"):
        return "text/xml"
    if protocol == "json":
        return f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.0')}"
    return "application/json"
