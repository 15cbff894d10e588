"""The runner end to end, against stand-in engines: one that replays the recording (so
every verdict must be PASS) and ones that fail in every way an engine can."""
from __future__ import annotations

import json
import sys
import warnings
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

import pytest

import asl
from conformance.__main__ import main
from conformance.cases import Case, case_from_dict
from conformance.masked_inputs import case_input
from conformance.placeholders import substitute
from conformance.runner import ERROR, FAIL_HISTORY, FAIL_OUTCOME, PASS, RunResult, execute, judge, run_files

from conformance_fixtures import engine_shaped, recorded_path

CASE = {
    "name": "tiny",
    "definition": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "activity_arn", "End": True}}},
    "input": {"a": "<region>"},
    "task_results": [{"state": "T", "event": "ActivityScheduled", "input": {"a": "<region>"},
                      "result": {"r": "<uuid:1>"}, "outcome_event": "ActivitySucceeded"}],
    "expected": {"status": "SUCCEEDED", "output": {"r": "<uuid:1>"}, "error": None, "cause": None,
                 "history": None},
    "features": ["Task", "Express"],
}


@dataclass
class Result:
    status: Any = "SUCCEEDED"
    output: Any = None
    error: Any = None
    cause: Any = None
    history: Any = ()


class Machine:
    def __init__(self, run: Any):
        self._run = run

    def run(self, input: Any, tasks: Any = None, **kwargs: Any) -> Any:
        return self._run(input, **kwargs)


def _install(monkeypatch: pytest.MonkeyPatch, parse: Any) -> None:
    monkeypatch.setitem(vars(asl), "parse", parse)


def _replaying(cases: list[Case]):
    """An engine that answers each case with what AWS recorded, calling the mocks with
    the recorded task inputs as a real engine would. Cases sharing a definition and an
    input are answered in file order, the order the runner goes through them."""
    queued: dict[str, deque[Case]] = defaultdict(deque)
    for c in cases:
        queued[_key(substitute(c.definition), case_input(c), c.express)].append(c)

    def parse(definition: Any, machine_type: str = "STANDARD") -> Machine:
        def run(input: Any, mocks: Any = None, seed: Any = None, start_time: Any = None, **_: Any) -> Result:
            case = queued[_key(definition, input, machine_type == "EXPRESS")].popleft()
            for entry in case.task_results:
                if "input" in entry:
                    mocks[entry["state"]](substitute(entry["input"]))
            exp = case.expected
            cause = exp.cause if isinstance(exp.cause, (str, type(None))) else json.dumps(exp.cause)
            history = engine_shaped(exp.history) if exp.history else []
            return Result(exp.status, substitute(exp.output), exp.error, cause, history)

        return Machine(run)

    return parse


def _key(definition: Any, input: Any, express: bool) -> str:
    return json.dumps([definition, input, express], sort_keys=True)


# ------------------------------------------------------------------ failing engines

def test_an_exception_from_parse_or_run_is_an_error_verdict(monkeypatch):
    case = case_from_dict(CASE)

    def bad_parse(definition: Any, machine_type: str = "STANDARD") -> Any:
        raise asl.DefinitionError([asl.Problem("SCHEMA_VALIDATION_FAILED", "nope", "/States")])

    _install(monkeypatch, bad_parse)
    verdict = judge(case, execute(case))
    assert verdict.verdict == ERROR and verdict.difference.startswith("DefinitionError: ")

    def crashing_run(input: Any, **_: Any) -> Any:
        return {}["missing"]

    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(crashing_run))
    verdict = judge(case, execute(case))
    assert verdict.verdict == ERROR and verdict.difference.startswith("KeyError: 'missing' (at test_runner.py:")

    def deep_run(input: Any, **_: Any) -> Any:
        return deep_run(input)

    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(deep_run))
    assert judge(case, execute(case)).difference.startswith("RecursionError")


def test_an_error_still_counts_among_the_cases_with_a_history(monkeypatch):
    data = {**CASE, "expected": {**CASE["expected"], "history": [{"id": 1, "previousEventId": 0,
                                                                   "type": "ExecutionStarted"}]}}
    _install(monkeypatch, lambda d, machine_type="STANDARD": 1 / 0)
    verdict = judge(case_from_dict(data), execute(case_from_dict(data)))
    assert (verdict.verdict, verdict.history, verdict.details) == (ERROR, False, False)
    assert judge(case_from_dict(CASE), execute(case_from_dict(CASE))).history is None


@pytest.mark.parametrize("result", [
    Result(status=None), Result(status=5, output=object()), Result(history=[1, "x", None]),
    Result(status="FAILED", error={"e": 1}, cause=7), Result(output={"r": "uuid-1"}, history="junk"),
])
def test_whatever_the_engine_returns_the_runner_judges_it(monkeypatch, result):
    data = {**CASE, "expected": {**CASE["expected"], "history": [{"id": 1, "previousEventId": 0,
                                                                   "type": "ExecutionStarted"}]}}
    case = case_from_dict(data)
    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(lambda i, **k: result))
    verdict = judge(case, execute(case))
    assert verdict.verdict in (FAIL_OUTCOME, FAIL_HISTORY)  # none of these is the recorded run


def test_judging_itself_failing_is_reported_not_raised():
    case = case_from_dict(CASE)

    class Exploding:
        def __eq__(self, other: object) -> bool:
            raise TypeError("cannot compare")

    verdict = judge(case, RunResult(status=Exploding()))
    assert verdict.verdict == ERROR and "judging failed: TypeError" in verdict.difference


def test_the_engine_prints_nothing_into_the_runs_output(monkeypatch, capsys):
    def noisy(input: Any, **_: Any) -> Result:
        print("engine says hi")
        print("engine complains", file=sys.stderr)
        warnings.warn("engine warns")
        return Result(output={"r": "uuid-1"})

    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(noisy))
    case = case_from_dict(CASE)
    assert judge(case, execute(case)).verdict == PASS
    assert capsys.readouterr() == ("", "")


def test_the_engine_gets_real_values_fixed_seed_and_start_time_and_recorded_answers(monkeypatch):
    seen: dict[str, Any] = {}

    def parse(definition: Any, machine_type: str = "STANDARD") -> Machine:
        seen["definition"], seen["type"] = definition, machine_type

        def run(input: Any, mocks: Any = None, seed: Any = None, start_time: Any = None) -> Result:
            seen.update(input=input, seed=seed, start=start_time, answer=mocks["T"](input))
            return Result(output={"r": "uuid-1"})

        return Machine(run)

    _install(monkeypatch, parse)
    case = case_from_dict(CASE)
    runs = [judge(case, execute(case)) for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].verdict == PASS
    assert seen["type"] == "EXPRESS"
    assert seen["definition"]["States"]["T"]["Resource"].startswith("arn:aws:states:us-east-1:")
    assert seen["input"] == {"a": "us-east-1"}
    assert seen["answer"] == {"Return": {"r": "uuid-1"}}
    assert seen["seed"] == 0 and seen["start"] is not None


def test_a_file_that_is_not_a_case_is_an_error_and_the_run_goes_on(tmp_path, monkeypatch):
    (tmp_path / "a_broken.json").write_text("{not json")
    (tmp_path / "b_wrong.json").write_text('{"name": "x"}')
    (tmp_path / "c_tiny.json").write_text(json.dumps(CASE))
    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(lambda i, **k: Result(output={"r": "u"})))
    verdicts = [v for v, _ in run_files(sorted(tmp_path.iterdir()))]
    assert [v.verdict for v in verdicts] == [ERROR, ERROR, PASS]


# ------------------------------------------------------------------ the command line

def test_cli_judges_a_folder_and_prints_one_final_line(tmp_path, monkeypatch, capsys):
    failing = {**CASE, "name": "failing", "expected": {**CASE["expected"], "output": {"r": "other"}}}
    (tmp_path / "failing.json").write_text(json.dumps(failing))
    (tmp_path / "tiny.json").write_text(json.dumps(CASE))
    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(lambda i, **k: Result(output={"r": "uuid-1"})))
    assert main(["run", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "FAIL outcome failing"
    assert lines[1] == '    outcome: output.r: expected "other", got "uuid-1"'
    assert lines[-1] == "conformance: outcome 1/2, history 0/0"
    assert main(["run", str(tmp_path), "--strict"]) == 1
    capsys.readouterr()
    assert main(["run", str(tmp_path), "--name", "tiny", "--strict", "--verbose"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "PASS         tiny"


def test_cli_usage_and_file_errors_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nothing.json")]) == 2
    (tmp_path / "c.json").write_text(json.dumps(CASE))
    (tmp_path / "baseline.json").write_text("{}")
    assert main(["run", str(tmp_path / "c.json"), "--baseline", str(tmp_path / "baseline.json")]) == 2
    with pytest.raises(SystemExit):
        main(["walk"])


def test_cli_raw_prints_our_results_as_json_lines(tmp_path, monkeypatch, capsys):
    from datetime import datetime, timezone

    history = [{"id": 1, "previousEventId": 0, "timestamp": datetime(2025, 1, 1, tzinfo=timezone.utc),
                "type": "ExecutionStarted"}]
    (tmp_path / "tiny.json").write_text(json.dumps(CASE))
    _install(monkeypatch, lambda d, machine_type="STANDARD": Machine(
        lambda i, **k: Result(output={"r": 1}, history=history)))
    assert main(["run", str(tmp_path), "--raw"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record == {"name": "tiny", "status": "SUCCEEDED", "output": {"r": 1}, "error": None, "cause": None,
                      "history": [{"id": 1, "previousEventId": 0, "timestamp": "2025-01-01T00:00:00+00:00",
                                   "type": "ExecutionStarted"}]}


def test_replaying_the_recordings_passes_every_case(recorded_cases, monkeypatch, capsys):
    _install(monkeypatch, _replaying(recorded_cases))
    assert main(["run", str(recorded_path()), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    summary = report["summary"]
    assert summary["total"] == len(recorded_cases) > 700
    assert summary["outcome"] == summary["total"] == summary["passed"]
    assert summary["history"] == summary["details"] == summary["with_history"] > 400
    assert {c["verdict"] for c in report["cases"]} == {PASS}


def test_baseline_regressions_fail_and_gains_are_reported(recorded_cases, monkeypatch, capsys, tmp_path):
    cases = [c for c in recorded_cases if "Express" in c.features]
    assert cases
    folder = tmp_path / "aws-recorded"
    folder.mkdir()
    for c in cases:
        assert c.path is not None
        (folder / c.path.name).write_text(c.path.read_text())
    _install(monkeypatch, _replaying(cases))
    baseline = tmp_path / "BASELINE.json"
    n = len(cases)
    baseline.write_text(json.dumps({"aws-recorded": {"outcome": n + 1, "history": 0, "total": n, "with_history": 0}}))
    assert main(["run", str(folder), "--baseline", str(baseline)]) == 1
    assert f"baseline: outcome {n + 1} -> {n} (-1) REGRESSION" in capsys.readouterr().out
    baseline.write_text(json.dumps({"aws-recorded": {"outcome": n - 1, "history": 0, "total": n, "with_history": 0}}))
    _install(monkeypatch, _replaying(cases))
    assert main(["run", str(folder), "--baseline", str(baseline)]) == 0
    out = capsys.readouterr().out
    assert f"baseline: outcome {n - 1} -> {n} (+1) changed" in out and "raise the numbers" in out


def test_filters_select_by_feature_tags(recorded_cases, monkeypatch, capsys):
    _install(monkeypatch, _replaying(recorded_cases))
    express = sum("Express" in c.features for c in recorded_cases)
    assert main(["run", str(recorded_path()), "--filter", "Express"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"conformance: outcome {express}/{express}, history 0/0"
    _install(monkeypatch, _replaying(recorded_cases))
    assert main(["run", str(recorded_path()), "--filter", "-Express", "--filter", "-Pass", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    kept = [c for c in recorded_cases if not {"Express", "Pass"} & c.features]
    assert report["summary"]["total"] == len(kept)
