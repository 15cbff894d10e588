"""The text of an intrinsic call (``States.Format('{}', $.a, States.UUID())``), parsed once.

Arguments are string literals, numbers, booleans, paths and nested calls (at most 10
deep). String literals accept only the escapes AWS accepts (``\\'``, ``\\{``, ``\\}``,
``\\\\``; ``\\"`` is rejected at creation, AWS-recorded). Each argument becomes an
evaluator ``(input, env) -> value`` (a literal ``States.Format`` template gives its
pieces around unescaped ``{}``). Which names exist, how many arguments each takes and what
a parsed call becomes are the registry's business (``asl.expr.intrinsics``), passed to
``parse_call``, so this module imports no function.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Mapping, TypeVar

from asl.expr import ExprSyntaxError
from asl.expr.jsonpath import Path, compile_path

MAX_NESTING = 10
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)
_NAME = re.compile(r"States\.([A-Za-z0-9]+)", re.ASCII)
_SPACES = " \t\n\r"
Argument = Callable[[Any, Any], Any]  # (input, env) -> value
Call = TypeVar("Call")
Build = Callable[[str, str, tuple[Argument, ...]], Call]  # (text, name, arguments) -> a call


def parse_call(text: str, arity: Mapping[str, tuple[int, int]], build: Build[Call]) -> Call:
    """Parse ``States.Xxx(args)``: ``arity`` names the known functions with their
    ``(fewest, most)`` arguments, ``build`` makes each (nested) call. ``ExprSyntaxError``
    for unknown names, wrong argument counts, bad literals or escapes, invalid paths and
    nesting deeper than ``MAX_NESTING`` calls."""
    parser = _CallParser(text, arity, build)
    call = parser.call(depth=1)
    parser.skip_spaces()
    if parser.pos != len(text):
        parser.fail("unexpected text after the call")
    return call


class _Literal:
    """A string literal: its value, and its pieces around unescaped ``{}`` for Format."""

    __slots__ = ("value", "pieces")

    def __init__(self, value: str, pieces: tuple[str, ...]):
        self.value = value
        self.pieces = pieces


class _CallParser:
    """A cursor over the call text; ``call`` reads one call and its arguments recursively."""

    def __init__(self, text: str, arity: Mapping[str, tuple[int, int]], build: Build[Any]):
        self.text = text
        self.pos = 0
        self.arity = arity
        self.build = build

    def fail(self, why: str) -> Any:
        raise ExprSyntaxError(f"Invalid intrinsic function call '{self.text}': {why} at position {self.pos}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _SPACES:
            self.pos += 1

    def call(self, depth: int) -> Any:
        if depth > MAX_NESTING:
            self.fail(f"intrinsic functions can be nested at most {MAX_NESTING} deep")
        self.skip_spaces()
        start = self.pos
        match = _NAME.match(self.text, self.pos)
        if match is None:
            self.fail("expected States.<FunctionName>(...)")
        name = match.group(0)
        if name not in self.arity:
            self.fail(f"unknown intrinsic function {name}")
        self.pos = match.end()
        self.skip_spaces()
        if self.peek() != "(":
            self.fail("expected '('")
        self.pos += 1
        raw = self.arguments(depth)
        low, high = self.arity[name]
        if not low <= len(raw) <= high:
            self.fail(f"{name} takes {_arity_text(low, high)} but {len(raw)} were given")
        if name == "States.Format" and isinstance(raw[0], _Literal):
            arguments = (_constant(raw[0].pieces),) + tuple(_evaluator(arg) for arg in raw[1:])
        else:
            arguments = tuple(_evaluator(arg) for arg in raw)
        return self.build(self.text[start:self.pos].strip() if depth > 1 else self.text, name, arguments)

    def arguments(self, depth: int) -> list[Any]:
        raw: list[Any] = []
        self.skip_spaces()
        if self.peek() == ")":
            self.pos += 1
            return raw
        while True:
            raw.append(self.argument(depth))
            self.skip_spaces()
            char = self.peek()
            self.pos += 1
            if char == ")":
                return raw
            if char != ",":
                self.pos -= 1
                self.fail("expected ',' or ')'")

    def argument(self, depth: int) -> Any:
        self.skip_spaces()
        char = self.peek()
        if char == "'":
            return self.string()
        if char == "$":
            return self.path()
        if self.text.startswith("States.", self.pos):
            return self.call(depth + 1)
        for word, value in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos) and not self._continues(self.pos + len(word)):
                self.pos += len(word)
                return _Value(value)
        match = _NUMBER.match(self.text, self.pos)
        if match and not self._continues(match.end()):
            self.pos = match.end()
            number = match.group(0)
            return _Value(float(number) if match.group(1) or match.group(2) else int(number))
        return self.fail("expected a string, number, boolean, path or intrinsic function")

    def _continues(self, at: int) -> bool:
        return at < len(self.text) and self.text[at] not in _SPACES + ",)"

    def string(self) -> _Literal:
        """``'...'`` with AWS's four escapes; pieces split at unescaped ``{}``."""
        self.pos += 1
        pieces: list[str] = []
        current: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "'":
                self.pos += 1
                pieces.append("".join(current))
                return _Literal("{}".join(pieces), tuple(pieces))
            if char == "\\":
                escaped = self.text[self.pos + 1:self.pos + 2]
                if escaped not in ("'", "{", "}", "\\"):
                    self.fail(f"illegal escape sequence '\\{escaped}' in a string literal")
                current.append(escaped)
                self.pos += 2
                continue
            if char == "{" and self.text.startswith("{}", self.pos):
                pieces.append("".join(current))
                current = []
                self.pos += 2
                continue
            current.append(char)
            self.pos += 1
        return self.fail("unterminated string literal")

    def path(self) -> Path:
        start, depth, quote = self.pos, 0, ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                if char == "\\":
                    self.pos += 1
                elif char == quote:
                    quote = ""
            elif char in "'\"" and depth:
                quote = char
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and (char in ",)" or char in _SPACES):
                break
            self.pos += 1
        try:
            return compile_path(self.text[start:self.pos])
        except ExprSyntaxError as error:
            return self.fail(str(error))


class _Value:
    """A number or boolean literal (kept apart from strings, which Format splits)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _arity_text(low: int, high: int) -> str:
    if low == high:
        return f"{low} argument(s)"
    return f"at least {low} argument(s)" if high >= 10_000 else f"{low} to {high} arguments"


def _constant(value: Any) -> Argument:
    return lambda input, env: value


def _evaluator(argument: Any) -> Argument:
    if isinstance(argument, (_Literal, _Value)):
        return _constant(argument.value)
    return argument.evaluate  # a compiled path or a nested call
