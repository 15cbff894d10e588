"""The text of ASL paths, parsed the way Jayway JsonPath (AWS's engine) reads it.

A path text becomes ``(root, steps)``: the root (``$``, ``$$`` or a variable name) and a
tuple of steps, each ``(kind, payload...)`` with a kind from ``KEY``..``FILTER``. Failures
are ``ExprSyntaxError``s naming the position. A filter (``[?(...)]``) is compiled here
into a predicate ``(node, root) -> bool``; how a path inside a filter reads the document
is evaluation, which belongs to ``asl.expr.jsonpath``, so the caller of ``parse_path``
passes it in as ``select`` (this module never imports the evaluator).
"""
from __future__ import annotations

import json
import re
from operator import ge, gt, le, lt
from typing import Any, Callable

from asl.expr import ExprSyntaxError
from asl.expr.jsontext import is_number, java_string_compare, json_equal

KEY, INDEX, KEYS, INDEXES, SLICE, WILD, SCAN, FILTER = range(8)
Step = tuple  # (kind, payload...)
Steps = tuple[Step, ...]
Select = Callable[[Steps], Callable[[Any], Any]]  # steps -> (node -> value, MISSING or matches)
MISSING: Any = object()  # what a definite path inside a filter gives when it selects nothing


# --------------------------------------------------------------------------- parsing
class _Reader:
    """A cursor over the path text, with Jayway-like failure messages."""

    __slots__ = ("text", "pos", "depth", "select")

    def __init__(self, text: str, select: Select):
        self.text = text
        self.pos = 0
        self.depth = 0
        self.select = select

    def peek(self, offset: int = 0) -> str:
        at = self.pos + offset
        return self.text[at] if at < len(self.text) else ""

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def startswith(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t", "\n", "\r") and not self.at_end():
            self.pos += 1

    def expect(self, token: str) -> None:
        self.skip_spaces()
        if not self.startswith(token):
            self.fail(f"expected '{token}'")
        self.pos += len(token)

    def fail(self, why: str) -> Any:
        raise ExprSyntaxError(f"Invalid path '{self.text}': {why} at position {self.pos}")


def parse_path(text: str, select: Select) -> tuple[str, Steps]:
    """``(root, steps)`` for a path text; root is ``$``, ``$$`` or a variable name.
    ``select(steps)`` gives how a path inside a filter reads a node (see the module doc)."""
    reader = _Reader(text, select)
    root = _parse_root(reader)
    steps = _parse_steps(reader, stops="")
    return root, steps


def _parse_root(reader: _Reader) -> str:
    text = reader.text
    if not text.startswith("$"):
        reader.fail("a path must start with '$'")
    if text.startswith("$$"):
        reader.pos = 2
        return "$$"
    reader.pos = 1
    while not reader.at_end() and reader.peek() not in ".[":
        reader.pos += 1
    name = text[1:reader.pos]
    if not name:
        return "$"
    if not name.isidentifier():
        reader.pos = 1
        reader.fail(f"'{name}' is not a valid variable name")
    if name == "states":
        reader.pos = 1
        reader.fail("'$states' is reserved for JSONata expressions")
    return name


def _parse_steps(reader: _Reader, stops: str) -> Steps:
    steps: list[Step] = []
    while not reader.at_end():
        char = reader.peek()
        if char in stops:
            break
        if char == "[":
            steps.append(_parse_bracket(reader))
            continue
        if char != ".":
            reader.fail(f"unexpected character {char!r}")
        if reader.peek(1) == ".":
            reader.pos += 2
            steps.append((SCAN,))
            if reader.peek() == "[":
                continue
        else:
            reader.pos += 1
        if reader.peek() == "*":
            reader.pos += 1
            steps.append((WILD,))
        else:
            steps.append((KEY, _parse_dot_name(reader, stops)))
    return tuple(steps)


def _parse_dot_name(reader: _Reader, stops: str) -> str:
    start = reader.pos
    while not reader.at_end() and reader.peek() not in ".[( " and reader.peek() not in stops:
        reader.pos += 1
    if reader.peek() == " " and " " not in stops:
        reader.fail("use bracket notation ['my prop'] for names with blanks")
    if reader.peek() == "(":
        reader.fail("path functions are not supported")
    if reader.pos == start:
        reader.fail("a property name is missing")
    return reader.text[start:reader.pos]


def _parse_bracket(reader: _Reader) -> Step:
    reader.pos += 1
    reader.skip_spaces()
    char = reader.peek()
    if char == "*":
        reader.pos += 1
        reader.expect("]")
        return (WILD,)
    if char in ("'", '"'):
        names = _parse_quoted_names(reader)
        reader.expect("]")
        return (KEY, names[0]) if len(names) == 1 else (KEYS, tuple(names))
    if char == "?":
        return (FILTER, _parse_filter(reader))
    end = reader.text.find("]", reader.pos)
    if end < 0:
        reader.fail("missing ']'")
    body = reader.text[reader.pos:end]
    step = _index_step(reader, body)
    reader.pos = end + 1
    return step


def _parse_quoted_names(reader: _Reader) -> list[str]:
    """Quoted names as Jayway reads them: a backslash only protects the next character
    from ending the name; the text itself is kept as written (AWS-recorded)."""
    names = []
    while True:
        reader.skip_spaces()
        quote = reader.peek()
        if quote not in ("'", '"'):
            reader.fail("expected a quoted property name")
        reader.pos += 1
        start = reader.pos
        while not reader.at_end() and reader.peek() != quote:
            reader.pos += 2 if reader.peek() == "\\" else 1
        if reader.at_end():
            reader.fail("unterminated property name")
        names.append(reader.text[start:reader.pos])
        reader.pos += 1
        reader.skip_spaces()
        if reader.peek() != ",":
            return names
        reader.pos += 1


def _index_step(reader: _Reader, body: str) -> Step:
    if ":" in body:
        parts = body.split(":")
        if len(parts) != 2:
            reader.fail("array slices take [start:end] only")
        start, stop = (_optional_int(reader, part) for part in parts)
        return (SLICE, start, stop)
    indexes = [_int(reader, part) for part in body.split(",")]
    return (INDEX, indexes[0]) if len(indexes) == 1 else (INDEXES, tuple(indexes))


def _optional_int(reader: _Reader, text: str) -> int | None:
    return None if not text.strip() else _int(reader, text)


def _int(reader: _Reader, text: str) -> int:
    digits = text.strip()
    body = digits[1:] if digits.startswith("-") else digits
    if not body.isascii() or not body.isdigit():
        reader.fail(f"'{text}' is not an array index")
    return int(digits)


# --------------------------------------------------------------------------- filters
Predicate = Callable[[Any, Any], bool]
Operand = Callable[[Any, Any], Any]
_FILTER_STOPS = " \t\n\r)=!<>&|,~"
_MAX_FILTER_NESTING = 64


def _parse_filter(reader: _Reader) -> Predicate:
    reader.pos += 1
    reader.expect("(")
    predicate = _parse_or(reader)
    reader.expect(")")
    reader.expect("]")
    return predicate


def _parse_or(reader: _Reader) -> Predicate:
    return _parse_chain(reader, "||", _parse_and, _either)


def _parse_and(reader: _Reader) -> Predicate:
    return _parse_chain(reader, "&&", _parse_unary, _both)


def _parse_chain(
    reader: _Reader, token: str, parse_part: Callable[[_Reader], Predicate],
    combine: Callable[[Predicate, Predicate], Predicate],
) -> Predicate:
    left = parse_part(reader)
    reader.skip_spaces()
    while reader.startswith(token):
        reader.pos += len(token)
        left = combine(left, parse_part(reader))
        reader.skip_spaces()
    return left


def _either(left: Predicate, right: Predicate) -> Predicate:
    return lambda node, root: left(node, root) or right(node, root)


def _both(left: Predicate, right: Predicate) -> Predicate:
    return lambda node, root: left(node, root) and right(node, root)


def _parse_unary(reader: _Reader) -> Predicate:
    reader.skip_spaces()
    reader.depth += 1
    if reader.depth > _MAX_FILTER_NESTING:
        reader.fail(f"filters can be nested at most {_MAX_FILTER_NESTING} deep")
    try:
        return _parse_negation_or_group(reader)
    finally:
        reader.depth -= 1


def _parse_negation_or_group(reader: _Reader) -> Predicate:
    if reader.peek() == "!" and reader.peek(1) != "=":
        reader.pos += 1
        inner = _parse_unary(reader)
        return lambda node, root: not inner(node, root)
    if reader.peek() == "(":
        reader.pos += 1
        inner = _parse_or(reader)
        reader.expect(")")
        return inner
    return _parse_comparison(reader)


_OPERATORS = ("==", "!=", "<=", ">=", "=~", "<", ">", "nin", "in")
_UNSUPPORTED_OPERATORS = ("subsetof", "anyof", "noneof", "size", "empty", "contains")


def _parse_comparison(reader: _Reader) -> Predicate:
    left, left_is_path = _parse_operand(reader)
    reader.skip_spaces()
    operator = next((op for op in _OPERATORS if reader.startswith(op)), None)
    if operator is None:
        if any(reader.startswith(word) for word in _UNSUPPORTED_OPERATORS):
            reader.fail("this filter operator is not supported")
        if not left_is_path:
            reader.fail("a filter needs a path or a comparison")
        return lambda node, root: left(node, root) is not MISSING
    reader.pos += len(operator)
    right, _ = _parse_operand(reader, regex=operator == "=~")
    test = _FILTER_TESTS[operator]
    return lambda node, root: test(left(node, root), right(node, root))


def _parse_operand(reader: _Reader, regex: bool = False) -> tuple[Operand, bool]:
    reader.skip_spaces()
    char = reader.peek()
    if char in ("@", "$"):
        return _path_operand(reader), True
    if regex and char == "/":
        pattern = _parse_regex(reader)
        return (lambda node, root: pattern), False
    value = _parse_literal(reader)
    return (lambda node, root: value), False


def _path_operand(reader: _Reader) -> Operand:
    relative = reader.peek() == "@"
    reader.pos += 1
    select = reader.select(_parse_steps(reader, stops=_FILTER_STOPS))
    if relative:
        return lambda node, root: select(node)
    return lambda node, root: select(root)


def _parse_regex(reader: _Reader) -> re.Pattern[str]:
    end = reader.pos + 1
    while end < len(reader.text) and reader.text[end] != "/":
        end += 2 if reader.text[end] == "\\" else 1
    if end >= len(reader.text):
        reader.fail("unterminated regular expression")
    source = reader.text[reader.pos + 1:end]
    reader.pos = end + 1
    flags = 0
    while reader.peek().isalpha():
        flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(reader.peek(), 0)
        reader.pos += 1
    try:
        return re.compile(source, flags)
    except re.error as error:
        return reader.fail(f"bad regular expression: {error}")


def _parse_literal(reader: _Reader) -> Any:
    char = reader.peek()
    if char in ("'", '"'):
        return _parse_string_literal(reader)
    if char == "[":
        return _parse_array_literal(reader)
    for word, value in (("true", True), ("false", False), ("null", None)):
        if reader.startswith(word):
            reader.pos += len(word)
            return value
    start = reader.pos
    while reader.peek() and reader.peek() in "+-0123456789.eE":
        reader.pos += 1
    try:
        return json.loads(reader.text[start:reader.pos])
    except ValueError:
        reader.pos = start
        return reader.fail("expected a value")


def _parse_string_literal(reader: _Reader) -> str:
    quote = reader.peek()
    reader.pos += 1
    chars = []
    while not reader.at_end() and reader.peek() != quote:
        if reader.peek() == "\\" and reader.peek(1):
            reader.pos += 1
        chars.append(reader.peek())
        reader.pos += 1
    if reader.at_end():
        reader.fail("unterminated string")
    reader.pos += 1
    return "".join(chars)


def _parse_array_literal(reader: _Reader) -> list[Any]:
    reader.depth += 1
    if reader.depth > _MAX_FILTER_NESTING:
        reader.fail(f"filters can be nested at most {_MAX_FILTER_NESTING} deep")
    reader.pos += 1
    items: list[Any] = []
    reader.skip_spaces()
    while reader.peek() != "]":
        items.append(_parse_literal(reader))
        reader.skip_spaces()
        if reader.peek() == ",":
            reader.pos += 1
            reader.skip_spaces()
        elif reader.peek() != "]":
            reader.fail("expected ',' or ']'")
    reader.pos += 1
    reader.depth -= 1
    return items


def _ordered(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """Numbers by value, strings in Java's order; any other pair compares false."""
    def compare(left: Any, right: Any) -> bool:
        if is_number(left) and is_number(right):
            return test((left > right) - (left < right), 0)  # by sign: a NaN (never in AWS input) counts as equal
        if isinstance(left, str) and isinstance(right, str):
            return test(java_string_compare(left, right), 0)
        return False
    return compare


def _regex_match(left: Any, right: Any) -> bool:
    """Jayway: ``=~`` holds only against a ``/regex/``; a string, number or path on its
    right is no pattern, and the filter is false rather than an error."""
    return isinstance(right, re.Pattern) and isinstance(left, str) and right.fullmatch(left) is not None


def _member(left: Any, right: Any) -> bool:
    return left is not MISSING and isinstance(right, list) and any(json_equal(left, item) for item in right)


def _present(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda left, right: left is not MISSING and right is not MISSING and test(left, right)


_FILTER_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _present(json_equal),
    "!=": _present(lambda left, right: not json_equal(left, right)),
    "<": _present(_ordered(lt)),
    "<=": _present(_ordered(le)),
    ">": _present(_ordered(gt)),
    ">=": _present(_ordered(ge)),
    "=~": _present(_regex_match),
    "in": _member,
    "nin": lambda left, right: left is not MISSING and isinstance(right, list) and not _member(left, right),
}
