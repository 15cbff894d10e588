"""Hypothesis strategies for *valid* ASL definitions, both query languages, nested machines.

Each machine is a chain: state ``i`` always leads to state ``i + 1`` (``Next``, or a
Choice's ``Default``) and the last state ends it, so every state is reachable and the
machine can end; Choice rules and Catchers may jump to any state of the same scope.
State names are unique across the whole definition (a counter shared by one draw) and
deliberately include spaces, slashes and non-ASCII letters.
"""
from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:fn"
RESOURCES = (
    LAMBDA,
    "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::lambda:invoke.waitForTaskToken",
    "arn:aws-cn:states:::sqs:sendMessage",
    "arn:aws:states:::states:startExecution.sync:2",
    "arn:aws:states:::aws-sdk:s3:getObject",
    "arn:aws-us-gov:states:::dynamodb:putItem",
    "arn:aws:states:us-east-1:123456789012:activity:worker",
    "arn:aws:states:::http:invoke",
)
PATHS = ("$", "$.a", "$.a.b[0]", "$['x y']", "$$.Execution.Id", "$.items[*].id", "$var")
REFERENCE_PATHS = ("$", "$.r", "$.a.b", "$['key']", "$.list[2]")
VALUE_EXPRESSIONS = ("$.a", "$$.State.Name", "States.Format('{}-{}', $.a, $.b)", "States.UUID()",
                     "States.ArrayLength($.list)", "$var.x")
JSONATA = ("{% $states.input %}", "{% $states.input.a + 1 %}", "{% $count([1, 2]) %}",
           "{% $myVar %}", "{% 'literal' %}", "{% {'k': $states.context.Execution.Id} %}")
NAME_STEMS = ("S", "State ", "Step/", "État-", "x_")
ERROR_NAMES = ("States.Timeout", "States.TaskFailed", "Custom.Error", "Lambda.ServiceException")

json_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6) | st.text(max_size=6)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


class _Names:
    """Unique state names within one drawn definition."""

    def __init__(self) -> None:
        self.count = 0

    def next(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"


def _maybe(draw: Any, field: str, strategy: st.SearchStrategy, into: dict[str, Any]) -> None:
    if draw(st.booleans()):
        into[field] = draw(strategy)


@st.composite
def templates(draw: Any) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(("a", "b", "c d", "ü")), max_size=3, unique=True))
    template: dict[str, Any] = {}
    for key in keys:
        if draw(st.booleans()):
            template[f"{key}.$"] = draw(st.sampled_from(VALUE_EXPRESSIONS))
        else:
            template[key] = draw(json_values)
    return template


@st.composite
def jsonata_values(draw: Any) -> Any:
    return draw(st.sampled_from(JSONATA) | st.dictionaries(st.sampled_from(("x", "y")), st.sampled_from(JSONATA) | json_scalars, max_size=2))


def _assign(draw: Any, jsonata: bool) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(("myVar", "count", "total", "élan")), min_size=1, max_size=2, unique=True))
    if jsonata:
        return {n: draw(st.sampled_from(JSONATA) | json_scalars) for n in names}
    return {(f"{n}.$" if draw(st.booleans()) else n): draw(st.sampled_from(VALUE_EXPRESSIONS)) for n in names}


def _io(draw: Any, state: dict[str, Any], jsonata: bool, result: bool) -> None:
    if jsonata:
        _maybe(draw, "Output", jsonata_values(), state)
        return
    _maybe(draw, "InputPath", st.sampled_from(PATHS) | st.none(), state)
    _maybe(draw, "OutputPath", st.sampled_from(PATHS) | st.none(), state)
    if result:
        _maybe(draw, "ResultPath", st.sampled_from(REFERENCE_PATHS) | st.none(), state)


def _retry_catch(draw: Any, state: dict[str, Any], targets: list[str], jsonata: bool) -> None:
    if draw(st.booleans()):
        retriers = [{"ErrorEquals": draw(st.lists(st.sampled_from(ERROR_NAMES), min_size=1, max_size=2, unique=True))}
                    for _ in range(draw(st.integers(1, 2)))]
        for retrier in retriers:
            _maybe(draw, "IntervalSeconds", st.integers(1, 10), retrier)
            _maybe(draw, "MaxAttempts", st.integers(0, 5), retrier)
            _maybe(draw, "BackoffRate", st.sampled_from((1, 1.5, 2.0)), retrier)
            _maybe(draw, "JitterStrategy", st.sampled_from(("FULL", "NONE")), retrier)
        if draw(st.booleans()):
            retriers.append({"ErrorEquals": ["States.ALL"]})
        state["Retry"] = retriers
    if targets and draw(st.booleans()):
        catcher: dict[str, Any] = {"ErrorEquals": ["States.ALL"], "Next": draw(st.sampled_from(targets))}
        if jsonata:
            _maybe(draw, "Output", jsonata_values(), catcher)
        else:
            _maybe(draw, "ResultPath", st.sampled_from(REFERENCE_PATHS) | st.none(), catcher)
        state["Catch"] = [catcher]


@st.composite
def comparisons(draw: Any, depth: int = 0) -> dict[str, Any]:
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        kind = draw(st.sampled_from(("And", "Or", "Not")))
        if kind == "Not":
            return {"Not": draw(comparisons(depth + 1))}
        return {kind: draw(st.lists(comparisons(depth + 1), min_size=1, max_size=2))}
    operator, operand = draw(st.sampled_from((
        ("StringEquals", st.text(max_size=4)), ("StringMatches", st.just("a*")),
        ("NumericGreaterThan", st.integers(-5, 5)), ("NumericEqualsPath", st.just("$.n")),
        ("BooleanEquals", st.booleans()), ("IsPresent", st.booleans()),
        ("TimestampLessThan", st.just("2024-01-01T00:00:00Z")),
    )))
    return {"Variable": draw(st.sampled_from(("$.a", "$.n", "$var", "$$.State.Name"))), operator: draw(operand)}


def _choice(draw: Any, names: list[str], index: int, jsonata: bool) -> dict[str, Any]:
    later = names[index + 1:]
    rules = []
    for _ in range(draw(st.integers(1, 3))):
        rule = {"Condition": draw(st.sampled_from(("{% $states.input.a > 1 %}", "{% true %}")) | st.booleans())} if jsonata else draw(comparisons())
        rule["Next"] = draw(st.sampled_from(later))
        if draw(st.booleans()):
            rule["Assign"] = _assign(draw, jsonata)
        rules.append(rule)
    return {"Type": "Choice", "Choices": rules, "Default": names[index + 1]}


def _flow(state: dict[str, Any], names: list[str], index: int) -> dict[str, Any]:
    if index + 1 < len(names):
        state["Next"] = names[index + 1]
    else:
        state["End"] = True
    return state


@st.composite
def _state(draw: Any, names: list[str], index: int, depth: int, jsonata: bool, counter: _Names) -> dict[str, Any]:
    last = index == len(names) - 1
    kinds = ["Pass", "Task", "Wait"] + (["Succeed", "Fail"] if last else ["Choice"]) + (["Parallel", "Map"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    state: dict[str, Any] = {"Type": kind}
    _maybe(draw, "Comment", st.text(max_size=10), state)
    if kind == "Choice":
        return _choice(draw, names, index, jsonata)
    if kind == "Fail":
        if jsonata:
            _maybe(draw, "Error", st.sampled_from(("Boom", "{% 'Err' %}")), state)
        else:
            _maybe(draw, "ErrorPath", st.sampled_from(VALUE_EXPRESSIONS), state)
        _maybe(draw, "Cause", st.text(max_size=8), state)
        return state
    if kind == "Succeed":
        _io(draw, state, jsonata, result=False)
        return state
    targets = names
    if kind == "Pass":
        if not jsonata:
            _maybe(draw, "Result", json_values, state)
            _maybe(draw, "Parameters", templates(), state)
        _io(draw, state, jsonata, result=True)
    elif kind == "Task":
        state["Resource"] = draw(st.sampled_from(RESOURCES))
        if jsonata:
            _maybe(draw, "Arguments", jsonata_values(), state)
            _maybe(draw, "TimeoutSeconds", st.integers(2, 100) | st.just("{% 30 %}"), state)
        else:
            _maybe(draw, "Parameters", templates(), state)
            _maybe(draw, "ResultSelector", templates(), state)
            if draw(st.booleans()):
                state["TimeoutSeconds"] = draw(st.integers(2, 100))
                _maybe(draw, "HeartbeatSeconds", st.integers(1, state["TimeoutSeconds"] - 1), state)
        _io(draw, state, jsonata, result=True)
        _retry_catch(draw, state, targets, jsonata)
    elif kind == "Wait":
        field, value = draw(st.sampled_from((
            ("Seconds", st.integers(0, 100)), ("Timestamp", st.just("2024-03-14T01:59:00Z")),
            *((("SecondsPath", st.just("$.wait")), ("TimestampPath", st.just("$.when"))) if not jsonata else ()),
        )))
        state[field] = draw(value)
        _io(draw, state, jsonata, result=False)
    elif kind == "Parallel":
        state["Branches"] = draw(st.lists(machines(depth + 1, jsonata, counter), min_size=1, max_size=2))
        _io(draw, state, jsonata, result=True)
        _retry_catch(draw, state, targets, jsonata)
    else:
        _map(draw, state, depth, jsonata, counter)
        _io(draw, state, jsonata, result=True)
        _retry_catch(draw, state, targets, jsonata)
    if draw(st.booleans()):
        state["Assign"] = _assign(draw, jsonata)
    return _flow(state, names, index)


def _map(draw: Any, state: dict[str, Any], depth: int, jsonata: bool, counter: _Names) -> None:
    processor = draw(machines(depth + 1, jsonata, counter))
    if draw(st.booleans()):
        processor["ProcessorConfig"] = draw(st.sampled_from(({"Mode": "INLINE"}, {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"})))
    state["ItemProcessor" if draw(st.integers(0, 3)) else "Iterator"] = processor
    _maybe(draw, "MaxConcurrency", st.integers(0, 40), state)
    if jsonata:
        _maybe(draw, "Items", st.just("{% $states.input.items %}") | st.lists(json_scalars, max_size=3), state)
    else:
        _maybe(draw, "ItemsPath", st.sampled_from(("$.items", "$itemsVar", "$$.Execution.Input.list")), state)
        _maybe(draw, "ItemSelector", templates(), state)


@st.composite
def machines(draw: Any, depth: int = 0, jsonata: bool = False, counter: _Names | None = None) -> dict[str, Any]:
    """One machine (top level or nested): StartAt plus a chain of states."""
    counter = counter or _Names()
    size = draw(st.integers(1, 4 if depth == 0 else 2))
    names = [counter.next(draw(st.sampled_from(NAME_STEMS))) for _ in range(size)]
    states = {name: draw(_state(names, i, depth, jsonata, counter)) for i, name in enumerate(names)}
    machine: dict[str, Any] = {"StartAt": names[0], "States": states}
    _maybe(draw, "Comment", st.text(max_size=10), machine)
    return machine


@st.composite
def definitions(draw: Any) -> dict[str, Any]:
    """A whole valid definition, in JSONPath or JSONata."""
    jsonata = draw(st.booleans())
    definition = draw(machines(0, jsonata))
    if jsonata:
        definition["QueryLanguage"] = "JSONata"
    elif draw(st.booleans()):
        definition["QueryLanguage"] = "JSONPath"
    _maybe(draw, "TimeoutSeconds", st.integers(1, 10**6), definition)
    _maybe(draw, "Version", st.just("1.0"), definition)
    return definition
