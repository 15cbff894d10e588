"""The validator's window onto the expression layer (``asl.expr``).

Each function answers one question about one string -- is it a valid path, reference
path, path-or-intrinsic, JSONata expression, RFC 3339 timestamp -- by calling the
expression layer's own compiler, so that what the validator accepts is exactly what the
interpreter can run. The expression modules are imported on first use. Whatever a
compiler throws on a hostile string (deep nesting included) becomes an answer here, never
an exception for the caller.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_JSONATA_CODE = re.compile(r"^(?:Parse error:\s*)?(?:Invalid syntax:\s*)?[A-Z]\d{4}:\s*")
# The parser names tokens (``RightBracket``); AWS's parser quotes them (``"]"``), e.g.
# ``Expected "]", got ","`` (reported for ValidateStateMachineDefinition).
_TOKENS = {
    "LeftBracket": "[", "RightBracket": "]", "LeftParen": "(", "RightParen": ")", "LeftBrace": "{",
    "RightBrace": "}", "Comma": ",", "Colon": ":", "Semicolon": ";", "Question": "?", "Dot": ".",
    "Ampersand": "&", "Equal": "=", "NotEqual": "!=", "LessThan": "<", "GreaterThan": ">",
    "LessThanEqual": "<=", "GreaterThanEqual": ">=", "Caret": "^", "Hash": "#", "At": "@", "Pipe": "|",
    "Plus": "+", "Minus": "-", "Star": "*", "Slash": "/", "Percent": "%", "Assign": ":=", "Range": "..",
    "Chain": "~>",
}
_TOKEN_NAME = re.compile(r"\b(" + "|".join(_TOKENS) + r")\b|Number\((-?[0-9.eE+-]+)\)")


def _failure(compile_: Callable[[], Any]) -> str | None:
    """None when ``compile_()`` succeeds, else why it failed."""
    from asl.expr import ExprSyntaxError

    try:
        compile_()
    except ExprSyntaxError as exc:
        return str(exc) or "invalid expression"
    except RecursionError:
        return "expression is nested too deeply"
    except Exception as exc:  # noqa: BLE001 - a compiler bug must not reach the user raw
        return f"{type(exc).__name__}: {exc}"
    return None


def path_error(text: str) -> str | None:
    """Why ``text`` is not a JSONPath Path (InputPath, OutputPath), or None."""
    from asl.expr.jsonpath import compile_path

    return _failure(lambda: compile_path(text))


def reference_path_error(text: str) -> str | None:
    """Why ``text`` is not a Reference Path (ResultPath, ItemsPath, ...Path), or None."""
    from asl.expr.jsonpath import compile_reference_path

    return _failure(lambda: compile_reference_path(text))


def value_expr_error(text: str) -> str | None:
    """Why ``text`` is neither a path nor an intrinsic call ('.$' values, ErrorPath), or None."""
    from asl.expr.payload import compile_value_expr

    return _failure(lambda: compile_value_expr(text))


def choice_rule_error(rule: dict[str, Any]) -> str | None:
    """Why the expression layer cannot compile a JSONPath Choice rule, or None."""
    from asl.expr.choice import compile_rule

    return _failure(lambda: compile_rule(rule))


def is_jsonata(value: Any) -> bool:
    """A string that is a whole ``{% ... %}`` JSONata expression, by the interpreter's own test."""
    from asl.expr.jsonata import is_expression

    return is_expression(value)


def jsonata_error(text: str) -> str | None:
    """Why a ``{% ... %}`` string does not parse, worded as AWS words it, or None."""
    from asl.expr.jsonata import compile_expression

    failure = _failure(lambda: compile_expression(text))
    return None if failure is None else _TOKEN_NAME.sub(_quoted, _JSONATA_CODE.sub("", failure))


def _quoted(match: re.Match[str]) -> str:
    if match.group(1):
        return f'"{_TOKENS[match.group(1)]}"'
    number = match.group(2)
    return f'"{number[:-2] if number.endswith(".0") else number}"'


def is_timestamp(text: str) -> bool:
    """An RFC 3339 timestamp as the Wait state's Timestamp field requires."""
    from asl.expr.timestamps import parse_timestamp

    try:
        return parse_timestamp(text) is not None
    except Exception:  # noqa: BLE001 - any failure to parse means "not a timestamp"
        return False


def looks_like_path(value: Any) -> bool:
    """A string that reads as a JSONPath into the input or the context object."""
    return isinstance(value, str) and (
        value == "$" or value.startswith(("$.", "$[", "$$"))
    )


def looks_like_intrinsic(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"States\.[A-Za-z0-9]+\s*\(", value) is not None
