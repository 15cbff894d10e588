"""ASL paths (``$``, ``$$``, ``$variable``) with the semantics AWS's Java engine gives them.

AWS evaluates JSONPath with Jayway JsonPath: its failure texts ("No results for path:
$['x']", "Missing property in path $['no']", "Multi properties can only be used as path
leafs") show up verbatim in recorded causes. So we follow Jayway, not jsonpath-ng, whose
answers differ (``$['a','b']`` is one merged object in Jayway; ``=~`` filters; error
texts). Paths are parsed once into a tuple of steps; a *definite* path (only ``.name``,
``['name']``, ``[index]``) is evaluated by direct indexing in a tight loop, and only
indefinite paths (wildcards, slices, unions, ``..``, filters) take the general walk,
which, as on AWS, answers ``[]`` rather than failing when nothing matches. The text is
parsed by ``asl.expr.jsonpath_syntax``; JSON renderings come from ``asl.expr.jsontext``.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Mapping

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError
from asl.expr.jsonpath_syntax import (
    FILTER, INDEX, INDEXES, KEY, KEYS, MISSING, SCAN, SLICE, WILD, Step, Steps, parse_path,
)
from asl.expr.jsontext import java_class_name, java_text, json_text

_DEFINITE_KINDS = (KEY, INDEX)
_JAYWAY_PROVIDER = "com.jayway.jsonpath.spi.json.JacksonJsonProvider"


class PathNotFound(Exception):
    """A definite path selected nothing; ``detail`` is Jayway's wording of why."""

    def __init__(self, path: str, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(f"Invalid path '{path}' : {detail}")


# --------------------------------------------------------------------------- step texts (for messages)
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


def normalized(steps: Steps) -> str:
    """Jayway's normalised text of a whole path, as its "No results for path" quotes it."""
    return "$" + "".join(fragment(step) for step in steps)


# --------------------------------------------------------------------------- Path
class Path:
    """A compiled path. Evaluation never re-parses; the selector was chosen at compile time."""

    __slots__ = ("text", "root", "is_reference", "is_definite", "steps", "select")

    def __init__(self, text: str, root: str, steps: Steps):
        self.text = text
        self.root = root
        self.steps = steps
        self.is_reference = all(step[0] in _DEFINITE_KINDS for step in steps)
        self.is_definite = self.is_reference or _is_definite(steps)
        self.select = _choose_selector(text, steps, self.is_reference, self.is_definite)

    def __repr__(self) -> str:
        return f"Path({self.text!r})"

    def evaluate(self, input: Any, env: Env | None = None) -> Any:
        """The selected value (definite paths) or the list of matches (indefinite ones)."""
        root = self.root
        if root == "$":
            return self.select(input)
        return self.select(self._root_value(env))

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
        return _lenient_definite(node, self.steps) is not MISSING

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


def _is_definite(steps: Steps) -> bool:
    """Jayway: definite when every step picks one node; leaf unions of names merge into one
    object, and a union of names anywhere else fails, so it also yields at most one value."""
    return all(step[0] in (KEY, INDEX, KEYS) for step in steps)


def _choose_selector(text: str, steps: Steps, reference: bool, definite: bool) -> Callable[[Any], Any]:
    if not steps:
        return _identity
    if not definite:
        return lambda node: _collect(node, steps)
    if reference and all(step[0] == KEY for step in steps):
        keys = tuple(step[1] for step in steps)
        return _key_chain_selector(text, steps, keys)

    def select(node: Any) -> Any:
        value = _lenient_definite(node, steps)
        return _walk_definite(text, steps, node) if value is MISSING else value
    return select


def _identity(node: Any) -> Any:
    return node


def _filter_selector(steps: Steps) -> Callable[[Any], Any]:
    """How a path inside a filter reads a node: a definite one gives its value (``MISSING``
    when absent, so comparisons with it are false), any other the list of its matches."""
    if _is_definite(steps):
        return lambda node: _lenient_definite(node, steps)
    return lambda node: _collect(node, steps)


def _key_chain_selector(text: str, steps: Steps, keys: tuple[str, ...]) -> Callable[[Any], Any]:
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
                inner = node.get(first, MISSING)
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


def _walk_definite(text: str, steps: Steps, node: Any) -> Any:
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


def _definite_index(text: str, steps: Steps, step: Step, current: str, node: Any) -> Any:
    if node is None:
        raise PathNotFound(text, f"The path {current} is null")
    if not isinstance(node, list):
        raise PathNotFound(
            text, f"Filter: {fragment(step)} can only be applied to arrays. Current context is: {java_text(node)}"
        )
    position = _position(node, step[1])
    if position is None:
        raise PathNotFound(text, f"No results for path: {normalized(steps)}")
    return node[position]


def _not_an_object(step: Step, current: str, node: Any) -> str:
    return (
        f"Expected to find an object with property {fragment(step)} in path {current} but found "
        f"'{java_class_name(node)}'. This is not a json object according to the JsonProvider: "
        f"'{_JAYWAY_PROVIDER}'."
    )


def _lenient_definite(node: Any, steps: Steps) -> Any:
    """The value of a definite path, or ``MISSING``: for presence tests and filters."""
    for position, step in enumerate(steps):
        kind = step[0]
        if kind == KEY:
            if not isinstance(node, dict) or step[1] not in node:
                return MISSING
            node = node[step[1]]
        elif kind == INDEX:
            index = _position(node, step[1]) if isinstance(node, list) else None
            if index is None:
                return MISSING
            node = node[index]
        else:
            if not isinstance(node, dict) or position != len(steps) - 1:
                return MISSING
            return {name: node[name] for name in step[1] if name in node}
    return node


def _position(items: list[Any], index: int) -> int | None:
    """Where ``index`` points in ``items``: negative ones count from the end, as in Jayway;
    None when outside the list."""
    position = index + len(items) if index < 0 else index
    return position if 0 <= position < len(items) else None


# --------------------------------------------------------------------------- indefinite paths
def _collect(root: Any, steps: Steps) -> list[Any]:
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
    index = _position(node, step[1]) if isinstance(node, list) else None
    if index is not None:
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
def compile_path(text: str) -> Path:
    """Any ASL Path; ``ExprSyntaxError`` with a readable reason when it is not one."""
    if not isinstance(text, str):  # before the cache, which needs a hashable key
        raise ExprSyntaxError(f"A path must be a string, not {type(text).__name__}")
    return _compile_path(text)


@functools.lru_cache(maxsize=8192)
def _compile_path(text: str) -> Path:
    try:
        root, steps = parse_path(text, _filter_selector)
    except RecursionError:
        raise ExprSyntaxError(f"Invalid path '{text}': nested too deeply") from None
    return Path(text, root, steps)


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


def _containers_to_update(doc: Any, steps: Steps) -> list[tuple[Any, Any]] | None:
    """Copies of every container on the path with the key to set in each, outermost first."""
    chain: list[tuple[Any, Any]] = []
    node = doc
    for kind, key in steps:
        if kind == KEY:
            if not isinstance(node, dict):
                return None
            chain.append((dict(node), key))
            node = node.get(key, MISSING)
            if node is MISSING:
                node = {}
        else:
            index = _position(node, key) if isinstance(node, list) else None
            if index is None:
                return None
            chain.append((list(node), index))
            node = node[index]
    return chain
