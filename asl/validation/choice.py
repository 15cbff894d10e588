"""Choice rules: one comparison (or one of And/Or/Not) per rule, ``Next`` only at the top.

Rules nest through ``And``/``Or``/``Not`` as deep as the JSON goes, so they are walked
with an explicit stack. Operators are data: each name maps to the kind of operand it
takes. A top-level JSONPath rule that passes these checks is also handed to the
expression layer's ``compile_rule``, so the validator never accepts a rule the
interpreter could not run.
"""
from __future__ import annotations

from typing import Any

from asl.validation import expressions as ex
from asl.validation import messages as msg
from asl.validation import references as refs
from asl.validation import values
from asl.validation.context import Report, StateSite, join

MAX_RULE_DEPTH = 50  # ours: AWS's limit is unknown


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_timestamp(value: Any) -> bool:
    return isinstance(value, str) and ex.is_timestamp(value)


# operand kind -> (test, expected type names for the message)
OPERAND_KINDS: dict[str, tuple[Any, list[str]]] = {
    "string": (lambda v: isinstance(v, str), ["string"]),
    "number": (_is_number, ["number"]),
    "boolean": (lambda v: isinstance(v, bool), ["boolean"]),
    "timestamp": (_is_timestamp, ["string"]),
    "path": (lambda v: isinstance(v, str), ["string"]),
}

OPERATORS: dict[str, str] = {
    **{f"String{op}": "string" for op in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")},
    "StringMatches": "string",
    **{f"Numeric{op}": "number" for op in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")},
    "BooleanEquals": "boolean",
    **{f"Timestamp{op}": "timestamp" for op in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")},
    **{f"Is{kind}": "boolean" for kind in ("Null", "Present", "Numeric", "String", "Boolean", "Timestamp")},
}
OPERATORS.update({
    f"{name}Path": "path"
    for name in list(OPERATORS)
    if not name.startswith("Is") and name != "StringMatches"
})
COMBINATORS = ("And", "Or", "Not")
JSONPATH_RULE_FIELDS = frozenset({"Variable", "Comment", *OPERATORS, *COMBINATORS})
JSONATA_RULE_FIELDS = frozenset({"Condition", "Output"})
TOP_LEVEL_FIELDS = frozenset({"Next", "Assign"})


def check_rules(report: Report, site: StateSite) -> None:
    """Every rule of a Choice state's ``Choices`` array."""
    choices = site.state.get("Choices")
    if not isinstance(choices, list):
        return
    for index, rule in enumerate(choices):
        location = site.at("Choices", index)
        if site.jsonata:
            _check_jsonata_rule(report, site, rule, location)
        elif _check_jsonpath_rule(report, site, rule, location):
            failure = ex.choice_rule_error(rule)
            if failure is not None:
                report.error(msg.SCHEMA, failure, location)


def _check_top_level(report: Report, site: StateSite, rule: dict[str, Any], location: str) -> bool:
    ok = True
    if "Next" not in rule:
        report.error(msg.SCHEMA, msg.CHOICE_RULE_NEEDS_NEXT, location)
        ok = False
    elif not isinstance(rule["Next"], str):
        report.error(msg.SCHEMA, msg.wrong_type(["string"]), join(location, "Next"))
        ok = False
    if "Comment" in rule and not isinstance(rule["Comment"], str):
        report.error(msg.SCHEMA, msg.wrong_type(["string"]), join(location, "Comment"))
    if "Assign" in rule:
        ok = _check_rule_assign(report, site, rule["Assign"], join(location, "Assign")) and ok
    return ok


def _check_rule_assign(report: Report, site: StateSite, assign: Any, location: str) -> bool:
    from asl.validation.variables import check_assign

    if not isinstance(assign, dict):
        report.error(msg.SCHEMA, msg.wrong_type(["object"]), location)
        return False
    check_assign(report, site, assign, location)
    return True


def _check_jsonata_rule(report: Report, site: StateSite, rule: Any, location: str) -> None:
    if not isinstance(rule, dict):
        report.error(msg.SCHEMA, msg.wrong_type(["object"]), location)
        return
    _check_top_level(report, site, rule, location)
    for field in rule:
        if field in JSONPATH_RULE_FIELDS:
            report.error(msg.SCHEMA, msg.wrong_language_field("JSONata", field), location)
        elif field not in JSONATA_RULE_FIELDS and field not in TOP_LEVEL_FIELDS and field != "Comment":
            report.error(msg.SCHEMA, msg.field_not_supported(field), location)
    condition = rule.get("Condition")
    if "Condition" not in rule:
        report.error(msg.SCHEMA, msg.CHOICE_RULE_NEEDS_CONDITION, location)
    elif isinstance(condition, str) and ex.is_jsonata(condition):
        values.check_jsonata_value(report, site.name, condition, join(location, "Condition"))
    elif not isinstance(condition, bool):
        report.error(msg.SCHEMA, msg.bad_operand("Condition", "a JSONata expression or a boolean"), join(location, "Condition"))
    if "Output" in rule:
        values.check_jsonata_value(report, site.name, rule["Output"], join(location, "Output"))


def _check_jsonpath_rule(report: Report, site: StateSite, rule: Any, location: str) -> bool:
    """Check a top-level rule and everything nested in it; True when all is well."""
    if not isinstance(rule, dict):
        report.error(msg.SCHEMA, msg.wrong_type(["object"]), location)
        return False
    ok = _check_top_level(report, site, rule, location)
    pending: list[tuple[Any, str, int]] = [(rule, location, 0)]
    while pending:
        node, where, depth = pending.pop()
        if depth > MAX_RULE_DEPTH:
            report.error(msg.TOO_DEEP, msg.too_deeply_nested(MAX_RULE_DEPTH), where)
            return False
        if not isinstance(node, dict):
            report.error(msg.SCHEMA, msg.wrong_type(["object"]), where)
            ok = False
            continue
        ok = _check_one_rule(report, site, node, where, depth == 0) and ok
        pending.extend(_children(node, where, depth))
    return ok


def _children(rule: dict[str, Any], where: str, depth: int) -> list[tuple[Any, str, int]]:
    found: list[tuple[Any, str, int]] = []
    for name in ("And", "Or"):
        if isinstance(rule.get(name), list):
            found.extend((r, join(where, name, i), depth + 1) for i, r in enumerate(rule[name]))
    if "Not" in rule:
        found.append((rule["Not"], join(where, "Not"), depth + 1))
    return list(reversed(found))


def _check_one_rule(report: Report, site: StateSite, rule: dict[str, Any], where: str, top: bool) -> bool:
    ok = True
    for field in rule:
        if field in JSONATA_RULE_FIELDS:
            report.error(msg.SCHEMA, msg.wrong_language_field("JSONPath", field), where)
            ok = False
        elif field not in JSONPATH_RULE_FIELDS and not (top and field in TOP_LEVEL_FIELDS):
            report.error(msg.SCHEMA, msg.field_not_supported(field), where)
            ok = False
    operators = [f for f in rule if f in OPERATORS or f in COMBINATORS]
    if len(operators) != 1:
        report.error(msg.SCHEMA, msg.choice_operator_count(len(operators)), where)
        return False
    operator = operators[0]
    if operator in COMBINATORS:
        return _check_combinator(report, rule, operator, where) and ok
    return _check_comparison(report, site, rule, operator, where) and ok


def _check_combinator(report: Report, rule: dict[str, Any], operator: str, where: str) -> bool:
    if "Variable" in rule:
        report.error(msg.SCHEMA, msg.field_not_supported("Variable"), where)
        return False
    operand = rule[operator]
    if operator == "Not":
        return isinstance(operand, dict)  # a non-object is reported when its turn comes
    if not isinstance(operand, list):
        report.error(msg.SCHEMA, msg.wrong_type(["array"]), join(where, operator))
        return False
    if not operand:
        report.error(msg.SCHEMA, msg.EMPTY_VALUE, join(where, operator))
        return False
    return True


def _check_comparison(report: Report, site: StateSite, rule: dict[str, Any], operator: str, where: str) -> bool:
    ok = True
    variable = rule.get("Variable")
    if "Variable" not in rule:
        report.error(msg.SCHEMA, msg.CHOICE_RULE_NEEDS_VARIABLE, where)
        ok = False
    elif not isinstance(variable, str) or ex.reference_path_error(variable) is not None:
        report.error(msg.SCHEMA, msg.bad_reference_path("Variable"), join(where, "Variable"))
        ok = False
    else:
        _note_path_reference(report, site, variable)
    kind = OPERATORS[operator]
    test, expected = OPERAND_KINDS[kind]
    operand = rule[operator]
    if not test(operand):
        report.error(msg.SCHEMA, _operand_message(kind, expected, operand), join(where, operator))
        return False
    if kind == "path":
        if ex.reference_path_error(operand) is not None:
            report.error(msg.SCHEMA, msg.bad_reference_path(operator), join(where, operator))
            return False
        _note_path_reference(report, site, operand)
    return ok


def _operand_message(kind: str, expected: list[str], operand: Any) -> str:
    if kind == "timestamp" and isinstance(operand, str):
        return msg.BAD_TIMESTAMP
    return msg.wrong_type(expected)


def _note_path_reference(report: Report, site: StateSite, path: str) -> None:
    name = refs.path_variable(path)
    if name:
        report.references(site.name, {name})
