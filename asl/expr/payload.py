"""Payload templates (``Parameters``, ``ResultSelector``, ``ItemSelector``, JSONPath
``Assign``, ``Credentials``, ItemReader/ResultWriter ``Parameters``).

A template is compiled once into nested builders: keys ending in ``.$`` become
evaluators (a Path or an intrinsic call) and lose the suffix, everything else is literal.
Any subtree without ``.$`` keys is kept as the very object from the definition and
returned as is (values are never mutated in place, so sharing it is safe); a template
with no ``.$`` at all evaluates to itself without any work.
"""
from __future__ import annotations

from typing import Any, Callable

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError, pointer_segment
from asl.expr.intrinsics import Intrinsic, compile_intrinsic
from asl.expr.jsonpath import Path, PathNotFound, compile_path
from asl.expr.jsontext import json_text

Builder = Callable[[Any, Any], Any]


class TemplateError(ExprSyntaxError):
    """A ``.$`` value that is neither a path nor an intrinsic call. ``location`` is a JSON
    pointer relative to the template's field (``""`` for its top level), ``key`` the
    offending key, ``detail`` why its value did not parse."""

    def __init__(self, key: str, location: str, detail: str):
        self.key = key
        self.location = location
        self.detail = detail
        super().__init__(
            f"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"
        )


def path_not_found_cause(path_text: str, field: str, input: Any) -> str:
    """AWS's cause when a ``.$`` value (or ``ErrorPath``/``CausePath``) selects nothing."""
    return (
        f"The JSONPath '{path_text}' specified for the field '{field}' "
        f"could not be found in the input '{json_text(input)}'"
    )


class ValueExpr:
    """One ``.$``-style value: a Path or an intrinsic call, behind one ``evaluate``."""

    __slots__ = ("text", "expr")

    def __init__(self, text: str, expr: Path | Intrinsic):
        self.text = text
        self.expr = expr

    def __repr__(self) -> str:
        return f"ValueExpr({self.text!r})"

    @property
    def is_path(self) -> bool:
        return isinstance(self.expr, Path)

    def evaluate(self, input: Any, env: Env | None = None) -> Any:
        """The value; ``PathNotFound`` when a definite path in it selects nothing."""
        return self.expr.evaluate(input, env)


def compile_value_expr(text: Any) -> ValueExpr:
    """``$...`` compiles as a Path, anything else as an intrinsic call."""
    if not isinstance(text, str):
        raise ExprSyntaxError(f"Expected a path or an intrinsic function call, not {json_text(text)}")
    if text.startswith("$"):
        return ValueExpr(text, compile_path(text))
    return ValueExpr(text, compile_intrinsic(text))


class Template:
    """A compiled payload template; ``is_static`` when it holds no ``.$`` key at all."""

    __slots__ = ("field", "source", "is_static", "_build")

    def __init__(self, field: str, source: Any, is_static: bool, build: Builder | None):
        self.field = field
        self.source = source
        self.is_static = is_static
        self._build = build

    def __repr__(self) -> str:
        return f"Template({self.field!r})"

    def evaluate(self, input: Any, env: Env | None = None) -> Any:
        if self._build is None:
            return self.source
        return self._build(input, env)


def compile_template(template: Any, field: str) -> Template:
    """Compile ``template`` (any JSON value) for the field named ``field``."""
    static, built = _compile_node(template, "")
    return Template(field, template, static, None if static else built)


def _compile_node(node: Any, pointer: str) -> tuple[bool, Any]:
    """``(True, node)`` for a literal subtree, else ``(False, builder)``."""
    if isinstance(node, dict):
        return _compile_object(node, pointer)
    if isinstance(node, list):
        return _compile_array(node, pointer)
    return True, node


def _compile_object(node: dict[str, Any], pointer: str) -> tuple[bool, Any]:
    entries: list[tuple[str, Any, Builder | None]] = []
    for key, value in node.items():
        if isinstance(key, str) and key.endswith(".$"):
            entries.append((key[:-2], None, _dollar_value(key, value, pointer)))
            continue
        static, built = _compile_node(value, f"{pointer}/{pointer_segment(key)}")
        entries.append((key, built, None) if static else (key, None, built))
    if all(builder is None for _, _, builder in entries):
        return True, node
    if len(entries) == 1:  # ``{"x.$": ...}``, the commonest template, without the loop
        only_key, _, only_builder = entries[0]
        return False, lambda input, env: {only_key: only_builder(input, env)}  # type: ignore[misc]

    def build_object(input: Any, env: Any) -> dict[str, Any]:
        out = {}
        for key, constant, builder in entries:
            out[key] = constant if builder is None else builder(input, env)
        return out
    return False, build_object


def _compile_array(node: list[Any], pointer: str) -> tuple[bool, Any]:
    items = [_compile_node(item, f"{pointer}/{index}") for index, item in enumerate(node)]
    if all(static for static, _ in items):
        return True, node

    def build_array(input: Any, env: Any) -> list[Any]:
        return [built(input, env) if not static else built for static, built in items]
    return False, build_array


def _dollar_value(key: str, value: Any, pointer: str) -> Builder:
    try:
        expr = compile_value_expr(value).expr
    except ExprSyntaxError as error:
        raise TemplateError(key, pointer, str(error)) from None
    evaluate = expr.evaluate

    def dollar(input: Any, env: Any) -> Any:
        try:
            return evaluate(input, env)
        except PathNotFound as missing:
            raise StatesError("States.Runtime", path_not_found_cause(missing.path, key, input)) from None
    return dollar
