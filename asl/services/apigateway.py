"""``apigateway:invoke``: an HTTP request to an API Gateway endpoint.

This integration has no API operation behind it: Step Functions calls the API's URL
``https://<ApiEndpoint>/<Stage>/<Path>`` with the state's ``Method``, ``Headers`` and
``QueryParameters`` (each a map of lists), and the JSON ``RequestBody``. The answer is
``{"Headers", "ResponseBody", "StatusCode", "StatusText"}``, the body parsed when it is
JSON; a status of 400 or more fails the task with ``ApiGateway.<status>``.

Requests go through ``requests`` (moto answers execute-api URLs inside ``mock_aws()``);
``AuthType: IAM_ROLE`` signs them with the run's credentials (SigV4, ``execute-api``).
"""
from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from asl.services.shapes import json_text
from asl.tasks import Outcome

if TYPE_CHECKING:
    from asl.services.backend import Call, Services


def endpoint_url(params: dict[str, Any]) -> str:
    """The URL the parameters name (``ApiEndpoint`` may carry its scheme)."""
    endpoint = str(params.get("ApiEndpoint", "")).rstrip("/")
    if not endpoint.startswith(("http://", "https://")):
        endpoint = "https://" + endpoint
    parts = [endpoint]
    for piece in (params.get("Stage"), params.get("Path")):
        if isinstance(piece, str) and piece.strip("/"):
            parts.append(piece.strip("/"))
    url = "/".join(parts)
    query = params.get("QueryParameters")
    if isinstance(query, dict) and query:
        pairs = [(k, v) for k, values in query.items() for v in (values if isinstance(values, list) else [values])]
        url += "?" + urlencode(pairs)
    return url


def _headers(params: dict[str, Any]) -> dict[str, str]:
    given = params.get("Headers")
    if not isinstance(given, dict):
        return {}
    return {k: ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in given.items()}


def _body(params: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    if "RequestBody" not in params or params["RequestBody"] is None:
        return None, {}
    body = params["RequestBody"]
    if isinstance(body, str):
        return body, {}
    return json_text(body), {"Content-Type": "application/json"}


def _signed(services: "Services", method: str, url: str, headers: dict[str, str], body: str | None) -> dict[str, str]:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(services.boto3_session().get_credentials(), "execute-api", services.region()).add_auth(request)
    return dict(request.headers.items())


def invoke(services: "Services", call: "Call") -> Outcome:
    import requests

    params = call.payload if isinstance(call.payload, dict) else {}
    method = str(params.get("Method", "GET")).upper()
    url = endpoint_url(params)
    body, extra = _body(params)
    headers = {**extra, **_headers(params)}
    if params.get("AuthType") == "IAM_ROLE":
        headers = _signed(services, method, url, headers, body)
    try:
        response = requests.request(method, url, headers=headers, data=body, timeout=60)
    except requests.RequestException as exc:
        return Outcome(False, error="ApiGateway.SdkClientException", cause=f"Unable to execute HTTP request: {exc}")
    answer = _answer(response)
    if response.status_code >= 400:
        return Outcome(False, error=f"ApiGateway.{response.status_code}", cause=json_text(answer))
    return Outcome(True, answer)


def _answer(response: Any) -> dict[str, Any]:
    text = response.text
    try:
        value: Any = json.loads(text) if text else None
    except ValueError:
        value = text
    try:
        status_text = HTTPStatus(response.status_code).phrase
    except ValueError:
        status_text = response.reason or ""
    return {
        "Headers": {k: [v] for k, v in response.headers.items()},
        "ResponseBody": value,
        "StatusCode": response.status_code,
        "StatusText": status_text,
    }
