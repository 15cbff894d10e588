"""Which workflow variables an expression reads, found by scanning its text.

AWS lists these per state (DescribeStateMachine ``variableReferences``). A variable is
``$name`` where ``name`` is not ``states`` (reserved): ``$`` alone and ``$.x`` read the
input, ``$$`` the context object. In JSONata, names bound inside the expression (``$x :=``,
function parameters) and function calls (``$count(...)``) are not workflow variables.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESERVED = "states"


def path_variable(path: str) -> str | None:
    """The variable a JSONPath path reads (``$name.x[0]`` -> ``name``), or None."""
    if not path.startswith("$"):
        return None
    match = _IDENT.match(path, 1)
    if match is None or match.group(0) == _RESERVED:
        return None
    return match.group(0)


def intrinsic_variables(text: str) -> set[str]:
    """Variables read by the paths inside an intrinsic call (string literals skipped)."""
    names: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "'":
            i = _skip_quoted(text, i, "'")
            continue
        if c == "$":
            if i + 1 < n and text[i + 1] == "$":
                i += 2
                continue
            match = _IDENT.match(text, i + 1)
            if match:
                if match.group(0) != _RESERVED:
                    names.add(match.group(0))
                i = match.end()
                continue
        i += 1
    return names


def value_variables(text: str) -> set[str]:
    """Variables read by a path-or-intrinsic string (a '.$' value, ErrorPath...)."""
    if text.startswith("$"):
        name = path_variable(text)
        return {name} if name else set()
    return intrinsic_variables(text)


def jsonata_variables(text: str) -> set[str]:
    """Workflow variables read by a JSONata expression (``{% %}`` delimiters allowed)."""
    used: set[str] = set()
    bound: set[str] = set()
    i, n = 0, len(text)
    in_params = False
    while i < n:
        c = text[i]
        if c in "'\"`":
            i = _skip_quoted(text, i, c)
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if text.startswith("function", i) and not _ident_char_before(text, i):
            i += len("function")
            in_params = _next_non_space(text, i) == "("
            continue
        if c == "λ":
            i += 1
            in_params = _next_non_space(text, i) == "("
            continue
        if in_params and c == ")":
            in_params = False
        if c == "$":
            i = _read_variable(text, i, used, bound, in_params)
            continue
        i += 1
    return used - bound


def _read_variable(text: str, i: int, used: set[str], bound: set[str], in_params: bool) -> int:
    if text.startswith("$$", i):
        return i + 2
    match = _IDENT.match(text, i + 1)
    if match is None:
        return i + 1
    name, end = match.group(0), match.end()
    following = _next_non_space(text, end)
    if in_params or text.startswith(":=", _skip_space(text, end)):
        bound.add(name)
    elif following != "(" and name != _RESERVED:
        used.add(name)
    return end


def has_double_dollar(text: str) -> bool:
    """A JSONata expression that reads ``$$`` (AWS does not support it)."""
    return _outside_strings(text, lambda t, i: t.startswith("$$", i))


def reads_error_output(text: str) -> bool:
    return _outside_strings(text, lambda t, i: t.startswith("$states.errorOutput", i))


def _outside_strings(text: str, test: Callable[[str, int], bool]) -> bool:
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            i = _skip_quoted(text, i, c)
            continue
        if test(text, i):
            return True
        i += 1
    return False


def _skip_quoted(text: str, i: int, quote: str) -> int:
    """Index just past the string literal starting at ``i`` (backslash escapes honoured)."""
    j, n = i + 1, len(text)
    while j < n:
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    return n


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _next_non_space(text: str, i: int) -> str:
    j = _skip_space(text, i)
    return text[j] if j < len(text) else ""


def _ident_char_before(text: str, i: int) -> bool:
    return i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_$")
