"""ASL paths (``$``, ``$$``, ``$variable``) with the semantics AWS's Java engine gives them.

AWS evaluates JSONPath with Jayway JsonPath: its failure texts ("No results for path:
$['x']", "Missing property in path $['no']", "Multi properties can only be used as path
leafs") show up verbatim in recorded causes. So we follow Jayway, not jsonpath-ng, whose
answers differ (``$['a','b']`` is one merged object in Jayway; ``=~`` filters; error
texts). Paths are parsed once into a tuple of steps; a *definite* path (only ``.name``,
``['name']``, ``[index]``) is evaluated by direct indexing in a tight loop, and only
indefinite paths (wildcards, slices, unions, ``..``, filters) take the general walk,
which, as on AWS, answers ``[]`` rather than failing when nothing matches.
"""
from __future__ import annotations

import functools
import json
import math
from decimal import Decimal
from typing import Any, Callable, Mapping

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError

KEY, INDEX, KEYS, INDEXES, SLICE, WILD, SCAN, FILTER = range(8)
_DEFINITE_KINDS = (KEY, INDEX)
_JAYWAY_PROVIDER = "com.jayway.jsonpath.spi.json.JacksonJsonProvider"
_MISSING = object()
Step = tuple  # (kind, payload...)


class PathNotFound(Exception):
    """A definite path selected nothing; ``detail`` is Jayway's wording of why."""

    def __init__(self, path: str, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(f"Invalid path '{path}' : {detail}")


# --------------------------------------------------------------------------- text forms
def json_text(value: Any) -> str:
    """Compact JSON as AWS's Jackson writes it into causes and ``States.JsonToString``:
    no spaces, non-ASCII kept, doubles in Java's ``Double.toString`` form."""
    try:
        return _json_text(value)
    except RecursionError:
        raise StatesError("States.Runtime", "The JSON value is nested too deeply") from None


def _json_text(value: Any) -> str:
    if isinstance(value, float):
        return java_double_text(value)
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=False)}:{_json_text(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)  # never fails on a stray type


def java_text(value: Any) -> str:
    """``String.valueOf`` of the Java object Jackson maps a JSON value to (``{a=1, b=[]}``):
    how ``States.Format`` renders its arguments."""
    try:
        return _java_text(value)
    except RecursionError:
        raise StatesError("States.Runtime", "The JSON value is nested too deeply") from None


def _java_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double_text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_java_text(v) for v in value) + "]"
    return str(value)


def java_double_text(number: float) -> str:
    """Java's ``Double.toString``: plain between 1e-3 and 1e7, else ``1.0E20`` style."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "-0.0" if math.copysign(1.0, number) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(number)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    point = len(digits) + int(exponent)  # position of the decimal point within the digits
    prefix = "-" if sign else ""
    if 1e-3 <= abs(number) < 1e7:
        if point <= 0:
            return f"{prefix}0.{'0' * -point}{text}"
        whole, frac = text[:point].ljust(point, "0"), text[point:]
        return f"{prefix}{whole}.{frac or '0'}"
    return f"{prefix}{text[0]}.{text[1:] or '0'}E{point - 1}"


def java_class_name(value: Any) -> str:
    """The Java class Jayway names in its "found '...'" messages."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "java.lang.Boolean"
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return "java.lang.Integer"
        return "java.lang.Long" if -(2**63) <= value < 2**63 else "java.math.BigInteger"
    if isinstance(value, float):
        return "java.lang.Double"
    if isinstance(value, str):
        return "java.lang.String"
    return "java.util.ArrayList" if isinstance(value, list) else "java.util.LinkedHashMap"


def fragment(step: Step) -> str:
    """Jayway's normalised text of one step (``['name']``, ``[0]``, ``[*]``...)."""
    kind = step[0]
    if kind == KEY:
        return f"['{step[1]}']"
    if kind == INDEX:
        return f"[{step[1]}]"
    if kind == KEYS:
        return "[" + ", ".join(f"'{name}'" for name in step[1]) + "]"
    if kind == INDEXES:
        return "[" + ",".join(map(str, step[1])) + "]"
    if kind == SLICE:
        start, stop = step[1], step[2]
        return f"[{'' if start is None else start}:{'' if stop is None else stop}]"
    return {WILD: "[*]", SCAN: "..", FILTER: "[?]"}[kind]


def normalized(steps: tuple[Step, ...]) -> str:
    return "$" + "".join(fragment(step) for step in steps)


# --------------------------------------------------------------------------- Path
class Path:
    """A compiled path. Evaluation never re-parses; the selector was chosen at compile time."""

    __slots__ = ("text", "root", "is_reference", "is_definite", "steps", "_select")

    def __init__(self, text: str, root: str, steps: tuple[Step, ...]):
        self.text = text
        self.root = root
        self.steps = steps
        self.is_reference = all(step[0] in _DEFINITE_KINDS for step in steps)
        self.is_definite = self.is_reference or _is_definite(steps)
        self._select = _choose_selector(text, steps, self.is_reference, self.is_definite)

    def __repr__(self) -> str:
        return f"Path({self.text!r})"

    def evaluate(self, input: Any, env: Env | None = None) -> Any:
        """The selected value (definite paths) or the list of matches (indefinite ones)."""
        root = self.root
        if root == "$":
            return self._select(input)
        return self._select(self._root_value(env))

    def exists(self, input: Any, env: Env | None = None) -> bool:
        """True when the path selects something (Choice ``IsPresent``)."""
        root = self.root
        if root == "$":
            node = input
        elif root == "$$":
            node = env.context if env is not None else None
        else:
            variables: Mapping[str, Any] = env.variables if env is not None else {}
            if root not in variables:
                return False
            node = variables[root]
        if not self.is_definite:
            return bool(_collect(node, self.steps))
        return _lenient_definite(node, self.steps) is not _MISSING

    def _root_value(self, env: Env | None) -> Any:
        if env is None:
            raise StatesError("States.Runtime", f"No context to evaluate the path '{self.text}'")
        if self.root == "$$":
            return env.context
        variables = env.variables
        if self.root not in variables:
            raise StatesError(
                "States.Runtime",
                f"Invalid path '{self.text}' : The variable '{self.root}' is not defined",
            )
        return variables[self.root]


def _is_definite(steps: tuple[Step, ...]) -> bool:
    """Jayway: definite when every step picks one node; leaf unions of names merge into one
    object, and a union of names anywhere else fails, so it also yields at most one value."""
    return all(step[0] in (KEY, INDEX, KEYS) for step in steps)


def _choose_selector(text: str, steps: tuple[Step, ...], reference: bool, definite: bool) -> Callable[[Any], Any]:
    if not steps:
        return _identity
    if not definite:
        return lambda node: _collect(node, steps)
    if reference and all(step[0] == KEY for step in steps):
        keys = tuple(step[1] for step in steps)
        return _key_chain_selector(text, steps, keys)

    def select(node: Any) -> Any:
        value = _lenient_definite(node, steps)
        return _walk_definite(text, steps, node) if value is _MISSING else value
    return select


def _identity(node: Any) -> Any:
    return node


def _key_chain_selector(text: str, steps: tuple[Step, ...], keys: tuple[str, ...]) -> Callable[[Any], Any]:
    """The hot path (``$.a.b``): plain subscripting; any miss re-walks to word the error."""
    if len(keys) == 1:
        (only,) = keys

        def single(node: Any) -> Any:
            if type(node) is dict and only in node:
                return node[only]
            return _walk_definite(text, steps, node)
        return single
    if len(keys) == 2:
        first, second = keys

        def pair(node: Any) -> Any:
            if type(node) is dict:
                inner = node.get(first, _MISSING)
                if type(inner) is dict and second in inner:
                    return inner[second]
            return _walk_definite(text, steps, node)
        return pair

    def chain(node: Any) -> Any:
        start = node
        try:
            for key in keys:
                node = node[key]
        except (KeyError, TypeError, IndexError):
            return _walk_definite(text, steps, start)
        return node
    return chain


def _walk_definite(text: str, steps: tuple[Step, ...], node: Any) -> Any:
    """Walk a definite path, failing with Jayway's wording for the first step that fails."""
    current = "$"
    last = len(steps) - 1
    for position, step in enumerate(steps):
        kind = step[0]
        if kind == KEY:
            if not isinstance(node, dict):
                raise PathNotFound(text, _not_an_object(step, current, node))
            name = step[1]
            current += fragment(step)
            if name not in node:
                if position == last:
                    raise PathNotFound(text, f"No results for path: {normalized(steps)}")
                raise PathNotFound(text, f"Missing property in path {current}")
            node = node[name]
        elif kind == INDEX:
            node = _definite_index(text, steps, step, current, node)
            current += fragment(step)
        else:  # KEYS
            if not isinstance(node, dict):
                raise PathNotFound(text, _not_an_object(step, current, node))
            if position != last:
                raise PathNotFound(
                    text, f"Multi properties can only be used as path leafs: {current}{fragment(step)}"
                )
            return {name: node[name] for name in step[1] if name in node}
    return node


def _definite_index(text: str, steps: tuple[Step, ...], step: Step, current: str, node: Any) -> Any:
    if node is None:
        raise PathNotFound(text, f"The path {current} is null")
    if not isinstance(node, list):
        raise PathNotFound(
            text, f"Filter: {fragment(step)} can only be applied to arrays. Current context is: {java_text(node)}"
        )
    index = step[1]
    effective = index + len(node) if index < 0 else index
    if not 0 <= effective < len(node):
        raise PathNotFound(text, f"No results for path: {normalized(steps)}")
    return node[effective]


def _not_an_object(step: Step, current: str, node: Any) -> str:
    return (
        f"Expected to find an object with property {fragment(step)} in path {current} but found "
        f"'{java_class_name(node)}'. This is not a json object according to the JsonProvider: "
        f"'{_JAYWAY_PROVIDER}'."
    )


def _lenient_definite(node: Any, steps: tuple[Step, ...]) -> Any:
    """The value of a definite path, or ``_MISSING``: for presence tests and filters."""
    for position, step in enumerate(steps):
        kind = step[0]
        if kind == KEY:
            if not isinstance(node, dict) or step[1] not in node:
                return _MISSING
            node = node[step[1]]
        elif kind == INDEX:
            if not isinstance(node, list):
                return _MISSING
            index = step[1] + len(node) if step[1] < 0 else step[1]
            if not 0 <= index < len(node):
                return _MISSING
            node = node[index]
        else:
            if not isinstance(node, dict) or position != len(steps) - 1:
                return _MISSING
            return {name: node[name] for name in step[1] if name in node}
    return node


# --------------------------------------------------------------------------- indefinite paths
def _collect(root: Any, steps: tuple[Step, ...]) -> list[Any]:
    """All matches, in Jayway's order; steps that cannot apply contribute nothing."""
    nodes = [root]
    last = len(steps) - 1
    for position, step in enumerate(steps):
        apply = _STEP_APPLIERS[step[0]]
        matches: list[Any] = []
        for node in nodes:
            apply(step, node, matches, root, position == last)
        nodes = matches
        if not nodes:
            break
    return nodes


def _apply_key(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    if isinstance(node, dict) and step[1] in node:
        out.append(node[step[1]])


def _apply_keys(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    if not isinstance(node, dict):
        return
    if leaf:
        out.append({name: node[name] for name in step[1] if name in node})
    else:
        out.extend(node[name] for name in step[1] if name in node)


def _apply_index(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    if isinstance(node, list):
        index = step[1] + len(node) if step[1] < 0 else step[1]
        if 0 <= index < len(node):
            out.append(node[index])


def _apply_indexes(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    for index in step[1]:
        _apply_index((INDEX, index), node, out, root, leaf)


def _apply_slice(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    if isinstance(node, list):
        out.extend(node[step[1]:step[2]])


def _apply_wild(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    if isinstance(node, dict):
        out.extend(node.values())
    elif isinstance(node, list):
        out.extend(node)


def _apply_scan(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    """Every node under ``node`` (itself first), depth first: iterative, so any depth works."""
    pending = [node]
    while pending:
        current = pending.pop()
        out.append(current)
        if isinstance(current, dict):
            pending.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            pending.extend(reversed(current))


def _apply_filter(step: Step, node: Any, out: list, root: Any, leaf: bool) -> None:
    predicate = step[1]
    if isinstance(node, list):
        out.extend(item for item in node if predicate(item, root))
    elif isinstance(node, dict) and predicate(node, root):
        out.append(node)


_STEP_APPLIERS: dict[int, Callable[[Step, Any, list, Any, bool], None]] = {
    KEY: _apply_key, KEYS: _apply_keys, INDEX: _apply_index, INDEXES: _apply_indexes,
    SLICE: _apply_slice, WILD: _apply_wild, SCAN: _apply_scan, FILTER: _apply_filter,
}


# --------------------------------------------------------------------------- compile
@functools.lru_cache(maxsize=8192)
def compile_path(text: str) -> Path:
    """Any ASL Path; ``ExprSyntaxError`` with a readable reason when it is not one."""
    if not isinstance(text, str):
        raise ExprSyntaxError(f"A path must be a string, not {type(text).__name__}")
    try:
        root, steps = parse_path(text)
    except RecursionError:
        raise ExprSyntaxError(f"Invalid path '{text}': nested too deeply") from None
    return Path(text, root, steps)


@functools.lru_cache(maxsize=8192)
def compile_reference_path(text: str) -> Path:
    """A Reference Path: one node, named only with ``.name``, ``['name']`` and ``[index]``."""
    path = compile_path(text)
    if not path.is_reference:
        raise ExprSyntaxError(
            f"'{text}' is not a valid reference path: only .name, ['name'] and [index] may be used"
        )
    return path


# --------------------------------------------------------------------------- ResultPath
def set_path(doc: Any, path: Path, value: Any) -> Any:
    """``doc`` with ``value`` placed at ``path`` (ResultPath), copying only the containers on
    the way; missing objects along the path are created, as AWS does."""
    if path.root != "$" or not path.is_reference:
        raise StatesError("States.Runtime", f"Invalid path '{path.text}' : not a reference path into the input")
    if not path.steps:
        return value
    chain = _containers_to_update(doc, path.steps)
    if chain is None:
        raise StatesError(
            "States.Runtime", f"Unable to apply ReferencePath {path.text} to input {json_text(doc)}"
        )
    for container, key in reversed(chain):
        container[key] = value
        value = container
    return value


def _containers_to_update(doc: Any, steps: tuple[Step, ...]) -> list[tuple[Any, Any]] | None:
    """Copies of every container on the path with the key to set in each, outermost first."""
    chain: list[tuple[Any, Any]] = []
    node = doc
    for kind, key in steps:
        if kind == KEY:
            if not isinstance(node, dict):
                return None
            chain.append((dict(node), key))
            node = node.get(key, _MISSING)
            if node is _MISSING:
                node = {}
        else:
            if not isinstance(node, list):
                return None
            index = key + len(node) if key < 0 else key
            if not 0 <= index < len(node):
                return None
            chain.append((list(node), index))
            node = node[index]
    return chain


# --------------------------------------------------------------------------- JSON comparisons
def json_equal(left: Any, right: Any) -> bool:
    """Equality of JSON values: numbers by value (``1 == 1.0``), booleans never numbers."""
    try:
        return _json_equal(left, right)
    except RecursionError:
        return False


def _json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_json_equal(v, right[k]) for k, v in left.items())
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_json_equal, left, right))
    return type(left) is type(right) and left == right


def java_string_key(text: str) -> str | bytes:
    """A sort key giving Java's ``String.compareTo`` order (UTF-16 code units), which puts
    U+E000..U+FFFF after characters beyond U+FFFF, unlike code-point order."""
    if text.isascii():
        return text
    return text.encode("utf-16-be", "surrogatepass")


def java_string_compare(left: str, right: str) -> int:
    if left.isascii() and right.isascii():
        return (left > right) - (left < right)
    a, b = java_string_key(left), java_string_key(right)
    a = a if isinstance(a, bytes) else a.encode("utf-16-be")
    b = b if isinstance(b, bytes) else b.encode("utf-16-be")
    return (a > b) - (a < b)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --------------------------------------------------------------------------- parsing
class _Reader:
    """A cursor over the path text, with Jayway-like failure messages."""

    __slots__ = ("text", "pos", "depth")

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.depth = 0

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


def parse_path(text: str) -> tuple[str, tuple[Step, ...]]:
    """``(root, steps)`` for a path text; root is ``$``, ``$$`` or a variable name."""
    reader = _Reader(text)
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


def _parse_steps(reader: _Reader, stops: str) -> tuple[Step, ...]:
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
        return lambda node, root: left(node, root) is not _MISSING
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
    steps = _parse_steps(reader, stops=_FILTER_STOPS)
    definite = _is_definite(steps)

    def operand(node: Any, root: Any) -> Any:
        start = node if relative else root
        return _lenient_definite(start, steps) if definite else _collect(start, steps)
    return operand


def _parse_regex(reader: _Reader) -> Any:
    import re  # noqa: PLC0415 (regex filters are rare)

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


def _ordered(test: Callable[[int], bool]) -> Callable[[Any, Any], bool]:
    def compare(left: Any, right: Any) -> bool:
        if is_number(left) and is_number(right):
            return test((left > right) - (left < right))
        if isinstance(left, str) and isinstance(right, str):
            return test(java_string_compare(left, right))
        return False
    return compare


def _regex_match(left: Any, right: Any) -> bool:
    return isinstance(left, str) and right.fullmatch(left) is not None


def _member(left: Any, right: Any) -> bool:
    return left is not _MISSING and isinstance(right, list) and any(json_equal(left, item) for item in right)


def _present(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda left, right: left is not _MISSING and right is not _MISSING and test(left, right)


_FILTER_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _present(json_equal),
    "!=": _present(lambda left, right: not json_equal(left, right)),
    "<": _present(_ordered(lambda c: c < 0)),
    "<=": _present(_ordered(lambda c: c <= 0)),
    ">": _present(_ordered(lambda c: c > 0)),
    ">=": _present(_ordered(lambda c: c >= 0)),
    "=~": _present(_regex_match),
    "in": _member,
    "nin": lambda left, right: left is not _MISSING and isinstance(right, list) and not _member(left, right),
}
