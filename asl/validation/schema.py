"""The JSON Schema pass: one ASL object at a time, errors worded as AWS words them.

The schema (``asl.schema.json``, package data) describes each object's own fields;
``check_object(report, "Task", state, location)`` validates one object against one
definition and turns jsonschema's errors into ``Problem``s. jsonschema is imported on
first use, so ``import asl`` never pays for it.
"""
from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from asl.validation import messages as msg
from asl.validation.context import Report, join


@lru_cache(maxsize=1)
def schema_document() -> dict[str, Any]:
    """The ASL schema as shipped with the package."""
    text = resources.files("asl.validation").joinpath("asl.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(definition: str) -> Any:
    from jsonschema import Draft202012Validator

    document = schema_document()
    root = {**document["$defs"][definition], "$defs": document["$defs"]}
    return Draft202012Validator(root)


def check_object(report: Report, definition: str, instance: Any, location: str) -> bool:
    """Validate ``instance`` against one schema definition; True when nothing was wrong."""
    errors = list(_validator(definition).iter_errors(instance))
    if not errors:
        return True
    typed_paths = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    required: dict[tuple[Any, ...], tuple[dict[str, Any], list[str]]] = {}
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator != "type" and path in typed_paths:
            continue  # a wrong type says it all (AWS reports only the type)
        if error.validator == "required":
            _collect_required(required, error, path)
            continue
        for problem_location, message in _translate(error, join(location, *path)):
            report.error(msg.SCHEMA, message, problem_location)
    for path, (schema, missing) in required.items():
        _report_required(report, schema, missing, join(location, *path))
    return False


def _collect_required(
    required: dict[tuple[Any, ...], tuple[dict[str, Any], list[str]]], error: Any, path: tuple
) -> None:
    instance = error.instance if isinstance(error.instance, dict) else {}
    missing = [f for f in error.validator_value if f not in instance]
    required.setdefault(path, (error.schema, missing))


def _report_required(report: Report, schema: dict[str, Any], missing: list[str], at: str) -> None:
    if schema.get("x-aws-required") == "list":
        report.error(msg.SCHEMA, msg.fields_required(missing), at)
        return
    for field in missing:
        report.error(msg.SCHEMA, msg.field_required(field), at)


def _translate(error: Any, at: str) -> list[tuple[str, str]]:
    """(location, message) pairs for one jsonschema error."""
    override = error.schema.get("x-aws-messages", {}).get(error.validator)
    if override:
        return [(at, override)]
    keyword, value = error.validator, error.validator_value
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        extras = [k for k in error.instance if k not in known]
        return [(at, msg.field_not_supported(k)) for k in extras]
    if keyword == "type":
        return [(at, msg.wrong_type([value] if isinstance(value, str) else value))]
    if keyword == "enum":
        return [(at, msg.not_one_of(value))]
    if keyword == "minimum":
        return [(at, msg.minimum(value))]
    if keyword == "maximum":
        return [(at, msg.maximum(value))]
    if keyword == "minItems":
        return [(at, msg.EMPTY_VALUE)]
    if keyword == "maxLength":
        return [(at, msg.too_long(value))]
    return [(at, error.message)]
