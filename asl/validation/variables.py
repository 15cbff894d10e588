"""Workflow variables: the names ``Assign`` may use.

AWS checks names (no sub-path, ``states`` reserved, at most 80 characters) but, as the
recordings show, neither a name assigned again in an inner scope (a branch assigning what
the Parallel's Catcher assigns) nor a reference to a variable no state assigns.
"""
from __future__ import annotations

from typing import Any

from asl.validation import messages as msg
from asl.validation import values
from asl.validation.context import Report, StateSite, join

MAX_NAME_LENGTH = 80
RESERVED = "states"


def check_assign(
    report: Report, site: StateSite, assign: dict[str, Any], location: str, *, in_catch: bool = False
) -> None:
    """Names and values of one ``Assign`` object (state, Choice rule or Catcher level)."""
    for key in assign:
        name = key[:-2] if key.endswith(".$") and not site.jsonata else key
        where = join(location, key)
        _check_name(report, name, where)
    if site.jsonata:
        values.check_jsonata_value(report, site.name, assign, location, in_catch=in_catch)
    else:
        values.check_template(report, site.name, assign, location)


def _check_name(report: Report, name: str, where: str) -> None:
    if name == RESERVED:
        report.error(msg.SCHEMA, msg.RESERVED_VARIABLE, where)
    elif not name or any(c in name for c in ".[]") or name.startswith("$"):
        report.error(msg.SCHEMA, msg.variable_name_invalid(name), where)
    elif len(name) > MAX_NAME_LENGTH:
        report.error(msg.SCHEMA, msg.variable_name_too_long(name), where)
