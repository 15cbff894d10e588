"""Checks that descend into free-form JSON values: payload templates and JSONata values.

Templates (JSONPath ``Parameters``, ``ResultSelector``, ``ItemSelector``, ``Assign``...)
and JSONata-bearing values (``Arguments``, ``Output``, ``Assign``...) can be nested as
deep as JSON allows, so they are walked with an explicit stack, never by recursion.
Each walk reports problems, adds the variables it reads to the state's references and
returns nothing.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from asl.validation import expressions as ex
from asl.validation import messages as msg
from asl.validation import references as refs
from asl.validation.context import Report, join


def nodes(value: Any, location: str) -> Iterator[tuple[Any, Any, str]]:
    """(key, node, pointer) for every object member and array item under ``value``, in
    document order (so problems are listed top to bottom, as in the file)."""
    stack: list[tuple[Any, Any, str]] = []
    _push_children(stack, value, location)
    while stack:
        key, node, pointer = stack.pop()
        yield key, node, pointer
        _push_children(stack, node, pointer)


def _push_children(stack: list[tuple[Any, Any, str]], node: Any, where: str) -> None:
    """Push in reverse, so that the stack pops them first to last."""
    if isinstance(node, dict):
        stack.extend((key, child, join(where, key)) for key, child in reversed(node.items()))
    elif isinstance(node, list):
        stack.extend((index, node[index], join(where, index)) for index in range(len(node) - 1, -1, -1))


def check_template(report: Report, state: str, value: Any, location: str) -> None:
    """A JSONPath payload template: every ``k.$`` holds a path or an intrinsic call."""
    names: set[str] = set()
    for key, child, pointer in nodes(value, location):
        if not isinstance(key, str):
            continue
        if key.endswith(".$"):
            if not isinstance(child, str) or ex.value_expr_error(child) is not None:
                report.error(msg.SCHEMA, msg.bad_template_value(key), location)
            else:
                names |= refs.value_variables(child)
        elif ex.looks_like_path(child) or ex.looks_like_intrinsic(child):
            report.warn(msg.NO_DOLLAR, msg.no_dollar(key), pointer)
    report.references(state, names)


def check_jsonata_value(
    report: Report, state: str, value: Any, location: str, *, in_catch: bool = False
) -> None:
    """Every ``{% %}`` string inside ``value`` parses; collect the variables they read."""
    if isinstance(value, str):
        _check_expression(report, state, value, location, in_catch)
        return
    for _, child, pointer in nodes(value, location):
        if isinstance(child, str):
            _check_expression(report, state, child, pointer, in_catch)


def _check_expression(report: Report, state: str, text: str, location: str, in_catch: bool) -> None:
    if not ex.is_jsonata(text):
        return
    failure = ex.jsonata_error(text)
    if failure is not None:
        report.error(msg.INVALID_JSONATA, failure, location)
        return
    if refs.has_double_dollar(text[2:-2]):
        report.error(msg.UNSUPPORTED_JSONATA, msg.DOUBLE_DOLLAR_IN_JSONATA, location)
    if not in_catch and refs.reads_error_output(text):
        report.error(msg.UNSUPPORTED_JSONATA, msg.ERROR_OUTPUT_OUTSIDE_CATCH, location)
    report.references(state, refs.jsonata_variables(text[2:-2]))


def check_static_result(report: Report, value: Any, location: str) -> None:
    """Pass ``Result`` is never evaluated: warn when it looks as if it were meant to be."""
    suspicious = ex.looks_like_path(value) or any(
        (isinstance(key, str) and key.endswith(".$")) or ex.looks_like_path(child)
        for key, child, _ in nodes(value, location)
    )
    if suspicious:
        report.warn(msg.PASS_RESULT_IS_STATIC, msg.STATIC_RESULT, location)
