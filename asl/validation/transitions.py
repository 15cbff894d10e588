"""Where each scope can go: targets exist, every state is reachable, the machine can end.

AWS's rules (measured): a ``Next``/``Default``/Catch ``Next``/``StartAt`` naming no state
of its own scope is ``MISSING_TRANSITION_TARGET: Missing 'Next' target: X`` at that
field; a state no path from ``StartAt`` reaches is ``MISSING_TRANSITION_TARGET: State "X"
is not reachable.``; a top-level machine without any terminal state is
``MISSING_END_STATE`` (and then its reachability is not reported, nor is it when the
scope has no ``StartAt`` at all: AWS reports the missing field alone).
"""
from __future__ import annotations

from typing import Any

from asl.graph import is_terminal, transitions
from asl.validation import messages as msg
from asl.validation.context import Report, Scope, join

_FIELD_OF = {"next": ("Next",), "default": ("Default",)}


def check_scopes(report: Report, scopes: list[tuple[dict[str, Any], Scope]]) -> None:
    """All transition checks for every scope, in definition order."""
    missing_end = False
    for machine, scope in scopes:
        states = machine.get("States")
        if not isinstance(states, dict):
            continue
        _check_targets(report, machine, states, scope)
        no_terminal = scope.depth == 0 and not any(is_terminal(s) for s in states.values())
        missing_end = missing_end or no_terminal
        if not no_terminal and isinstance(machine.get("StartAt"), str):
            _check_reachable(report, machine, states, scope)
    if missing_end:
        report.error(msg.MISSING_END, msg.NO_TERMINAL_STATE, "/")


def _check_targets(report: Report, machine: dict[str, Any], states: dict[str, Any], scope: Scope) -> None:
    start = machine.get("StartAt")
    if isinstance(start, str) and start not in states:
        report.error(msg.MISSING_TARGET, msg.missing_target(start), join(scope.location, "StartAt"))
    for name, state in states.items():
        for kind, target, extra in transitions(state):
            if target not in states:
                where = join(scope.location, "States", name, *_target_field(kind, extra))
                report.error(msg.MISSING_TARGET, msg.missing_target(target), where)


def _target_field(kind: str, extra: dict[str, Any]) -> tuple[object, ...]:
    if kind == "choice":
        return ("Choices", extra["rule"], "Next")
    if kind == "catch":
        return ("Catch", extra["index"], "Next")
    return _FIELD_OF[kind]


def _check_reachable(report: Report, machine: dict[str, Any], states: dict[str, Any], scope: Scope) -> None:
    start = machine.get("StartAt")
    seen: set[str] = set()
    pending = [start] if isinstance(start, str) and start in states else []
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending.extend(t for _, t, _ in transitions(states[name]) if t in states and t not in seen)
    for name in states:
        if name not in seen:
            report.error(msg.MISSING_TARGET, msg.unreachable(name), join(scope.location, "States", name))
