"""Expression-level replay of the AWS-recorded JSONata cases.

For each recorded execution tagged ``JSONata`` whose definition is a chain of Pass states,
the chain is replayed with the adapter alone: every state's ``Output`` and ``Assign``
templates are evaluated against the input and the variables as they were on state entry
(so ``Assign`` never sees its own state's values), and the final output, or the first
failure, is compared with what AWS recorded. The corpus is read from outside the repo
(``ASL_CONFORMANCE_DIR`` overrides the path).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from asl.errors import StatesError
from asl.expr import SimpleEnv
from asl.expr.jsonata import compile_template

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("ASL_CONFORMANCE_DIR") or REPO / "../shared/conformance/aws-recorded")
_PREFIX = re.compile(r"^An error occurred while executing the state '([^']*)' \(entered at the event id #\d+\)\. ")
# A JSONPath Pass state we can replay without a JSONPath engine: it passes its input on.
_JSONPATH_PASSTHROUGH = {"Type", "Next", "End", "Comment", "QueryLanguage", "Assign"}


def _load() -> list[dict[str, Any]]:
    if not CORPUS.is_dir():
        return []
    cases = [json.loads(p.read_text()) for p in sorted(CORPUS.glob("*.json"))]
    return [c for c in cases if "JSONata" in c.get("features", ()) and _pass_chain(c["definition"])]


def _pass_chain(definition: dict[str, Any], last: str = "Pass") -> list[tuple[str, dict[str, Any]]]:
    """The states from StartAt in order, or [] unless they are Pass states (the final one
    may be of type ``last``)."""
    states = definition.get("States", {})
    chain, name = [], definition.get("StartAt")
    while name in states:
        chain.append((name, states[name]))
        name = states[name].get("Next")
    kinds = [s.get("Type") for _, s in chain]
    if name is not None or not chain or any(k != "Pass" for k in kinds[:-1]) or kinds[-1] not in ("Pass", last):
        return []
    return chain


def _unsupported(definition: dict[str, Any]) -> str | None:
    top = definition.get("QueryLanguage", "JSONPath")
    for name, state in _pass_chain(definition):
        if state.get("QueryLanguage", top) == "JSONata":
            continue
        extra = set(state) - _JSONPATH_PASSTHROUGH
        literal = all(not k.endswith(".$") for k in state.get("Assign", {}))
        if extra or not literal:
            return f"JSONPath state {name!r} uses {sorted(extra) or 'paths'}: the interpreter's job"
    return None


def replay(definition: dict[str, Any], data: Any) -> tuple[str, Any]:
    """Run the chain: ("SUCCEEDED", output) or ("FAILED", (state, error, detail, location)).
    A final Map state only has its ``Items`` evaluated (they must be an array)."""
    top = definition.get("QueryLanguage", "JSONPath")
    variables: dict[str, Any] = {}
    for name, state in _pass_chain(definition, last="Map"):
        env = SimpleEnv(context={}, variables=dict(variables))
        if state["Type"] == "Map":
            try:
                return "ITEMS", compile_template(state["Items"], "Items").evaluate(data, env, expect="array")
            except StatesError as err:
                return "FAILED", (name, err.error, err.cause, getattr(err, "location", None))
        if state.get("QueryLanguage", top) != "JSONata":
            variables.update(state.get("Assign", {}))
            continue
        try:
            output = compile_template(state["Output"], "Output").evaluate(data, env) if "Output" in state else data
            assigned = compile_template(state.get("Assign", {}), "Assign").evaluate(data, env)
        except StatesError as err:
            return "FAILED", (name, err.error, err.cause, getattr(err, "location", None))
        variables.update(assigned)
        data = output
    return "SUCCEEDED", data


def same_json(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but booleans are never numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _expected_failure(case: dict[str, Any]) -> tuple[str, str | None, str, str | None]:
    expected = case["expected"]
    match = _PREFIX.match(expected["cause"] or "")
    state = match.group(1) if match else ""
    detail = (expected["cause"] or "")[match.end():] if match else expected["cause"]
    locations = [e["evaluationFailedEventDetails"].get("location") for e in expected.get("history") or []
                 if e.get("type") == "EvaluationFailed"]
    return state, expected["error"], detail, locations[0] if locations else None


CASES = _load()
ITEMS_FAILURES = [
    c for c in (json.loads(p.read_text()) for p in sorted(CORPUS.glob("*.json")))
    if "JSONata" in c.get("features", ()) and c["expected"]["status"] == "FAILED"
    and _pass_chain(c["definition"], last="Map") and _expected_failure(c)[3] == "Items"
] if CORPUS.is_dir() else []


@pytest.mark.skipif(not CASES, reason=f"no AWS-recorded JSONata Pass cases at {CORPUS} (set ASL_CONFORMANCE_DIR)")
def test_the_replayable_set_is_what_the_corpus_holds() -> None:
    print(f"\nJSONata Pass-chain cases: {len(CASES)}, replayable at expression level: {len(REPLAYABLE)}")
    assert len(REPLAYABLE) >= 40


# Cases this expression-level replay cannot run (a JSONPath state inside) are left to
# the conformance runner, which runs every recorded case end to end.
REPLAYABLE = [c for c in CASES if _unsupported(c["definition"]) is None]


@pytest.mark.parametrize("case", REPLAYABLE, ids=[c["name"] for c in REPLAYABLE])
def test_recorded_case_agrees(case: dict[str, Any]) -> None:
    status, got = replay(case["definition"], case["input"])
    expected = case["expected"]
    assert status == expected["status"], got
    if status == "SUCCEEDED":
        assert same_json(got, expected["output"]), (got, expected["output"])
    else:
        assert got == _expected_failure(case)


@pytest.mark.parametrize("case", ITEMS_FAILURES, ids=[c["name"] for c in ITEMS_FAILURES])
def test_recorded_map_items_failure_agrees(case: dict[str, Any]) -> None:
    """Map ``Items`` that evaluate to a non-array or a function fail as AWS recorded."""
    status, got = replay(case["definition"], case["input"])
    assert status == "FAILED", got
    assert got == _expected_failure(case)
