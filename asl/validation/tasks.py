"""Task-specific rules: the resource AWS must recognise, timeouts, credentials."""
from __future__ import annotations

from typing import Any

from asl.validation import messages as msg
from asl.validation import resources as rs
from asl.validation import values
from asl.validation.common import check_exclusive, check_sub_object
from asl.validation.context import Report, StateSite

_EXPRESS_LIMITS = {
    rs.SYNC: msg.EXPRESS_SYNC,
    rs.SYNC2: msg.EXPRESS_SYNC,
    rs.CALLBACK: msg.EXPRESS_CALLBACK,
}


def check_task(report: Report, site: StateSite) -> None:
    state = site.state
    if isinstance(state.get("Resource"), str):
        _check_resource(report, site, state["Resource"])
    check_exclusive(
        report, state, site.location,
        ("TimeoutSeconds", "TimeoutSecondsPath"), ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    )
    timeout, heartbeat = state.get("TimeoutSeconds"), state.get("HeartbeatSeconds")
    if _is_int(timeout) and _is_int(heartbeat) and heartbeat >= timeout:
        report.error(msg.SCHEMA, msg.HEARTBEAT_NOT_BELOW_TIMEOUT, site.at("HeartbeatSeconds"))
    if "Credentials" in state:
        _check_credentials(report, site, state["Credentials"])


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_resource(report: Report, site: StateSite, resource: str) -> None:
    found = rs.classify(resource)
    where = site.at("Resource")
    if found is None:
        message = msg.resource_not_recognized(resource) if resource.startswith("arn:") else msg.NOT_AN_ARN
        report.error(msg.SCHEMA, message, where)
        return
    if report.machine_type != "EXPRESS":
        return
    if found.kind == "activity":
        report.error(msg.SCHEMA, msg.EXPRESS_ACTIVITY, where)
    elif found.pattern in _EXPRESS_LIMITS:
        report.error(msg.SCHEMA, _EXPRESS_LIMITS[found.pattern], where)


def _check_credentials(report: Report, site: StateSite, credentials: Any) -> None:
    where = site.at("Credentials")
    if not isinstance(credentials, dict):
        return  # the schema reports the type
    if site.jsonata and "RoleArn.$" in credentials:
        report.error(msg.SCHEMA, msg.field_not_supported("RoleArn.$"), where)
    check_sub_object(report, site, "credentials", credentials, where)
    if "RoleArn" not in credentials and "RoleArn.$" not in credentials:
        report.error(msg.SCHEMA, msg.field_required("RoleArn"), where)
    check_exclusive(report, credentials, where, ("RoleArn", "RoleArn.$"))
    if not site.jsonata:
        values.check_template(report, site.name, credentials, where)
