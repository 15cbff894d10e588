"""From what the user handed us to a plain JSON object we can trust.

Text is decoded here, with AWS's (Jackson's) wording when it is not JSON; a Python value
is copied and checked to hold only JSON types. Either way the result is a fresh value
nobody else holds, so later stages may share it freely without copying again. Duplicate
keys inside a ``States`` object are remembered, since AWS reports them as duplicate
state names while ``json`` silently keeps the last one.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from asl.errors import Problem
from asl.validation import messages as msg

MAX_JSON_DEPTH = 1000  # Jackson's default maximum nesting depth
_TOKEN = re.compile(r"[A-Za-z0-9_$]+")
_SNIPPET = 500  # Jackson quotes at most this many characters of the source


@dataclass
class Source:
    value: Any = None
    problems: list[Problem] = field(default_factory=list)
    # id() of each dict that had duplicate keys -> those keys, in order of appearance
    duplicate_keys: dict[int, list[str]] = field(default_factory=dict)


def from_text(text: str) -> Source:
    """Decode JSON text as AWS does, reporting AWS's diagnostics when it is not JSON."""
    source = Source()
    if not text.strip():
        source.problems.append(Problem(msg.SCHEMA, msg.NOT_AN_OBJECT, "/"))
        return source

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            seen: set[str] = set()
            dups = [k for k, _ in items if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            source.duplicate_keys[id(result)] = dups
        return result

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        source.problems.append(_jackson_problem(text, exc))
        return source
    except (RecursionError, _NonFinite) as exc:
        detail = msg.too_deep_json(MAX_JSON_DEPTH) if isinstance(exc, RecursionError) else str(exc)
        source.problems.append(Problem(msg.INVALID_JSON, detail, "/"))
        return source
    return _checked(value, source, copy=False)


def from_value(value: Any) -> Source:
    """Copy a Python value, reporting anything in it that JSON cannot hold."""
    if value is None:
        return Source(problems=[Problem(msg.MISSING_DESCRIPTION, msg.MISSING_DEFINITION, "/")])
    return _checked(value, Source(), copy=True)


class _NonFinite(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonFinite(
        f"Non-standard token '{name}': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow"
    )


def _checked(value: Any, source: Source, *, copy: bool) -> Source:
    """Walk ``value`` without recursion: depth limit, JSON types only, optional copy."""
    problem = _walk(value, copy)
    if isinstance(problem, Problem):
        source.problems.append(problem)
        return source
    if not isinstance(problem, dict):
        source.problems.append(Problem(msg.SCHEMA, msg.NOT_AN_OBJECT, "/"))
        return source
    source.value = problem
    return source


def _walk(value: Any, copy: bool) -> Any:
    """The (copied) value, or a Problem for the first non-JSON part found."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, str, int]] = [(value, root, 0, "", 1)]
    while stack:
        node, parent, key, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return Problem(msg.INVALID_JSON, msg.too_deep_json(MAX_JSON_DEPTH), where or "/")
        if isinstance(node, dict):
            out: Any = dict.fromkeys(node) if copy else node
            for k, v in node.items():
                if not isinstance(k, str):
                    return Problem(msg.INVALID_JSON, f"Object key {k!r} is not a string", where or "/")
                stack.append((v, out, k, f"{where}/{k}", depth + 1))
        elif isinstance(node, list):
            out = [None] * len(node) if copy else node
            for i, v in enumerate(node):
                stack.append((v, out, i, f"{where}/{i}", depth + 1))
        elif node is None or isinstance(node, (str, bool, int)) or isinstance(node, float) and math.isfinite(node):
            out = node
        else:
            return Problem(
                msg.INVALID_JSON, f"Value of type {type(node).__name__} is not JSON", where or "/"
            )
        if copy:
            parent[key] = out
    return root[0] if copy else value


def _jackson_problem(text: str, exc: json.JSONDecodeError) -> Problem:
    """A JSON syntax error in the words and location format of AWS's parser (Jackson)."""
    pos, line, column = exc.pos, exc.lineno, exc.colno
    char = text[pos] if pos < len(text) else ""
    token = _TOKEN.match(text, pos) if char else None
    if exc.msg == "Expecting value" and token:
        word = token.group(0)
        detail = (
            f"Unrecognized token '{word}': was expecting (JSON String, Number, Array, Object "
            "or token 'null', 'true' or 'false')"
        )
        column += len(word)
    elif not char:
        detail = "Unexpected end-of-input"
    else:
        detail = f"Unexpected character ('{char}' (code {ord(char)})): {_expectation(exc.msg)}"
        column += 1
    shown = text if len(text) <= _SNIPPET else f'{text[:_SNIPPET]}"[truncated {len(text) - _SNIPPET} chars]'
    where = f'[Source: (String)"{shown}"; line: {line}, column: {column}]'
    return Problem(msg.INVALID_JSON, f"{detail}\n at {where}", where)


_EXPECTATIONS = {
    "Expecting property name enclosed in double quotes": "was expecting double-quote to start field name",
    "Expecting ':' delimiter": "was expecting a colon to separate field name and value",
    "Expecting ',' delimiter": "was expecting comma to separate entries",
    "Extra data": "expected end of input",
}


def _expectation(python_message: str) -> str:
    return _EXPECTATIONS.get(
        python_message,
        "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    )
