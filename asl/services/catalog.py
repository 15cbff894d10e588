"""Which boto3 client method a Task resource names, read from botocore's service models.

Step Functions names a service in two vocabularies:

* optimized integrations (``arn:aws:states:::sqs:sendMessage``) use the service's endpoint
  prefix (``sqs``, ``states``, ``events``, ``elasticmapreduce``...);
* SDK integrations (``arn:aws:states:::aws-sdk:sfn:startExecution``) use the AWS SDK for
  Java v2 package name, which is the model's ``serviceId`` without spaces, lower-cased
  (``SFN`` -> ``sfn``, ``CloudWatch Logs`` -> ``cloudwatchlogs``).

Both are resolved against botocore's own data: the service names it ships, their
``serviceId`` and ``endpointPrefix``, and each operation's name. Nothing botocore
already knows is written down here; the only hand-kept facts are the few optimized
actions that are not an API operation of the service they name (``apigateway:invoke``,
``eks:call``...), which botocore cannot know about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from asl.core.resources import ResourceInfo, classify

# Optimized actions that call something other than one API operation of the service.
HTTP_ACTIONS = frozenset({("apigateway", "invoke"), ("http", "invoke"), ("eks", "call"), ("eks", "runJob")})
# Optimized integrations whose operation lives in a botocore service of another name than
# its endpoint prefix would suggest (Bedrock's runtime API has its own endpoint).
_OPTIMIZED_SERVICE_OVERRIDES = {("bedrock", "invokeModel"): "bedrock-runtime"}
# Optimized actions named differently from the API operation they call (Amazon EMR's).
_OPTIMIZED_ACTION_OVERRIDES = {
    ("elasticmapreduce", "createCluster"): "RunJobFlow",
    ("elasticmapreduce", "terminateCluster"): "TerminateJobFlows",
    ("elasticmapreduce", "addStep"): "AddJobFlowSteps",
    ("elasticmapreduce", "cancelStep"): "CancelSteps",
    ("elasticmapreduce", "setClusterTerminationProtection"): "SetTerminationProtection",
    ("elasticmapreduce", "modifyInstanceFleetByName"): "ModifyInstanceFleet",
    ("elasticmapreduce", "modifyInstanceGroupByName"): "ModifyInstanceGroups",
}


class UnsupportedIntegration(LookupError):
    """A Task resource that names no service or operation botocore knows."""


@dataclass(frozen=True)
class Operation:
    """One API operation, as boto3 calls it."""

    service: str  # botocore/boto3 service name, e.g. "stepfunctions"
    operation: str  # API operation name, e.g. "StartExecution"
    method: str  # boto3 client method, e.g. "start_execution"
    service_id: str  # the model's serviceId, e.g. "SFN"


@lru_cache(maxsize=1)
def _session() -> Any:
    import botocore.session

    return botocore.session.get_session()


@lru_cache(maxsize=None)
def service_model(service: str) -> Any:
    """botocore's model of one service (loaded once)."""
    return _session().get_service_model(service)


@lru_cache(maxsize=1)
def available_services() -> tuple[str, ...]:
    return tuple(_session().get_available_services())


def java_package_name(service_id: str) -> str:
    """The AWS SDK for Java v2 package name of a service: ``Secrets Manager`` -> ``secretsmanager``."""
    return re.sub(r"[^A-Za-z0-9]", "", service_id).lower()


def java_client_name(service_id: str) -> str:
    """The AWS SDK for Java v2 client prefix of a service (``SFN`` -> ``Sfn``,
    ``DynamoDB`` -> ``DynamoDb``): Step Functions names SDK integration errors after it."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-z]*|[A-Z]+", service_id)
    return "".join(w[:1].upper() + w[1:].lower() for w in words)


def _compact(name: str) -> str:
    return name.replace("-", "").lower()


@lru_cache(maxsize=1)
def _by_service_id() -> dict[str, str]:
    """Java package name -> botocore service name, for every service (read once, slow)."""
    found: dict[str, str] = {}
    for name in available_services():
        try:
            found.setdefault(java_package_name(service_model(name).service_id), name)
        except Exception:  # a model botocore cannot load is a service we cannot call
            continue
    return found


@lru_cache(maxsize=1)
def _by_endpoint_prefix() -> dict[str, str]:
    """Endpoint prefix -> botocore service name, for every service (read once, slow)."""
    found: dict[str, str] = {}
    for name in available_services():
        try:
            found.setdefault(service_model(name).endpoint_prefix, name)
        except Exception:
            continue
    return found


def sdk_service(name: str) -> Optional[str]:
    """The botocore service an ``aws-sdk:<name>`` integration calls, or None."""
    for candidate in available_services():
        if _compact(candidate) == name.lower() and java_package_name(service_model(candidate).service_id) == name.lower():
            return candidate
    return _by_service_id().get(name.lower())


def optimized_service(name: str, action: str) -> Optional[str]:
    """The botocore service an optimized ``<name>:<action>`` integration calls, or None."""
    override = _OPTIMIZED_SERVICE_OVERRIDES.get((name, action))
    if override is not None:
        return override
    if name in available_services() and service_model(name).endpoint_prefix == name:
        return name
    return _by_endpoint_prefix().get(name)


def find_operation(service: str, action: str) -> Optional[str]:
    """The operation ``action`` names (``putItem`` -> ``PutItem``), matched as AWS does:
    the action is the operation name with its first letter lower-cased."""
    names = service_model(service).operation_names
    wanted = action[:1].upper() + action[1:]
    if wanted in names:
        return wanted
    folded = {n.lower(): n for n in names}
    return folded.get(action.lower())


def resolve(resource: str) -> Operation:
    """The boto3 operation behind a Task ``Resource``; ``UnsupportedIntegration`` (naming
    the resource and why) when there is none."""
    return resolve_info(classify(resource))


@lru_cache(maxsize=2048)
def resolve_info(info: ResourceInfo) -> Operation:
    """``resolve`` for a classified resource, remembered: every call of an integration
    resolves it again, and an SDK service name is looked for among all of botocore's."""
    if info.family != "service" or info.resource_type == "unknown":
        raise UnsupportedIntegration(f"{info.resource!r} is not a service integration resource")
    if not info.sdk and (info.service, info.action) in HTTP_ACTIONS:
        raise UnsupportedIntegration(
            f"{integration_arn(info)} is an HTTP call, not an API operation of {info.service!r}"
        )
    service = sdk_service(info.service) if info.sdk else optimized_service(info.service, info.action)
    if service is None:
        kind = "AWS SDK" if info.sdk else "AWS"
        raise UnsupportedIntegration(
            f"{integration_arn(info)}: {info.service!r} is not an {kind} service name botocore knows"
        )
    action = info.action if info.sdk else _OPTIMIZED_ACTION_OVERRIDES.get((info.service, info.action), info.action)
    if find_operation(service, action) is None:
        raise UnsupportedIntegration(
            f"{integration_arn(info)}: the {service_model(service).service_id} API has no operation {info.action!r}"
        )
    return operation_of(service, action)


def integration_arn(info: ResourceInfo) -> str:
    """The resource as a state machine names it, for messages."""
    return f"arn:aws:states:::{info.resource_type}:{info.resource}"


def supported(resource: str) -> bool:
    """Whether ``resource`` is a service integration AWS accepts (the validator's table of
    optimized actions and patterns, the SDK pattern rules) and botocore can call: the
    optimized HTTP calls (``apigateway:invoke``...) count, as ``asl.services`` runs them."""
    from asl.validation.resources import classify as validate

    checked = validate(resource)
    if checked is None or checked.kind not in ("integration", "sdk"):
        return False
    info = classify(resource)
    if not info.sdk and (info.service, info.action) in HTTP_ACTIONS:
        return (info.service, info.action) == ("apigateway", "invoke")
    try:
        resolve(resource)
    except UnsupportedIntegration:
        return False
    return True


def operation_of(service: str, action: str) -> Operation:
    """The operation ``action`` of a botocore service (``ecs``, ``describeTasks``)."""
    import botocore

    name = find_operation(service, action)
    if name is None:
        raise UnsupportedIntegration(f"the {service} API has no operation {action!r}")
    return Operation(service, name, botocore.xform_name(name), service_model(service).service_id)
