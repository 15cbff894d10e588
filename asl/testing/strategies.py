"""Hypothesis strategies that explore a state machine (hypothesis is a test extra).

``inputs(machine)`` draws execution inputs shaped by what the machine reads: every
``Variable`` of its JSONPath Choice rules gets values on both sides of each comparison
(the constant itself, its neighbours, matching and non-matching strings for a
``StringMatches`` pattern...), so that generated inputs reach every rule and the
``Default``; a field is left out only when a rule asks ``IsPresent`` about it, and given
a value of another type only when a rule asks its type (``IsNumeric``...). Other paths
the machine reads (``ItemsPath``, ``.$`` fields) get plain JSON values (lists for items).

``task_outcomes(machine, state)`` draws MockConfigFile-style answers for a Task state:
a result, or one of the errors its Retry and Catch name; ``mocks(machine)`` draws a whole
``mocks`` mapping, with enough answers per state to cover every retry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from hypothesis import strategies as st

from asl.graph import nested_machines

_ABSENT = object()
_SIMPLE_PATH = re.compile(r"^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)$")
_NOT_OPERATORS = frozenset({"Variable", "Next", "Assign", "Output", "Comment"})
_TYPE_TESTS = {"IsNumeric", "IsString", "IsBoolean", "IsTimestamp", "IsNull"}
_JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=8))


@dataclass
class PathFacts:
    """What the Choice rules ask of one input field."""

    values: list[Any] = field(default_factory=list)
    may_be_absent: bool = False
    any_type: bool = False
    kinds: set[str] = field(default_factory=set)


def _definition(machine: Any) -> dict[str, Any]:
    return machine._raw if hasattr(machine, "_raw") else machine


# ---------------------------------------------------------------------- what is read
def choice_facts(machine: Any) -> dict[tuple[str, ...], PathFacts]:
    """Per input field (as a key path), the values worth trying, from every Choice rule."""
    facts: dict[tuple[str, ...], PathFacts] = {}
    for state in _states(_definition(machine)):
        if state.get("Type") != "Choice" or state.get("QueryLanguage") == "JSONata":
            continue
        for rule in state.get("Choices", ()):
            for comparison in _comparisons(rule):
                _note(facts, comparison)
    return facts


def _states(scope: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for state in scope.get("States", {}).values():
        yield state
        for _kind, _index, child in nested_machines(state):
            yield from _states(child)


def _comparisons(rule: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("And", "Or"):
        for inner in rule.get(key, ()):
            yield from _comparisons(inner)
    if isinstance(rule.get("Not"), dict):
        yield from _comparisons(rule["Not"])
    if "Variable" in rule:
        yield rule


def _key_path(path: Any) -> Optional[tuple[str, ...]]:
    match = _SIMPLE_PATH.match(path) if isinstance(path, str) else None
    return tuple(match.group(1)[1:].split(".")) if match else None


def _note(facts: dict[tuple[str, ...], PathFacts], comparison: dict[str, Any]) -> None:
    key = _key_path(comparison["Variable"])
    if key is None:
        return
    fact = facts.setdefault(key, PathFacts())
    for operator, operand in comparison.items():
        if operator in _NOT_OPERATORS:
            continue
        if operator == "IsPresent":
            fact.may_be_absent = True
        elif operator in _TYPE_TESTS:
            fact.any_type = True
        elif operator.endswith("Path"):
            fact.kinds.add(_kind_of(operator))
        else:
            fact.kinds.add(_kind_of(operator))
            fact.values.extend(_around(operator, operand))


def _kind_of(operator: str) -> str:
    for kind in ("Numeric", "String", "Boolean", "Timestamp"):
        if operator.startswith(kind):
            return kind
    return "Any"


def _around(operator: str, operand: Any) -> list[Any]:
    """The operand and values just either side of it, so each comparison goes both ways."""
    if operator.startswith("Numeric") and isinstance(operand, (int, float)) and not isinstance(operand, bool):
        return [operand, operand - 1, operand + 1, operand + 0.5]
    if operator == "StringMatches" and isinstance(operand, str):
        filled = operand.replace("\\*", "\0")
        return [filled.replace("*", "").replace("\0", "*"), filled.replace("*", "x").replace("\0", "*"), operand + "~"]
    if operator.startswith("String") and isinstance(operand, str):
        return [operand, operand + "a", operand[:-1], ""]
    if operator.startswith("Boolean"):
        return [True, False]
    if operator.startswith("Timestamp") and isinstance(operand, str):
        return [operand, _shift(operand, -1), _shift(operand, 1)]
    return [operand]


def _shift(timestamp: str, seconds: int) -> str:
    from datetime import timedelta

    from asl.expr.timestamps import parse_timestamp

    parsed = parse_timestamp(timestamp)
    if parsed is None:
        return timestamp
    return (parsed + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def other_paths(machine: Any) -> dict[tuple[str, ...], str]:
    """Input fields read outside Choice rules: ``items`` (must be a list) or ``value``."""
    found: dict[tuple[str, ...], str] = {}
    definition = _definition(machine)
    start = definition.get("States", {}).get(definition.get("StartAt"), {})
    for key, value in _walk(start.get("Parameters", start.get("ItemSelector", {}))):
        if key.endswith(".$") and _key_path(value):
            found.setdefault(_key_path(value), "value")  # type: ignore[arg-type]
    items = _key_path(start.get("ItemsPath"))
    if start.get("Type") == "Map" and items:
        found[items] = "items"
    return found


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)


# ---------------------------------------------------------------------- strategies
def _value_strategy(fact: PathFacts) -> Any:
    """Mostly the telling values (constants and their neighbours), drawn uniformly so that
    rare combinations still come up; sometimes absence, another type, or any value."""
    telling = list(fact.values)
    broad = []
    for kind in sorted(fact.kinds):
        telling.extend(_TYPICAL.get(kind, ()))
        if kind in _BROAD:
            broad.append(_BROAD[kind])
    branches = []
    if telling:
        sampled = st.sampled_from(list({_identity(v): v for v in telling}.values()))
        branches.extend([sampled] * 4)
    if fact.any_type or not telling:
        branches.append(st.sampled_from([None, "text", 7, True, [], {}]))
    if fact.may_be_absent:
        branches.append(st.just(_ABSENT))
    return st.one_of(*branches, *broad)


def _identity(value: Any) -> Any:
    return (type(value).__name__, repr(value))


_TYPICAL: dict[str, tuple[Any, ...]] = {
    "Numeric": (0, -1), "String": ("", "zzz"), "Boolean": (True, False), "Timestamp": ("2025-01-01T00:00:00Z",),
}
_BROAD = {"Numeric": st.integers(-100, 100), "String": st.text(max_size=6), "Boolean": st.booleans()}


def inputs(machine: Any) -> Any:
    """Execution inputs (JSON objects) that drive the machine down each Choice branch:
    half are free combinations of telling values, half aim at one rule (or at every
    rule failing, for the Default) by choosing values that make that rule hold."""
    facts = choice_facts(machine)
    fields: dict[tuple[str, ...], Any] = {k: _value_strategy(f) for k, f in facts.items()}
    for key, role in other_paths(machine).items():
        if key not in fields:
            fields[key] = st.lists(_JSON_SCALARS, max_size=5) if role == "items" else _JSON_SCALARS
    keys = sorted(fields)
    free = st.tuples(*(fields[k] for k in keys)).map(lambda values: dict(zip(keys, values)))
    goals = _goals(machine, facts)
    if goals:
        aimed = st.tuples(free, st.one_of(goals)).map(lambda pair: {**pair[0], **pair[1]})
        free = st.one_of(free, aimed)
    return free.map(lambda assignment: _nest(assignment.items()))


def _goals(machine: Any, facts: dict[tuple[str, ...], PathFacts]) -> list[Any]:
    """Per Choice state: a strategy per rule making it hold, and one making all fail."""
    goals = []
    for state in _states(_definition(machine)):
        if state.get("Type") != "Choice" or state.get("QueryLanguage") == "JSONata":
            continue
        rules = list(state.get("Choices", ()))
        for index, rule in enumerate(rules):  # earlier rules fail, this one holds
            parts = [_goal(earlier, False, facts) for earlier in rules[:index]] + [_goal(rule, True, facts)]
            goals.append(st.tuples(*parts).map(_merge))
        if rules:
            goals.append(st.tuples(*(_goal(rule, False, facts) for rule in rules)).map(_merge))
    return goals


def _merge(parts: Any) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for part in parts:
        out.update(part)
    return out


def _goal(rule: dict[str, Any], want: bool, facts: dict[tuple[str, ...], PathFacts]) -> Any:
    """Assignments (key path -> value) under which ``rule`` evaluates to ``want``."""
    if "Not" in rule and isinstance(rule["Not"], dict):
        return _goal(rule["Not"], not want, facts)
    for key, every in (("And", True), ("Or", False)):
        if key in rule:
            children = [_goal(child, want, facts) for child in rule[key]]
            if want == every:  # all children must agree
                return st.tuples(*children).map(_merge)
            return st.one_of(children)
    key = _key_path(rule.get("Variable"))
    if key is None:
        return st.just({})
    options = [v for v in _candidates(facts.get(key)) if _holds(rule, key, v) is want]
    return st.sampled_from(options).map(lambda v: {key: v}) if options else st.just({})


def _candidates(fact: Optional[PathFacts]) -> list[Any]:
    if fact is None:
        return []
    values = list(fact.values) + [v for k in sorted(fact.kinds) for v in _TYPICAL.get(k, ())]
    return values + [_ABSENT, None, "text", 7, True]


def _holds(rule: dict[str, Any], key: tuple[str, ...], value: Any) -> Optional[bool]:
    """Whether the single comparison ``rule`` holds for ``value`` (None: it cannot be evaluated)."""
    from asl.errors import StatesError
    from asl.expr import SimpleEnv
    from asl.expr.choice import compile_rule

    leaf = {k: v for k, v in rule.items() if k not in ("Next", "Assign", "Output", "Comment")}
    try:
        return bool(compile_rule(leaf)(_nest([(key, value)]), SimpleEnv()))
    except (StatesError, ValueError, TypeError, KeyError):
        return None


def _nest(pairs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in pairs:
        if value is _ABSENT:
            continue
        node = out
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = value
    return out


def _task_states(machine: Any) -> dict[str, dict[str, Any]]:
    return {name: state for scope in _scopes(_definition(machine)) for name, state in scope.get("States", {}).items()
            if state.get("Type") == "Task"}


def _scopes(scope: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield scope
    for state in scope.get("States", {}).values():
        for _kind, _index, child in nested_machines(state):
            yield from _scopes(child)


def named_errors(state: dict[str, Any]) -> list[str]:
    """The errors a Task's Retry and Catch name, wildcards made concrete."""
    names: list[str] = []
    for handler in list(state.get("Retry", ())) + list(state.get("Catch", ())):
        for error in handler.get("ErrorEquals", ()):
            concrete = {"States.ALL": "Custom.Unexpected"}.get(error, error)
            if concrete not in names:
                names.append(concrete)
    return names


def task_outcomes(machine: Any, state: str, result: Any = None) -> Any:
    """One answer for ``state``: ``{"Return": result}`` or a ``Throw`` of a named error."""
    errors = named_errors(_task_states(machine)[state])
    success = st.just({"Return": {} if result is None else result})
    if not errors:
        return success
    failures = st.sampled_from(errors).map(lambda e: {"Throw": {"Error": e, "Cause": f"{e} (generated)"}})
    return st.one_of(success, failures)


def mocks(machine: Any, results: Optional[dict[str, Any]] = None) -> Any:
    """A ``mocks`` mapping for every Task state, with one answer per possible attempt."""
    states = _task_states(machine)
    results = results or {}
    parts = {}
    for name, state in states.items():
        attempts = 1 + sum(int(r.get("MaxAttempts", 3)) for r in state.get("Retry", ()))
        answer = task_outcomes(machine, name, results.get(name))
        parts[name] = st.lists(answer, min_size=attempts, max_size=attempts)
    return st.fixed_dictionaries(parts)
