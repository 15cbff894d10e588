"""JSONata in Step Functions: ``{% ... %}`` expressions and the templates that hold them.

What the interpreter and the validator use:

* ``is_expression(value)``: a string that starts with ``{%`` and ends with ``%}``;
* ``compile_expression(text)`` -> ``Expression`` (cached by text, since the validator and
  the interpreter compile the same strings); syntax errors raise ``ExprSyntaxError``;
* ``compile_template(value, field)`` -> ``Template``: any JSON value whose expression
  strings are evaluated at any depth, everything else literal;
* ``check_type`` for AWS's per-field result types (Map ``Items`` must be an array...).

Evaluation binds ``$states`` (``input``, ``context``, ``result``, ``errorOutput`` where they
apply) and every workflow variable the expression mentions. Failures raise
``StatesError("States.QueryEvaluationError", detail)`` worded as AWS words them, with
``.location`` set to the field path (``Output/error``) for the ``EvaluationFailed`` event.
"""
from __future__ import annotations

import json
import random
import re
from functools import lru_cache
from typing import Any, Mapping

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError, pointer_segment
from asl.expr.jsonata_backend import Compiled, EvaluationFailed, Limits
from asl.expr.jsonata_errors import Failure, js_json, js_number
from asl.expr.jsonata_functions import calling, enter, leave

QUERY_ERROR = "States.QueryEvaluationError"

# Bounds on every evaluation; replace to configure (read at each call).
LIMITS = Limits()


class _Sentinel:
    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def __repr__(self) -> str:
        return self._name

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Sentinel("UNDEFINED")  # an expression that yields nothing
MISSING: Any = _Sentinel("MISSING")  # a ``$states`` member that does not apply here

_NAME = re.compile(r"\$(\w+)")
_STATES = re.compile(r"\$states\b")
_STATES_MEMBER = re.compile(r"\$states\s*\.\s*(?:input|result|errorOutput)\b")
_STATES_BARE = re.compile(r"\$states\b(?!\s*\.\s*[A-Za-z_])")
_STATES_INPUT = re.compile(r"\$states\s*\.\s*input\b")
_STEP = re.compile(r"\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()")
_ROOTS = ("input", "result", "errorOutput", "context")


def is_expression(value: Any) -> bool:
    """AWS evaluates a string only when ``{%`` and ``%}`` are its very first and last
    characters; ``" {% x %}"`` is a literal."""
    return isinstance(value, str) and len(value) >= 4 and value.startswith("{%") and value.endswith("%}")


def compile_expression(text: str) -> "Expression":
    """Compile a whole ``{% ... %}`` string once; raises ``ExprSyntaxError``."""
    if not is_expression(text):  # before the cache, which needs a hashable key
        raise ExprSyntaxError(f"Not a JSONata expression (must start with '{{%' and end with '%}}'): {text!r}")
    return _compile_expression(text)


@lru_cache(maxsize=4096)
def _compile_expression(text: str) -> "Expression":
    return Expression(text)


class Expression:
    """One compiled expression. ``source`` is the inner text as AWS quotes it in causes."""

    __slots__ = ("text", "source", "_compiled", "_names", "_uses_states", "_uses_context", "_uses_input", "_probe",
                 "_keys")

    def __init__(self, text: str):
        self.text = text
        self.source = text[2:-2].strip()
        self._compiled = Compiled(self.source)
        self._names = frozenset(_NAME.findall(self.source)) - {"states"}
        self._uses_states = bool(_STATES.search(self.source))
        self._uses_context = len(_STATES.findall(self.source)) > len(_STATES_MEMBER.findall(self.source))
        # a large state input costs to convert: bind it only when the expression reads it
        self._uses_input = bool(_STATES_INPUT.search(self.source) or _STATES_BARE.search(self.source))
        self._probe: Compiled | None = None
        self._keys = _first_keys(self.source, self._names)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def evaluate(
        self,
        input: Any,
        env: Env,
        *,
        result: Any = MISSING,
        error_output: Any = MISSING,
        field: str = "",
    ) -> Any:
        """The value, or ``UNDEFINED``; a function value raises (AWS: unsupported type)."""
        bindings = self._bindings(input, env, result, error_output)
        token = enter(env)
        try:
            text = self._compiled.evaluate(bindings, LIMITS)
        except EvaluationFailed as failed:
            raise self._threw(failed.failure, field) from None
        finally:
            leave(token)
        if text is None:
            return UNDEFINED
        if text == '""' and self._is_function(bindings, env):
            raise self.error(field, "returned an unsupported result type.")
        return self._decode(text, field)

    def evaluate_field(self, input: Any, env: Env, *, field: str, **states: Any) -> Any:
        """Like ``evaluate``, but nothing (undefined) is an error, as in every AWS field."""
        value = self.evaluate(input, env, field=field, **states)
        if value is UNDEFINED:
            raise self.error(field, "returned nothing (undefined).")
        return value

    def error(self, field: str, what: str) -> StatesError:
        """``States.QueryEvaluationError`` naming this expression and ``field``."""
        err = StatesError(
            QUERY_ERROR,
            f"The JSONata expression '{self.source}' specified for the field '{field}' {what}",
        )
        err.location = field  # type: ignore[attr-defined]
        return err

    def _threw(self, failure: Failure, field: str) -> StatesError:
        return self.error(field, "threw an error during evaluation" + failure.detail())

    def _bindings(self, input: Any, env: Env, result: Any, error_output: Any) -> dict[str, Any]:
        bindings: dict[str, Any] = {}
        keys = self._keys
        if self._uses_states:
            states: dict[str, Any] = {}
            if self._uses_input:
                states["input"] = _project(input, keys.get("input"))
            if self._uses_context:
                states["context"] = _project(env.context, keys.get("context"))
            if result is not MISSING:
                states["result"] = _project(result, keys.get("result"))
            if error_output is not MISSING:
                states["errorOutput"] = error_output
            bindings["states"] = states
        if self._names:
            variables: Mapping[str, Any] = env.variables
            for name in self._names:
                if name in variables:
                    bindings[name] = _project(variables[name], keys.get("$" + name))
        return bindings

    def _is_function(self, bindings: dict[str, Any], env: Env) -> bool:
        """The engine prints a function as ``""``; ask ``$type`` to tell it from a string.

        Runs only for that one ambiguous answer, against a scratch RNG so the real one
        is not advanced twice."""
        if self._probe is None:
            self._probe = Compiled("$type((" + self.source + "\n))")
        with calling(_ScratchEnv(env)):
            try:
                return self._probe.evaluate(bindings, LIMITS) == '"function"'
            except EvaluationFailed:
                return False

    def _decode(self, text: str, field: str) -> Any:
        try:
            return json.loads(text, parse_float=js_number)
        except RecursionError:
            raise self._threw(Failure(None, "The result is nested too deeply"), field) from None


def _first_keys(source: str, names: frozenset[str]) -> dict[str, frozenset[str]]:
    """For each value the expression reads only through ``.name`` steps (``$states.input.id``,
    ``$order.total``), the first-level keys it reads: binding just those keys gives the same
    result and spares converting the rest of a large value into the engine. A value used
    any other way (bare, filtered, aliased, parent operator ``%``) is absent: bound whole."""
    if "%" in source:
        return {}
    found: dict[str, frozenset[str]] = {}
    prefixes = {root: r"\$states\s*\.\s*" + root + r"\b" for root in _ROOTS}
    prefixes.update({"$" + name: re.escape("$" + name) + r"\b" for name in names})
    for key, prefix in prefixes.items():
        keys = _steps_after(source, prefix)
        if keys:
            found[key] = keys
    return found


def _steps_after(source: str, prefix: str) -> frozenset[str] | None:
    keys: set[str] = set()
    for match in re.finditer(prefix, source):
        step = _STEP.match(source, match.end())
        if step is None:
            return None
        keys.add(step.group(1))
    return frozenset(keys) if keys else None


def _project(value: Any, keys: frozenset[str] | None) -> Any:
    if keys is None or not isinstance(value, dict):
        return value
    return {k: value[k] for k in keys if k in value}


class _ScratchEnv:
    """``env`` with a throwaway RNG, for the result-type probe."""

    def __init__(self, base: Env):
        self.base = base
        self.rng = random.Random(0)

    @property
    def context(self) -> Any:
        return self.base.context

    @property
    def variables(self) -> Mapping[str, Any]:
        return self.base.variables

    @property
    def now(self) -> float:
        return self.base.now


# --- typed results --------------------------------------------------------------------

_TYPE_NAMES = (
    (bool, "boolean"),
    (str, "string"),
    (int, "number"),
    (float, "number"),
    (list, "array"),
    (dict, "object"),
)


def json_type(value: Any) -> str:
    """AWS's name for a JSON value's type (``'array'``, ``'number'``, ``'null'``...)."""
    if value is None:
        return "null"
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _matches(value: Any, expect: str) -> bool:
    actual = json_type(value)
    if expect == "integer":
        return actual == "number" and float(value).is_integer()
    return actual == expect


def check_type(value: Any, expect: str | None, expression: "Expression | None", field: str) -> Any:
    """Return ``value`` if it is of type ``expect``; else AWS's unexpected-type error."""
    if expect is None or _matches(value, expect):
        return value
    what = f"an unexpected result type. Expected '{expect}', but was '{json_type(value)}' for value: {js_json(value)}"
    if expression is not None:
        raise expression.error(field, "returned " + what)
    err = StatesError(QUERY_ERROR, f"The value specified for the field '{field}' has {what}")
    err.location = field  # type: ignore[attr-defined]
    raise err


# --- templates ------------------------------------------------------------------------


def compile_template(value: Any, field: str) -> "Template":
    """Compile every expression inside ``value``; ``ExprSyntaxError.location`` is the JSON
    pointer of the bad one relative to the field (``""`` for the field itself)."""
    return Template(value, field, _plan(value, ""))


class Template:
    """A JSONata-mode field value. A wholly static one is returned as is, without work
    (and shared, so callers must not mutate it)."""

    __slots__ = ("value", "field", "_plan", "static")

    def __init__(self, value: Any, field: str, plan: Any):
        self.value = value
        self.field = field
        self._plan = plan
        self.static = plan is None

    def evaluate(
        self,
        input: Any,
        env: Env,
        *,
        result: Any = MISSING,
        error_output: Any = MISSING,
        expect: str | None = None,
    ) -> Any:
        if self._plan is None:
            return check_type(self.value, expect, None, self.field)
        states = {"result": result, "error_output": error_output}
        value = _fill(self._plan, self.value, input, env, states, self.field)
        single = self._plan if isinstance(self._plan, Expression) else None
        return check_type(value, expect, single, self.field)

    def expressions(self) -> list["Expression"]:
        """Every expression in the template (for the validator's variable analysis)."""
        found: list[Expression] = []
        _collect(self._plan, found)
        return found


def _plan(value: Any, pointer: str) -> Any:
    """A tree mirroring ``value`` where only parts holding expressions are kept;
    ``None`` marks a static part."""
    if isinstance(value, str):
        return _compile_at(value, pointer) if is_expression(value) else None
    if isinstance(value, dict):
        parts = {k: _plan(v, f"{pointer}/{pointer_segment(k)}") for k, v in value.items()}
        return parts if any(p is not None for p in parts.values()) else None
    if isinstance(value, list):
        items = [_plan(v, f"{pointer}/{i}") for i, v in enumerate(value)]
        return items if any(p is not None for p in items) else None
    return None


def _compile_at(text: str, pointer: str) -> Expression:
    try:
        return compile_expression(text)
    except ExprSyntaxError as exc:
        located = ExprSyntaxError(str(exc))
        located.location = pointer  # type: ignore[attr-defined]
        located.code = getattr(exc, "code", None)  # type: ignore[attr-defined]
        raise located from None


def _fill(plan: Any, value: Any, input: Any, env: Env, states: dict[str, Any], field: str) -> Any:
    if plan is None:
        return value
    if isinstance(plan, Expression):
        return plan.evaluate_field(input, env, field=field, **states)
    if isinstance(plan, dict):
        return {k: _fill(plan[k], v, input, env, states, f"{field}/{k}") for k, v in value.items()}
    return [_fill(p, v, input, env, states, f"{field}[{i}]") for i, (p, v) in enumerate(zip(plan, value))]


def _collect(plan: Any, found: list[Expression]) -> None:
    if isinstance(plan, Expression):
        found.append(plan)
    elif isinstance(plan, dict):
        for part in plan.values():
            _collect(part, found)
    elif isinstance(plan, list):
        for part in plan:
            _collect(part, found)


__all__ = [
    "LIMITS",
    "Limits",
    "MISSING",
    "QUERY_ERROR",
    "Template",
    "UNDEFINED",
    "Expression",
    "check_type",
    "compile_expression",
    "compile_template",
    "is_expression",
    "json_type",
]
