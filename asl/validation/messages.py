"""Every problem code and message the validator emits, in one place.

AWS's wording is part of the contract: tools and people grep for it, and our conformance
check compares it byte for byte with what AWS returned. Each message below says where its
wording comes from:

* ``recorded``: returned by AWS in the conformance corpus (``aws-validation``);
* ``reported``: quoted from AWS answers in public bug reports and emulator tests that say
  they were measured against AWS (not in our corpus, so one level less certain);
* ``ours``: AWS's text is unknown to us; worded in AWS's style. ``OURS`` lists these so
  they can be replaced as soon as a recording shows AWS's own words.
"""
from __future__ import annotations

from collections.abc import Iterable

# --- codes (AWS's ValidateStateMachineDefinition vocabulary) ------------------------------
SCHEMA = "SCHEMA_VALIDATION_FAILED"
INVALID_JSON = "INVALID_JSON_DESCRIPTION"
MISSING_DESCRIPTION = "MISSING_DESCRIPTION"
MISSING_TARGET = "MISSING_TRANSITION_TARGET"
MISSING_END = "MISSING_END_STATE"
DUPLICATE_STATE = "DUPLICATE_STATE_NAME"
INVALID_STATE_NAME = "INVALID_STATE_NAME"
INVALID_LABEL = "INVALID_LABEL_NAME"
DUPLICATE_LABEL = "DUPLICATE_LABEL_NAME"
TOO_DEEP = "TOO_DEEPLY_NESTED"
INVALID_JSONATA = "INVALID_JSONATA_EXPRESSION"  # reported
UNSUPPORTED_JSONATA = "UNSUPPORTED_JSONATA_EXPRESSION"  # reported
# warnings
NO_DOLLAR = "NO_DOLLAR"
NO_PATH = "NO_PATH"
PASS_RESULT_IS_STATIC = "PASS_RESULT_IS_STATIC"

JSON_TYPE_NAMES = {
    "string": "STRING",
    "integer": "INTEGER",
    "number": "NUMBER",
    "boolean": "BOOLEAN",
    "object": "OBJECT",
    "array": "ARRAY",
    "null": "NULL",
}


def _names(fields: Iterable[str]) -> str:
    return "[" + ", ".join(fields) + "]"


# --- recorded ---------------------------------------------------------------------------
def fields_required(fields: Iterable[str]) -> str:
    return f"These fields are required: {_names(fields)}"


def field_required(field: str) -> str:
    return f"The field '{field}' is required but was missing"


NOT_AN_OBJECT = "Definition must be a valid JSON object"
EMPTY_VALUE = "Value cannot be empty"
BAD_TIMESTAMP = "String does not match RFC3339 timestamp"
QUERY_LANGUAGE_DOWNGRADE = (
    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"
)
EXPRESS_SYNC = "Express state machine does not support '.sync' service integration"
# AWS's text really ends with a space before " at ...": keep it.
EXPRESS_CALLBACK = "Express state machine does not support '.waitForTaskToken' service integration "
EXPRESS_ACTIVITY = "Express state machine does not support Activity ARN"


def bad_template_value(key: str) -> str:
    return f"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"


def resource_not_recognized(resource: str) -> str:
    return (
        f"The resource provided {resource} is not recognized. The value is not a valid "
        "resource ARN, or the resource is not available in this region."
    )


# --- reported ---------------------------------------------------------------------------
NOT_AN_ARN = "Value is not a valid resource ARN"
NO_TERMINAL_STATE = "Workflow has no terminal state"


def field_not_supported(field: str) -> str:
    return f"Field '{field}' is not supported"


def wrong_type(json_types: Iterable[str]) -> str:
    return f"Expected value of type {_names(JSON_TYPE_NAMES.get(t, t.upper()) for t in json_types)}"


def not_one_of(values: Iterable[object]) -> str:
    return f"Value should be one of the following: {_names(str(v) for v in values)}"


def minimum(value: object) -> str:
    return f"Minimum value is {value}"


def maximum(value: object) -> str:
    return f"Maximum value is {value}"


def missing_target(target: str) -> str:
    return f"Missing 'Next' target: {target}"


def unreachable(name: str) -> str:
    return f'State "{name}" is not reachable.'


def duplicate_state(name: str) -> str:
    return f"Duplicate State name: {name}"


def wrong_language_field(language: str, field: str) -> str:
    other = "JSONata" if language == "JSONPath" else "JSONPath"
    return (
        f"The QueryLanguage is set to '{language}', but field '{field}' is only supported "
        f"for the '{other}' QueryLanguage"
    )


DOUBLE_DOLLAR_IN_JSONATA = "Reference to '$$' is not supported."
ERROR_OUTPUT_OUTSIDE_CATCH = "Field '$states.errorOutput' does not exist."


# --- ours (AWS wording unknown) ---------------------------------------------------------
def exactly_one_of(fields: Iterable[str]) -> str:
    return f"Exactly one of these fields is required: {_names(fields)}"


def at_most_one_of(fields: Iterable[str]) -> str:
    return f"At most one of these fields is allowed: {_names(fields)}"


def at_least_one_of(fields: Iterable[str]) -> str:
    return f"At least one of these fields is required: {_names(fields)}"


def too_long(limit: int) -> str:
    return f"Value is too long: the maximum length is {limit}"


def bad_path(field: str) -> str:
    return f"The value for the field '{field}' must be a valid JSONPath"


def bad_reference_path(field: str) -> str:
    return f"The value for the field '{field}' must be a valid ReferencePath"


def bad_path_or_intrinsic(field: str) -> str:
    return bad_template_value(field)


def state_name_too_long(name: str) -> str:
    return f"State name '{name}' is longer than 80 characters"


EMPTY_STATE_NAME = "State name cannot be empty"


def label_invalid(label: str) -> str:
    return f"Invalid Label '{label}': it must be 1 to 40 characters without whitespace or any of < > {{ }} [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : /"


def duplicate_label(label: str) -> str:
    return f"Duplicate Label: {label}"


def too_deeply_nested(limit: int) -> str:
    return f"The states are nested more than {limit} levels deep"


def too_deep_json(limit: int) -> str:
    return f"Document nesting depth exceeds the maximum allowed ({limit})"


ALL_NOT_ALONE = "'States.ALL' must be the only element of 'ErrorEquals'"
ALL_NOT_LAST = "A retrier or catcher whose 'ErrorEquals' contains 'States.ALL' must be the last one"
HEARTBEAT_NOT_BELOW_TIMEOUT = "'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'"
DISTRIBUTED_NEEDS_EXECUTION_TYPE = field_required("ExecutionType")


def distributed_only(field: str) -> str:
    return f"Field '{field}' is only supported when the ProcessorConfig Mode is 'DISTRIBUTED'"


def choice_operator_count(count: int) -> str:
    if count == 0:
        return "A Choice rule must have exactly one comparison operator or one of [And, Or, Not]"
    return "A Choice rule must not have more than one comparison operator"


CHOICE_RULE_NEEDS_VARIABLE = field_required("Variable")
CHOICE_RULE_NEEDS_NEXT = field_required("Next")
CHOICE_RULE_NEEDS_CONDITION = field_required("Condition")


def bad_operand(operator: str, expected: str) -> str:
    return f"The value of '{operator}' must be {expected}"


def variable_name_invalid(name: str) -> str:
    return f"Invalid variable name '{name}': a variable name cannot contain '.', '[' or ']'"


def variable_name_too_long(name: str) -> str:
    return f"Invalid variable name '{name}': a variable name is at most 80 characters long"


RESERVED_VARIABLE = "Cannot assign to reserved variable '$states'."


MISSING_DEFINITION = "Received a null or empty workflow input"
STATIC_RESULT = "The 'Result' of a Pass state is static: paths in it are not evaluated"


def no_dollar(key: str) -> str:
    return (
        f"The value of field '{key}' looks like a JSONPath or an intrinsic function call, "
        "but the field name does not end with '.$'"
    )


def no_path(field: str) -> str:
    return f"The value of field '{field}' looks like a JSONPath, but the field name does not end with 'Path'"


# Messages with unknown AWS wording (kept as data so a report can list them).
OURS = (
    "exactly_one_of", "at_most_one_of", "at_least_one_of", "too_long", "bad_path", "bad_reference_path",
    "state_name_too_long", "EMPTY_STATE_NAME", "label_invalid", "duplicate_label",
    "too_deeply_nested", "too_deep_json", "ALL_NOT_ALONE", "ALL_NOT_LAST",
    "HEARTBEAT_NOT_BELOW_TIMEOUT", "distributed_only",
    "choice_operator_count", "CHOICE_RULE_NEEDS_VARIABLE", "CHOICE_RULE_NEEDS_CONDITION",
    "bad_operand", "variable_name_invalid", "variable_name_too_long",
    "RESERVED_VARIABLE", "MISSING_DEFINITION", "STATIC_RESULT", "no_dollar", "no_path",
    "Jackson-style JSON errors other than 'Unrecognized token'",
)
