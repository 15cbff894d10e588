"""The AWS-recorded corpus, replayed at the expression level (no interpreter involved).

* Every path, payload template, intrinsic call and Choice rule in the JSONPath states of
  the recorded definitions compiles, and every ``.$`` value AWS rejected at creation is
  a ``TemplateError`` (``aws-validation``).
* ``choice_operators_*`` (317 outcome-only cases): the Choice rules are evaluated on the
  recorded input and the branch they pick must be the one whose Pass ``Result`` AWS
  output.
* Single-state JSONPath machines (a Pass with InputPath/Parameters/Result/ResultPath/
  OutputPath, or a Fail with ErrorPath/CausePath; mostly ``intrinsic_functions_*``) are
  evaluated with the expression layer and compared with the recorded output or failure.

The corpus is read where it lives (``ASL_CONFORMANCE_DIR`` overrides the path of
``aws-recorded``; ``aws-validation`` is its sibling) and never copied into the repo.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from asl.errors import StatesError
from asl.expr import SimpleEnv
from asl.expr.choice import compile_rule
from asl.expr.jsonpath import PathNotFound, compile_path, compile_reference_path, set_path
from asl.expr.payload import TemplateError, compile_template, compile_value_expr

REPO = Path(__file__).resolve().parents[2]
RECORDED = Path(os.environ.get("ASL_CONFORMANCE_DIR") or REPO / "../shared/conformance/aws-recorded")
VALIDATION = RECORDED.parent / "aws-validation"
SKIP_REASON = f"AWS-recorded corpus not found at {RECORDED} (set ASL_CONFORMANCE_DIR)"


def _load(folder: Path, prefix: str = "") -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(folder.glob(f"{prefix}*.json"))]


def _params(cases: list[dict[str, Any]]) -> list[Any]:
    if not cases:
        return [pytest.param(None, marks=pytest.mark.skip(reason=SKIP_REASON), id="no-corpus")]
    return [pytest.param(case, id=case["name"]) for case in cases]


# --------------------------------------------------------------------------- expressions in definitions
REFERENCE_FIELDS = {
    "ResultPath", "ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
    "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "MaxItemsPath",
    "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath",
}
PATH_FIELDS = {"InputPath", "OutputPath"}
VALUE_FIELDS = {"ErrorPath", "CausePath"}
TEMPLATE_FIELDS = {"Parameters", "ResultSelector", "ItemSelector", "Assign", "Credentials"}


def expressions(definition: Any) -> Iterator[tuple[str, str, Any]]:
    """``(kind, JSON pointer, value)`` for every JSONPath-mode expression in a definition."""
    if isinstance(definition, dict) and isinstance(definition.get("States"), dict):
        yield from _machine(definition, "", definition.get("QueryLanguage", "JSONPath"))


def _machine(machine: dict[str, Any], pointer: str, language: str) -> Iterator[tuple[str, str, Any]]:
    for name, state in machine["States"].items():
        where = f"{pointer}/States/{name}"
        mode = state.get("QueryLanguage", language)
        if mode == "JSONPath":
            yield from _state(state, where)
        for index, branch in enumerate(state.get("Branches", [])):
            yield from _machine(branch, f"{where}/Branches/{index}", mode)
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                yield from _machine(state[key], f"{where}/{key}", mode)


def _state(state: dict[str, Any], where: str) -> Iterator[tuple[str, str, Any]]:
    for field, value in state.items():
        at = f"{where}/{field}"
        if value is None:
            continue
        if field in REFERENCE_FIELDS:
            yield "reference", at, value
        elif field in PATH_FIELDS:
            yield "path", at, value
        elif field in VALUE_FIELDS:
            yield "value", at, value
        elif field in TEMPLATE_FIELDS:
            yield "template", at, value
        elif field == "Choices":
            for index, rule in enumerate(value):
                yield "rule", f"{at}/{index}", rule
                if "Assign" in rule:
                    yield "template", f"{at}/{index}/Assign", rule["Assign"]
        elif field == "Catch":
            for index, catcher in enumerate(value):
                if catcher.get("ResultPath") is not None:
                    yield "reference", f"{at}/{index}/ResultPath", catcher["ResultPath"]
                if "Assign" in catcher:
                    yield "template", f"{at}/{index}/Assign", catcher["Assign"]
        elif field in ("ItemReader", "ResultWriter", "ItemBatcher") and isinstance(value, dict):
            yield from _nested(value, at)


def _nested(block: dict[str, Any], at: str) -> Iterator[tuple[str, str, Any]]:
    for key, value in block.items():
        if key in ("Parameters", "BatchInput"):
            yield "template", f"{at}/{key}", value
        elif key.endswith("Path") and isinstance(value, str):
            yield "reference", f"{at}/{key}", value
        elif key == "ReaderConfig" and isinstance(value, dict):
            yield from _nested(value, f"{at}/{key}")


def compile_expression(kind: str, pointer: str, value: Any) -> Any:
    field = pointer.rsplit("/", 1)[-1]
    return {
        "reference": compile_reference_path,
        "path": compile_path,
        "value": compile_value_expr,
        "rule": compile_rule,
        "template": lambda v: compile_template(v, field),
    }[kind](value)


RECORDED_CASES = _load(RECORDED)
WITH_EXPRESSIONS = [case for case in RECORDED_CASES if any(True for _ in expressions(case["definition"]))]


@pytest.mark.parametrize("case", _params(WITH_EXPRESSIONS))
def test_every_recorded_expression_compiles(case: dict[str, Any]) -> None:
    for kind, pointer, value in expressions(case["definition"]):
        assert compile_expression(kind, pointer, value) is not None, pointer


VALIDATION_CASES = [case for case in _load(VALIDATION) if isinstance(case["definition"], dict)]
ACCEPTED = [c for c in VALIDATION_CASES if c["expected"]["valid"] and any(True for _ in expressions(c["definition"]))]
_BAD_DOLLAR = re.compile(r"The value for the field '([^']*)' must be a valid JSONPath or a valid intrinsic "
                         r"function call at (\S+)'")
REJECTED = [c for c in VALIDATION_CASES if _BAD_DOLLAR.search(c["expected"]["message"] or "")]


@pytest.mark.parametrize("case", _params(ACCEPTED))
def test_expressions_aws_accepted_compile(case: dict[str, Any]) -> None:
    for kind, pointer, value in expressions(case["definition"]):
        compile_expression(kind, pointer, value)


@pytest.mark.parametrize("case", _params(REJECTED))
def test_dollar_values_aws_rejected_are_template_errors(case: dict[str, Any]) -> None:
    key, location = _BAD_DOLLAR.search(case["expected"]["message"]).groups()
    failures = []
    for kind, pointer, value in expressions(case["definition"]):
        try:
            compile_expression(kind, pointer, value)
        except TemplateError as error:
            failures.append((pointer, error.key))
    assert failures == [(location, key)]


# --------------------------------------------------------------------------- Choice operators
from conformance.masked_inputs import restore_masked_input  # noqa: E402


CHOICE_CASES = _load(RECORDED, "choice_operators_")


@pytest.mark.parametrize("case", _params(CHOICE_CASES))
def test_recorded_choice_operator_outcomes(case: dict[str, Any]) -> None:
    definition = case["definition"]
    states = definition["States"]
    choice = states[definition["StartAt"]]
    document = restore_masked_input(case)
    target = next(
        (rule["Next"] for rule in choice["Choices"] if compile_rule(rule)(document, SimpleEnv())),
        choice.get("Default"),
    )
    assert case["expected"]["status"] == "SUCCEEDED"
    assert states[target]["Result"] == case["expected"]["output"]


# --------------------------------------------------------------------------- single-state machines
_PASS_FIELDS = {"Type", "End", "Comment", "Parameters", "Result", "InputPath", "ResultPath", "OutputPath"}
_FAIL_FIELDS = {"Type", "Comment", "Error", "Cause", "ErrorPath", "CausePath"}
_PREFIX = re.compile(r"^An error occurred while executing the state '[^']*' \(entered at the event id #\d+\)\. ")
_MASKED_JSON = re.compile(r"<json-input:\d+>")


def _single_state(case: dict[str, Any]) -> dict[str, Any] | None:
    definition = case["definition"]
    if definition.get("QueryLanguage") == "JSONata" or len(definition.get("States", {})) != 1:
        return None
    (state,) = definition["States"].values()
    allowed = {"Pass": _PASS_FIELDS, "Fail": _FAIL_FIELDS}.get(state.get("Type"))
    return state if allowed is not None and set(state) <= allowed else None


def recorded_context(case: dict[str, Any]) -> dict[str, Any]:
    """The context object as the recordings show it, with their placeholders."""
    (name,) = case["definition"]["States"]
    return {
        "Execution": {
            "Id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
            "Input": case["input"], "StartTime": "date", "Name": "<ExecArnPart_0idx>",
            "RoleArn": "snf_role_arn", "RedriveCount": 0,
        },
        "StateMachine": {"Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
                         "Name": "<ArnPart_0idx>"},
        "State": {"Name": name, "EnteredTime": "date"},
    }


def run_pass(state: dict[str, Any], document: Any, env: SimpleEnv) -> Any:
    effective = document
    if "InputPath" in state:
        effective = {} if state["InputPath"] is None else compile_path(state["InputPath"]).evaluate(document, env)
    result = effective
    if "Parameters" in state:
        result = compile_template(state["Parameters"], "Parameters").evaluate(effective, env)
    if "Result" in state:
        result = state["Result"]
    result_path = state.get("ResultPath", "$")
    output = document if result_path is None else set_path(document, compile_reference_path(result_path), result)
    output_path = state.get("OutputPath", "$")
    return {} if output_path is None else compile_path(output_path).evaluate(output, env)


def run_fail(state: dict[str, Any], document: Any, env: SimpleEnv) -> tuple[Any, Any]:
    def field(name: str) -> Any:
        path = state.get(f"{name}Path")
        return state.get(name) if path is None else compile_value_expr(path).evaluate(document, env)
    return field("Error"), field("Cause")


def outcome(state: dict[str, Any], case: dict[str, Any]) -> tuple[str, Any, Any, Any]:
    env = SimpleEnv(context=recorded_context(case))
    try:
        if state["Type"] == "Pass":
            return "SUCCEEDED", run_pass(state, case["input"], env), None, None
        return ("FAILED", None, *run_fail(state, case["input"], env))
    except PathNotFound as missing:
        return "FAILED", None, "States.Runtime", str(missing)
    except StatesError as failure:
        return "FAILED", None, failure.error, failure.cause


def _same_cause(got: Any, recorded: Any) -> bool:
    if got is None or recorded is None:
        return got == recorded
    pieces = _MASKED_JSON.split(_PREFIX.sub("", recorded))
    return re.fullmatch(".*".join(map(re.escape, pieces)), got, re.DOTALL) is not None


SINGLE_STATE_CASES = [case for case in RECORDED_CASES if _single_state(case) is not None]


@pytest.mark.parametrize("case", _params(SINGLE_STATE_CASES))
def test_recorded_single_state_outcomes(case: dict[str, Any]) -> None:
    status, output, error, cause = outcome(_single_state(case), case)
    expected = case["expected"]
    assert (status, error) == (expected["status"], expected["error"])
    assert _same_cause(cause, expected["cause"]), cause
    if "RandomNumberGenerated" in json.dumps(expected["output"]):  # MathRandom results are masked
        functions = case["input"]["FunctionInput"]
        assert output["FunctionResult"] in range(round(functions["fst"]), round(functions["snd"]))
    else:
        assert output == expected["output"]


def test_the_corpus_was_found_and_replayed() -> None:
    if not RECORDED.is_dir():
        pytest.skip(SKIP_REASON)
    intrinsic = [c for c in SINGLE_STATE_CASES if c["name"].startswith("intrinsic_functions_")]
    assert len(CHOICE_CASES) >= 300 and len(intrinsic) >= 80 and len(WITH_EXPRESSIONS) >= 500
