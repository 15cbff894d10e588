"""Checks shared by every state type and sub-object: language views, exclusive pairs, paths."""
from __future__ import annotations

from typing import Any

from asl.validation import expressions as ex
from asl.validation import fields as fl
from asl.validation import messages as msg
from asl.validation import references as refs
from asl.validation import schema
from asl.validation.context import Report, StateSite, join


def expression_view(site: StateSite, obj: dict[str, Any], foreign: tuple[str, ...]) -> dict[str, Any]:
    """``obj`` without other-language fields and without JSONata expressions standing in
    for typed values (those are checked as expressions, not against the schema)."""
    return {
        k: v
        for k, v in obj.items()
        if k not in foreign and not (site.jsonata and k in fl.EXPRESSION_FIELDS and ex.is_jsonata(v))
    }


def check_sub_object(report: Report, site: StateSite, kind: str, obj: Any, location: str) -> bool:
    """A sub-object (ItemReader, Catcher...) checked like a state: language, then schema."""
    if not isinstance(obj, dict):
        return False
    foreign = fl.other_language_sub_fields(kind, site.language)
    for field in foreign:
        if field in obj:
            report.error(msg.SCHEMA, msg.wrong_language_field(site.language, field), join(location, field))
    return schema.check_object(report, kind, expression_view(site, obj, foreign), location)


def check_exclusive(report: Report, obj: dict[str, Any], location: str, *pairs: tuple[str, str]) -> None:
    """Each pair of fields may not both be present (reported at the first field)."""
    for first, second in pairs:
        if first in obj and second in obj:
            report.error(msg.SCHEMA, msg.at_most_one_of([first, second]), join(location, first))


def check_path_field(report: Report, site: StateSite, obj: dict[str, Any], field: str, location: str) -> None:
    """One JSONPath path-valued field of ``obj`` (any kind), with its variable reference."""
    value = obj.get(field)
    if not isinstance(value, str):
        return
    if field in fl.PATH_FIELDS:
        failure, message = ex.path_error(value), msg.bad_path(field)
    elif field in fl.VALUE_EXPRESSION_FIELDS:
        failure, message = ex.value_expr_error(value), msg.bad_path_or_intrinsic(field)
    else:
        failure, message = ex.reference_path_error(value), msg.bad_reference_path(field)
    if failure is not None:
        report.error(msg.SCHEMA, message, join(location, field))
    elif field != "ResultPath":
        report.references(site.name, refs.value_variables(value))
