"""How data moves through one state, in each query language.

JSONPath: ``InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath ->
OutputPath``; JSONata: ``Arguments -> (work) -> Output`` with ``$states`` bindings.
``Assign`` exists in both. A ``Flow`` object per state holds the compiled pieces, so the
state runners never ask which language they are in.

Every value returned is a new object or an unchanged input: nothing is mutated.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from asl.errors import StatesError

Evaluator = Callable[[Any, Any], Any]  # (input, env) -> value

_ABSENT = object()


def _runtime(detail: str) -> StatesError:
    return StatesError("States.Runtime", detail)


# --------------------------------------------------------------------- field compilers
# How AWS words a ``...Path`` field that selects nothing, where it has its own wording.
_MISSING_TARGET = {
    "SecondsPath": "The SecondsPath parameter does not reference an input value: {path}",
    "TimestampPath": "The TimestampPath parameter does not reference an input value: {path}",
}


def reference_field(text: str, key: str) -> Evaluator:
    """A ``...Path`` field: a reference path whose target must exist."""
    from asl.expr.jsonpath import PathNotFound, compile_reference_path

    path = compile_reference_path(text)
    wording = _MISSING_TARGET.get(key)

    def evaluate(value: Any, env: Any) -> Any:
        try:
            return path.evaluate(value, env)
        except PathNotFound as exc:
            raise _runtime(wording.format(path=text) if wording else str(exc)) from None

    return evaluate


def _path_field(text: Optional[str]) -> Optional[Evaluator]:
    """InputPath/OutputPath: ``None`` (JSON null) selects nothing, giving ``{}``."""
    if text is None:
        return lambda value, env: {}
    if text == "$":
        return None
    from asl.expr.jsonpath import PathNotFound, compile_path

    path = compile_path(text)

    def evaluate(value: Any, env: Any) -> Any:
        try:
            return path.evaluate(value, env)
        except PathNotFound as exc:
            raise _runtime(str(exc)) from None

    return evaluate


def template_field(template: Any, field: str, jsonata: bool, expect: Optional[str] = None) -> Evaluator:
    """A payload template (JSONPath ``.$`` keys) or a JSONata template (``{% %}``).

    ``expect`` (JSONata) is the JSON type AWS requires the field's value to have.
    """
    if jsonata:
        from asl.expr import jsonata as ja

        compiled = ja.compile_template(template, field)
        if expect is None:
            return compiled.evaluate
        return lambda value, env, **states: compiled.evaluate(value, env, expect=expect, **states)
    from asl.expr.payload import compile_template

    return compile_template(template, field).evaluate


def value_field(value: Any, key: str, jsonata: bool, expect: Optional[str] = None) -> Evaluator:
    """A plain value, or in JSONata mode possibly an expression."""
    if jsonata:
        return template_field(value, key, True, expect)
    return lambda _input, _env: value


def fail_field(raw: dict[str, Any], key: str, jsonata: bool) -> Optional[Evaluator]:
    """Fail's ``Error``/``Cause`` or their ``...Path`` forms (a path or an intrinsic)."""
    if key in raw:
        return value_field(raw[key], key, jsonata)
    path_key = key + "Path"
    if path_key not in raw:
        return None
    from asl.expr.jsonpath import PathNotFound
    from asl.expr.payload import compile_value_expr, path_not_found_cause

    text = raw[path_key]
    expr = compile_value_expr(text)

    def evaluate(value: Any, env: Any) -> Any:
        try:
            return expr.evaluate(value, env)
        except PathNotFound as exc:
            raise _runtime(path_not_found_cause(exc.path, path_key, value)) from None

    return evaluate


def items_field(raw: dict[str, Any], jsonata: bool) -> Evaluator:
    if jsonata:
        if "Items" in raw:
            return template_field(raw["Items"], "Items", True, expect="array")
        return lambda value, env: value
    text = raw.get("ItemsPath", "$")
    if text == "$":
        return lambda value, env: value
    return reference_field(text, "ItemsPath")


def _assign_field(raw: dict[str, Any], jsonata: bool) -> Optional[Evaluator]:
    if "Assign" not in raw:
        return None
    return template_field(raw["Assign"], "Assign", jsonata)


def _output_field(raw: dict[str, Any], jsonata: bool) -> Optional[Evaluator]:
    """JSONata's ``Output`` (a state's, a Catcher's, a Choice rule's); JSONPath has none."""
    if not jsonata or "Output" not in raw:
        return None
    return template_field(raw["Output"], "Output", True)


# ------------------------------------------------------------------------------ flows
class Flow:
    """The data flow of one state; subclasses per query language."""

    jsonata = False

    def effective_input(self, raw: Any, env: Any) -> Any:
        return raw

    def payload(self, effective: Any, env: Any) -> Any:
        return effective

    def finish(self, raw: Any, effective: Any, result: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        """The state's output and assignments (None: no Assign) once its work produced ``result``."""
        raise NotImplementedError

    def passthrough(self, raw: Any, effective: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        """Output and assignments of a state with no result (Choice, Wait, Succeed)."""
        raise NotImplementedError

    def select(self, raw: Any, effective: Any, env: Any) -> Any:
        """The output of a state with no result, ignoring its own Assign/Output."""
        raise NotImplementedError


class JsonPathFlow(Flow):
    __slots__ = ("input_path", "parameters", "result", "result_selector", "result_path", "output_path", "assign")

    def __init__(self, raw: dict[str, Any], type_: str):
        self.input_path = _path_field(raw.get("InputPath", "$"))
        self.output_path = _path_field(raw.get("OutputPath", "$"))
        parameters = raw.get("Parameters") if type_ != "Map" else None
        self.parameters = None if parameters is None else template_field(parameters, "Parameters", False)
        self.result = raw.get("Result", _ABSENT)
        selector = raw.get("ResultSelector")
        self.result_selector = None if selector is None else template_field(selector, "ResultSelector", False)
        self.result_path = _result_path(raw.get("ResultPath", "$"))  # None: the result replaces the input
        self.assign = _assign_field(raw, False)

    def effective_input(self, raw: Any, env: Any) -> Any:
        return raw if self.input_path is None else self.input_path(raw, env)

    def payload(self, effective: Any, env: Any) -> Any:
        if self.result is not _ABSENT:  # Pass: the static Result is the state's result
            return self.result
        return effective if self.parameters is None else self.parameters(effective, env)

    def run_pass(self, raw: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        """A Pass state's whole flow in one call (Pass states are the most common)."""
        effective = raw if self.input_path is None else self.input_path(raw, env)
        if self.result is not _ABSENT:
            result = self.result
        else:
            result = effective if self.parameters is None else self.parameters(effective, env)
        assigned = None if self.assign is None else self.assign(result, env)
        merged = result if self.result_path is None else self.result_path(raw, result, env)
        return (merged if self.output_path is None else self.output_path(merged, env)), assigned

    def finish(self, raw: Any, effective: Any, result: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        if self.result_selector is not None:
            result = self.result_selector(result, env)
        assigned = None if self.assign is None else self.assign(result, env)
        merged = result if self.result_path is None else self.result_path(raw, result, env)
        output = merged if self.output_path is None else self.output_path(merged, env)
        return output, assigned

    def passthrough(self, raw: Any, effective: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        assigned = None if self.assign is None else self.assign(effective, env)
        return self.select(raw, effective, env), assigned

    def select(self, raw: Any, effective: Any, env: Any) -> Any:
        return effective if self.output_path is None else self.output_path(effective, env)


class JsonataFlow(Flow):
    __slots__ = ("arguments", "output", "assign")
    jsonata = True
    input_path = None  # JSONata has no InputPath: the effective input is the raw input

    def __init__(self, raw: dict[str, Any], type_: str):
        arguments = raw.get("Arguments")
        self.arguments = None if arguments is None else template_field(arguments, "Arguments", True)
        self.output = _output_field(raw, True)
        self.assign = _assign_field(raw, True)

    def payload(self, effective: Any, env: Any) -> Any:
        return effective if self.arguments is None else self.arguments(effective, env)

    def finish(self, raw: Any, effective: Any, result: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        assigned = None if self.assign is None else self.assign(raw, env, result=result)
        output = result if self.output is None else self.output(raw, env, result=result)
        return output, assigned

    def passthrough(self, raw: Any, effective: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        assigned = None if self.assign is None else self.assign(raw, env)
        output = raw if self.output is None else self.output(raw, env)
        return output, assigned

    def select(self, raw: Any, effective: Any, env: Any) -> Any:
        return raw


def _result_path(text: Any) -> Optional[Callable[[Any, Any, Any], Any]]:
    """ResultPath: ``$`` (None here: nothing to call) replaces the input, ``null``
    discards the result."""
    if text is None:
        return lambda raw, result, env: raw
    if text == "$":
        return None
    from asl.expr.jsonpath import compile_reference_path, set_path
    from asl.expr.jsonpath_syntax import KEY

    path = compile_reference_path(text)
    if len(path.steps) == 1 and path.steps[0][0] == KEY:
        key = path.steps[0][1]

        def set_top_level(raw: Any, result: Any, env: Any) -> Any:
            """The common ``$.name`` case, as one dict copy."""
            if type(raw) is dict:
                return {**raw, key: result}
            return set_path(raw, path, result)

        return set_top_level
    return lambda raw, result, env: set_path(raw, path, result)


def compile_flow(raw: dict[str, Any], jsonata: bool, type_: str) -> Flow:
    return JsonataFlow(raw, type_) if jsonata else JsonPathFlow(raw, type_)


# --------------------------------------------------------------------------- catchers
class CatchFlow:
    """How a Catcher turns the error output into the state's output."""

    __slots__ = ("jsonata", "result_path", "output", "assign")

    def __init__(self, raw: dict[str, Any], jsonata: bool):
        self.jsonata = jsonata
        self.result_path = None if jsonata else _result_path(raw.get("ResultPath", "$"))
        self.output = _output_field(raw, jsonata)
        self.assign = _assign_field(raw, jsonata)

    def caught(self, raw: Any, error_output: dict[str, Any], env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        if self.jsonata:
            assigned = None if self.assign is None else self.assign(raw, env, error_output=error_output)
            output = error_output if self.output is None else self.output(raw, env, error_output=error_output)
            return output, assigned
        assigned = None if self.assign is None else self.assign(error_output, env)
        if self.result_path is None:
            return error_output, assigned
        return self.result_path(raw, error_output, env), assigned


def compile_catcher_flow(raw: dict[str, Any], jsonata: bool) -> CatchFlow:
    return CatchFlow(raw, jsonata)


# ------------------------------------------------------------------------ Choice rules
class ChoiceRule:
    __slots__ = ("index", "test", "next", "flow")

    def __init__(self, index: int, test: Callable[[Any, Any], bool], next_: str, flow: "RuleFlow"):
        self.index = index
        self.test = test
        self.next = next_
        self.flow = flow


class RuleFlow:
    """A matched rule's own ``Assign`` (and JSONata ``Output``) replace the state's."""

    __slots__ = ("assign", "output", "jsonata", "plain")

    def __init__(self, raw: dict[str, Any], jsonata: bool):
        self.jsonata = jsonata
        self.assign = _assign_field(raw, jsonata)
        self.output = _output_field(raw, jsonata)
        self.plain = not jsonata and self.assign is None  # nothing of its own: the state's output

    def matched(self, state_flow: Flow, raw: Any, effective: Any, env: Any) -> tuple[Any, Optional[dict[str, Any]]]:
        if self.jsonata:
            assigned = None if self.assign is None else self.assign(raw, env)
            output = raw if self.output is None else self.output(raw, env)
            return output, assigned
        assigned = None if self.assign is None else self.assign(effective, env)
        return state_flow.select(raw, effective, env), assigned


def compile_choice_rule(raw: dict[str, Any], index: int, jsonata: bool) -> ChoiceRule:
    if jsonata:
        test = _condition(raw["Condition"])
    else:
        from asl.expr.choice import compile_rule

        test = compile_rule(raw)
    return ChoiceRule(index, test, raw["Next"], RuleFlow(raw, jsonata))


def _condition(condition: Any) -> Callable[[Any, Any], bool]:
    """A JSONata ``Condition``: must evaluate to a boolean."""
    return template_field(condition, "Condition", True, expect="boolean")
