"""What kind of work a Task ``Resource`` names, and how AWS shows it in the history.

Three families, each with its own history events: a Lambda function ARN (legacy form,
``LambdaFunction*`` events), an activity ARN (``Activity*``), and a service integration
``arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]``
(``Task*`` events, with ``resourceType``/``resource`` split as AWS splits them; SDK
integrations keep ``aws-sdk:<service>`` as the resource type).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LAMBDA = "lambda"
ACTIVITY = "activity"
SERVICE = "service"

_LAMBDA_ARN = re.compile(r"^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[^:]+(:[^:]+)?$")
_ACTIVITY_ARN = re.compile(r"^arn:[\w-]+:states:[\w-]+:\d{12}:activity:.+$")
_SERVICE_ARN = re.compile(r"^arn:[\w-]+:states:::(?P<rest>.+)$")

REQUEST = "request"
SYNC = "sync"
CALLBACK = "callback"


@dataclass(frozen=True, slots=True)
class ResourceInfo:
    family: str  # LAMBDA, ACTIVITY or SERVICE
    resource_type: str  # e.g. "lambda", "sqs", "aws-sdk:s3" (SERVICE only)
    resource: str  # e.g. "invoke", "sendMessage.waitForTaskToken" (SERVICE) or the ARN
    service: str  # e.g. "lambda", "sqs", "s3"
    action: str  # e.g. "invoke", "sendMessage", "listBuckets"
    pattern: str  # REQUEST, SYNC or CALLBACK
    sdk: bool = False

    @property
    def is_callback(self) -> bool:
        return self.pattern == CALLBACK


@lru_cache(maxsize=1024)
def classify(resource: str) -> ResourceInfo:
    if _LAMBDA_ARN.match(resource):
        name = resource.split(":function:", 1)[1].split(":", 1)[0]
        return ResourceInfo(LAMBDA, "lambda", resource, "lambda", name, REQUEST)
    if _ACTIVITY_ARN.match(resource):
        return ResourceInfo(ACTIVITY, "activity", resource, "states", "activity", CALLBACK)
    match = _SERVICE_ARN.match(resource)
    if match is None:
        # Validation rejects anything else; keep running with a neutral description.
        return ResourceInfo(SERVICE, "unknown", resource, "unknown", resource, REQUEST)
    rest = match.group("rest")
    base, suffix, pattern = _split_suffix(rest)
    head, _, action = base.rpartition(":")
    service = head.split(":")[-1]
    return ResourceInfo(SERVICE, head, action + suffix, service, action, pattern, head.startswith("aws-sdk:"))


_SUFFIXES = ((".waitForTaskToken", CALLBACK), (".sync:2", SYNC), (".sync", SYNC))


def _split_suffix(rest: str) -> tuple[str, str, str]:
    for suffix, pattern in _SUFFIXES:
        if rest.endswith(suffix):
            return rest[: -len(suffix)], suffix, pattern
    return rest, "", REQUEST
