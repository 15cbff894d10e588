"""JSONPath-mode Choice rules: ``And``/``Or``/``Not`` and the 39 comparison operators.

``OPERATORS`` maps each AWS operator name to a plain ``(value, operand) -> bool``; the
``...Path`` variants read their operand from a second reference path and reuse the base
function. As on AWS (317 recorded cases), a value of the wrong type makes a comparison
false rather than failing; only a ``Variable`` that selects nothing fails, with the
usual ``States.Runtime`` "Invalid path" cause, except for ``IsPresent``, which exists to
test exactly that. Strings compare in Java's ``String.compareTo`` order and timestamps as
instants (offsets and nanoseconds included); ``StringMatches`` runs in linear time.
"""
from __future__ import annotations

from operator import eq, ge, gt, le, lt
from typing import Any, Callable

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError
from asl.expr.jsonpath import PathNotFound, compile_reference_path
from asl.expr.jsontext import is_number, java_string_compare, json_text
from asl.expr.timestamps import timestamp_key

Rule = Callable[[Any, Any], bool]
MISSING: Any = object()  # the "value" of a Variable that selects nothing (IsPresent only)
_IGNORED_FIELDS = frozenset({"Next", "Assign", "Comment", "Output"})


# --------------------------------------------------------------------------- operators
def _strings(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(value: Any, operand: Any) -> bool:
        return isinstance(value, str) and isinstance(operand, str) and test(java_string_compare(value, operand), 0)
    return compare


def _numbers(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(value: Any, operand: Any) -> bool:
        return is_number(value) and is_number(operand) and test(value, operand)
    return compare


def _timestamps(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(value: Any, operand: Any) -> bool:
        left, right = timestamp_key(value), timestamp_key(operand)
        return left is not None and right is not None and test(left, right)
    return compare


def boolean_equals(value: Any, operand: Any) -> bool:
    return isinstance(value, bool) and isinstance(operand, bool) and value is operand


def string_matches(value: Any, operand: Any) -> bool:
    return isinstance(value, str) and isinstance(operand, str) and wildcard_matcher(operand)(value)


def _type_test(test: Callable[[Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda value, expected: value is not MISSING and test(value) is bool(expected)


_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "Equals": eq, "LessThan": lt, "GreaterThan": gt, "LessThanEquals": le, "GreaterThanEquals": ge,
}


def _orderings(kind: str, compare: Callable[[Callable[[Any, Any], bool]], Rule]) -> dict[str, Rule]:
    """``<kind>Equals``, ``<kind>LessThan``...: AWS's five orderings of one type of value."""
    return {kind + name: compare(test) for name, test in _ORDERINGS.items()}


_NUMERIC_ORDERINGS = {"Numeric" + name: test for name, test in _ORDERINGS.items()}
_TIMESTAMP_ORDERINGS = {"Timestamp" + name: test for name, test in _ORDERINGS.items()}

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    **_orderings("String", _strings),
    "StringMatches": string_matches,
    **_orderings("Numeric", _numbers),
    "BooleanEquals": boolean_equals,
    **_orderings("Timestamp", _timestamps),
    "IsNull": _type_test(lambda value: value is None),
    "IsPresent": lambda value, expected: (value is not MISSING) is bool(expected),
    "IsNumeric": _type_test(is_number),
    "IsString": _type_test(lambda value: isinstance(value, str)),
    "IsBoolean": _type_test(lambda value: isinstance(value, bool)),
    "IsTimestamp": _type_test(lambda value: timestamp_key(value) is not None),
}
_PATH_SUFFIX = "Path"
_PATH_BASES = tuple(
    name for name in OPERATORS if name.startswith(("String", "Numeric", "Boolean", "Timestamp"))
    and name != "StringMatches"
)
for _base in _PATH_BASES:
    OPERATORS[_base + _PATH_SUFFIX] = OPERATORS[_base]
del _base

_OPERAND_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "String": (lambda v: isinstance(v, str), "a string"),
    "Numeric": (is_number, "a number"),
    "Boolean": (lambda v: isinstance(v, bool), "a boolean"),
    "Timestamp": (lambda v: timestamp_key(v) is not None, "an RFC 3339 timestamp"),
    "Is": (lambda v: isinstance(v, bool), "a boolean"),
}


# --------------------------------------------------------------------------- StringMatches
def wildcard_matcher(pattern: str) -> Callable[[str], bool]:
    """A matcher for AWS's ``*`` wildcard (``\\*`` and ``\\\\`` escape): a prefix, a suffix
    and the pieces between stars found leftmost-first, so no backtracking is needed."""
    pieces = _wildcard_pieces(pattern)
    if len(pieces) == 1:
        exact = pieces[0]
        return lambda text: text == exact
    head, *middle, tail = pieces
    fixed = len(head) + len(tail)

    def matches(text: str) -> bool:
        if len(text) < fixed or not text.startswith(head) or not text.endswith(tail):
            return False
        position, end = len(head), len(text) - len(tail)
        for piece in middle:
            found = text.find(piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True
    return matches


def _wildcard_pieces(pattern: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            current.append(pattern[index + 1])
            index += 2
            continue
        if char == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    pieces.append("".join(current))
    return pieces


# --------------------------------------------------------------------------- compiling rules
def compile_rule(rule: Any) -> Rule:
    """A Choice rule (top-level or nested) as ``(input, env) -> bool``; ``Next``,
    ``Assign`` and ``Comment`` are ignored. ``ExprSyntaxError`` for malformed rules."""
    if not isinstance(rule, dict):
        raise ExprSyntaxError(f"A Choice rule must be an object, not {json_text(rule)}")
    fields = [key for key in rule if key not in _IGNORED_FIELDS]
    combinators = [key for key in fields if key in ("And", "Or", "Not")]
    if combinators:
        if len(fields) != 1:
            raise ExprSyntaxError(f"A rule with {combinators[0]} cannot also have {sorted(set(fields) - {combinators[0]})}")
        return _compile_combinator(combinators[0], rule[combinators[0]])
    operators = [key for key in fields if key != "Variable"]
    if len(operators) != 1 or "Variable" not in rule:
        raise ExprSyntaxError(
            f"A Choice rule needs 'Variable' and exactly one comparison operator, found {sorted(fields)}"
        )
    return _compile_comparison(rule["Variable"], operators[0], rule[operators[0]])


def _compile_combinator(name: str, operand: Any) -> Rule:
    if name == "Not":
        inner = compile_rule(operand)
        return lambda input, env: not inner(input, env)
    if not isinstance(operand, list) or not operand:
        raise ExprSyntaxError(f"'{name}' must be a non-empty array of rules")
    rules = tuple(compile_rule(item) for item in operand)
    if name == "And":
        return lambda input, env: all(rule(input, env) for rule in rules)
    return lambda input, env: any(rule(input, env) for rule in rules)


def _compile_comparison(variable_text: Any, operator: str, operand: Any) -> Rule:
    test = OPERATORS.get(operator)
    if test is None:
        raise ExprSyntaxError(f"Unknown Choice operator '{operator}'")
    variable = _reference(variable_text, "Variable")
    if operator == "IsPresent":
        _check_operand(operator, operand)
        expected = bool(operand)
        return lambda input, env: variable.exists(input, env) is expected
    read_variable = _reader(variable)
    if operator.endswith(_PATH_SUFFIX):
        read_operand = _reader(_reference(operand, operator))
        return lambda input, env: test(read_variable(input, env), read_operand(input, env))
    _check_operand(operator, operand)
    if operator == "StringMatches":
        matcher = wildcard_matcher(operand)
        return lambda input, env: _matches(matcher, read_variable(input, env))
    ordering = _NUMERIC_ORDERINGS.get(operator)
    if ordering is not None:  # the operand is a number (checked above): only the value needs the test
        return lambda input, env: _number_ordered(ordering, read_variable(input, env), operand)
    ordering = _TIMESTAMP_ORDERINGS.get(operator)
    if ordering is not None:  # the operand is a valid timestamp (checked above): parsed once, here
        key = timestamp_key(operand)
        return lambda input, env: _timestamp_ordered(ordering, read_variable(input, env), key)
    return lambda input, env: test(read_variable(input, env), operand)


def _number_ordered(ordering: Callable[[Any, Any], bool], value: Any, operand: Any) -> bool:
    return is_number(value) and ordering(value, operand)


def _timestamp_ordered(ordering: Callable[[Any, Any], bool], value: Any, key: tuple[int, int]) -> bool:
    left = timestamp_key(value)
    return left is not None and ordering(left, key)


def _matches(matcher: Callable[[str], bool], value: Any) -> bool:
    return isinstance(value, str) and matcher(value)


def _reference(text: Any, field: str) -> Any:
    if not isinstance(text, str):
        raise ExprSyntaxError(f"'{field}' must be a reference path string, not {json_text(text)}")
    return compile_reference_path(text)


def _check_operand(operator: str, operand: Any) -> None:
    family = next(prefix for prefix in _OPERAND_CHECKS if operator.startswith(prefix))
    check, what = _OPERAND_CHECKS[family]
    if not check(operand):
        raise ExprSyntaxError(f"The value of '{operator}' must be {what}, not {json_text(operand)}")


def _reader(path: Any) -> Callable[[Any, Env | None], Any]:
    """Read a definite path; a miss is AWS's ``States.Runtime`` "Invalid path" failure."""
    if path.root == "$":  # the state's input: no environment to consult
        select = path.select

        def read_input(input: Any, env: Env | None) -> Any:
            try:
                return select(input)
            except PathNotFound as missing:
                raise StatesError("States.Runtime", str(missing)) from None
        return read_input
    evaluate = path.evaluate

    def read(input: Any, env: Env | None) -> Any:
        try:
            return evaluate(input, env)
        except PathNotFound as missing:
            raise StatesError("States.Runtime", str(missing)) from None
    return read
