"""The walk over a whole definition: every scope, every state, in document order.

Nested machines (Parallel branches, Map processors) are queued, not recursed into, so a
definition nested as deep as JSON allows cannot exhaust Python's stack; nesting beyond
``MAX_SCOPE_DEPTH`` is reported as AWS's ``TOO_DEEPLY_NESTED`` and not descended into.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from asl.validation import fields as fl
from asl.validation import messages as msg
from asl.validation import schema, transitions
from asl.validation.context import Report, Scope, StateSite, join
from asl.validation.states import check_state

MAX_SCOPE_DEPTH = 40  # ours: AWS's own limit is unknown
MAX_STATE_NAME = 80

Visit = tuple[str, Any, str, Scope]  # (name, state, location, scope)
ScopeList = list[tuple[dict[str, Any], Scope]]


def check_machine(report: Report, definition: dict[str, Any], duplicate_keys: dict[int, list[str]]) -> None:
    """Every check of a definition already known to be a JSON object."""
    schema.check_object(report, "stateMachine", definition, "/")
    top = Scope("", 0, fl.language_of(definition, fl.JSONPATH))
    scopes: ScopeList = []
    names: dict[str, str] = {}
    pending: list[Iterator[Visit]] = [_visits(report, definition, top, duplicate_keys, scopes)]
    while pending:
        visit = next(pending[-1], None)
        if visit is None:
            pending.pop()
            continue
        name, state, location, scope = visit
        _check_name(report, names, name, location)
        nested = _check_one(report, name, state, location, scope)
        children = [(machine, _child_scope(report, scope, where)) for machine, where in nested]
        pending.append(chain.from_iterable(
            _visits(report, machine, child, duplicate_keys, scopes) for machine, child in children if child is not None
        ))
    transitions.check_scopes(report, scopes)


def _visits(
    report: Report, machine: dict[str, Any], scope: Scope, duplicate_keys: dict[int, list[str]], scopes: ScopeList
) -> Iterator[Visit]:
    states = machine.get("States")
    if not isinstance(states, dict):
        return
    scopes.append((machine, scope))
    for name in duplicate_keys.get(id(states), ()):
        report.error(msg.DUPLICATE_STATE, msg.duplicate_state(name), join(scope.location, "States", name))
    for name, state in states.items():
        yield name, state, join(scope.location, "States", name), scope


def _child_scope(report: Report, parent: Scope, location: str) -> Scope | None:
    if parent.depth + 1 > MAX_SCOPE_DEPTH:
        report.error(msg.TOO_DEEP, msg.too_deeply_nested(MAX_SCOPE_DEPTH), location)
        return None
    return Scope(location, parent.depth + 1, parent.language, parent)


def _check_name(report: Report, names: dict[str, str], name: str, location: str) -> None:
    if not name:
        report.error(msg.INVALID_STATE_NAME, msg.EMPTY_STATE_NAME, location)
    elif len(name) > MAX_STATE_NAME:
        report.error(msg.INVALID_STATE_NAME, msg.state_name_too_long(name), location)
    if name in names:
        report.error(msg.DUPLICATE_STATE, msg.duplicate_state(name), location)
    else:
        names[name] = location


def _check_one(report: Report, name: str, state: Any, location: str, scope: Scope) -> list[tuple[dict[str, Any], str]]:
    if not isinstance(state, dict):
        report.error(msg.SCHEMA, msg.wrong_type(["object"]), location)
        return []
    if not schema.check_object(report, "state", state, location):
        return []
    site = StateSite(name, state, location, scope, fl.language_of(state, scope.language))
    return check_state(report, site)
