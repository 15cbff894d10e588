"""Optimized integrations whose request or answer Step Functions reshapes.

Every other integration is one API call whose answer is returned as is (SDK) or with the
HTTP metadata added (optimized): ``Services.request``. The ones here differ, as recorded
on AWS:

* ``lambda:invoke`` parses the function's ``Payload`` JSON; a function error
  (``FunctionError``) fails the task with the function's ``errorType``; a Lambda ARN as
  the Resource returns the bare payload;
* ``events:putEvents`` fails with ``EventBridge.FailedEntry`` when an entry failed, and
  carries no HTTP metadata;
* ``sqs:sendMessage`` sends to the queue URL itself, so a URL that is no URL fails before
  any answer (``SQS.SdkClientException``);
* ``apigateway:invoke`` calls the API's endpoint over HTTP (``apigateway``);
* ``states:startExecution`` runs registered state machines in our own engine
  (``children``); ``.sync`` jobs of ECS, Batch and Glue are polled (``sync``).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Optional

from asl.core.resources import ResourceInfo
from asl.services import apigateway, children, errors
from asl.services.catalog import UnsupportedIntegration, integration_arn, resolve_info
from asl.services.errors import Failure
from asl.services.metadata import http_date, with_metadata
from asl.services.shapes import json_text
from asl.tasks import Outcome

if TYPE_CHECKING:
    from asl.services.backend import Call, Services

Handler = Callable[["Services", "Call"], Outcome]


def _lambda_payload(response: dict[str, Any]) -> tuple[str, Any]:
    """The function's answer as text and as the JSON value it holds (the text when it
    holds none)."""
    raw = response.get("Payload")
    data = raw.read() if hasattr(raw, "read") else raw or b""
    text = data.decode("utf-8", errors="replace") if isinstance(data, (bytes, bytearray)) else str(data)
    try:
        return text, json.loads(text) if text else None
    except ValueError:
        return text, text


def _function_error(text: str, value: Any) -> Outcome:
    """A function that raised: its ``errorType`` as the error, its answer as the cause."""
    error = value.get("errorType") if isinstance(value, dict) else None
    return Outcome(False, error=str(error) if error else "Lambda.Unknown", cause=text)


def lambda_invoke(services: "Services", call: "Call") -> Outcome:
    operation = resolve_info(call.info)
    response = services.perform(call, operation, call.payload)
    if isinstance(response, Failure):
        return response.outcome()
    text, value = _lambda_payload(response)
    if response.get("FunctionError"):
        return _function_error(text, value)
    shaped: dict[str, Any] = {"ExecutedVersion": response.get("ExecutedVersion", "$LATEST"), "Payload": value,
                              "StatusCode": response.get("StatusCode", 200)}
    if response.get("LogResult"):
        shaped["LogResult"] = response["LogResult"]
    return Outcome(True, _lambda_metadata(call, response, shaped, text))


def _lambda_metadata(call: "Call", response: Any, shaped: dict[str, Any], text: str) -> Any:
    request_id = str((response.get("ResponseMetadata") or {}).get("RequestId", ""))
    extra = {"X-Amz-Log-Result": shaped["LogResult"]} if "LogResult" in shaped else None
    return with_metadata("lambda", shaped, text, request_id, http_date(call.entered), "application/json", extra)


def lambda_function(services: "Services", call: "Call") -> Outcome:
    """A Lambda function ARN as the Resource: ``lambda:invoke`` of that function, its
    answer's ``Payload`` bare."""
    from asl.services.backend import Call

    info = ResourceInfo("service", "lambda", "invoke", "lambda", "invoke", "request")
    payload = {"FunctionName": call.info.resource, "Payload": json_text(call.payload)}
    outcome = lambda_invoke(services, Call(call.state, info, payload, call.context))
    return Outcome(True, outcome.output["Payload"]) if outcome.ok else outcome


def put_events(services: "Services", call: "Call") -> Outcome:
    outcome = services.request(call)
    value = outcome.output
    if outcome.ok and isinstance(value, dict) and value.get("FailedEntryCount"):
        return Outcome(False, error="EventBridge.FailedEntry", cause=json_text(value))
    return outcome


def send_message(services: "Services", call: "Call") -> Outcome:
    url = call.payload.get("QueueUrl") if isinstance(call.payload, dict) else None
    if isinstance(url, str) and not url.lower().startswith(("http://", "https://")):
        operation = resolve_info(call.info)
        return errors.client_side(operation, f"{url}: Name or service not known", call.optimized).outcome()
    return services.request(call)


HANDLERS: dict[tuple[str, str], Handler] = {
    ("lambda", "invoke"): lambda_invoke,
    ("events", "putEvents"): put_events,
    ("sqs", "sendMessage"): send_message,
    ("states", "startExecution"): children.start_execution,
    ("apigateway", "invoke"): apigateway.invoke,
}


def sync_handler(info: ResourceInfo) -> Optional[Handler]:
    """The poller of a ``.sync`` integration; ``UnsupportedIntegration`` when we have none."""
    from asl.services.sync import POLLERS

    handler = POLLERS.get((info.service, info.action))
    if handler is None:
        raise UnsupportedIntegration(
            f"{integration_arn(info)}: the .sync pattern of "
            f"{info.service}:{info.action} is not run by asl.services yet (supported: "
            + ", ".join(sorted(f"{s}:{a}" for s, a in POLLERS)) + ", states:startExecution)"
        )
    return handler
