"""Coverage of states and transitions, and the pytest plugin's options."""
from __future__ import annotations

import json


import asl
from asl.testing.coverage import Coverage, machine_edges

pytest_plugins = ["pytester"]

DEFINITION = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Work"}],
                  "Default": "Skip"},
        "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                 "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 1}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Skip"}], "Next": "Done"},
        "Skip": {"Type": "Pass", "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}


def test_edges_name_every_kind_of_transition() -> None:
    states, edges = machine_edges(DEFINITION)
    assert states == ["Check", "Work", "Skip", "Done"]
    assert [e.label() for e in edges] == [
        "Check --choice[0]--> Work", "Check --default--> Skip", "Work --next--> Done", "Work --retry--> Work",
        "Work --catch[0]--> Skip", "Skip --next--> Done"]


def test_runs_mark_what_they_took_and_the_rest_is_listed() -> None:
    machine = asl.parse(DEFINITION)
    coverage = Coverage()
    with coverage.installed():
        machine.run({"n": 0})
        machine.run({"n": 1}, mocks={"Work": [{"Throw": {"Error": "Busy"}}, {"Return": 1}]})
    entry = coverage.for_machine(machine)
    assert entry.runs == 2 and entry.uncovered_states == []
    assert [e.label() for e in entry.uncovered_edges] == ["Work --catch[0]--> Skip"]
    assert "Work --catch[0]--> Skip" in coverage.table()
    assert json.loads(json.dumps(coverage.to_json()))["machines"][0]["transitions"]["uncovered"][0]["kind"] == "catch"
    assert "<h1>" in coverage.to_html()
    machine.run({"n": 0})  # after the block nothing is observed
    assert entry.runs == 2


def _write_suite(pytester, threshold: str) -> None:
    pytester.makepyfile(test_machine=f"""
import asl
MACHINE = asl.parse({json.dumps(DEFINITION)!r})

def test_skip():
    assert MACHINE.run({{"n": 0}}).status == "SUCCEEDED"
""")


def test_plugin_prints_table_and_writes_reports(pytester, tmp_path) -> None:
    _write_suite(pytester, "")
    report = tmp_path / "cov.json"
    page = tmp_path / "cov.html"
    result = pytester.runpytest("--asl-cov", f"--asl-cov-json={report}",
                                f"--asl-cov-html={page}")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*asl state machine coverage*", "*Check --choice[[]0[]]--> Work*"])
    assert json.loads(report.read_text())["machines"][0]["states"]["uncovered"] == ["Work"]
    assert "Work --retry--&gt; Work" in page.read_text()


def test_plugin_fails_the_session_below_the_threshold(pytester) -> None:
    _write_suite(pytester, "")
    result = pytester.runpytest("--asl-cov-fail-under=90")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*required 90% FAIL: not reached*"])
    assert pytester.runpytest("--asl-cov-fail-under=10").ret == 0


def test_asl_coverage_fixture_sees_this_test_only(asl_coverage) -> None:
    asl.parse(DEFINITION).run({"n": 0})
    assert len(asl_coverage.machines) == 1


def test_asl_run_looks_mocks_up_under_each_call_s_name(asl_run) -> None:
    from asl.testing import MockConfig

    task = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                                             "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "End": True}}}
    config = MockConfig.from_dict({
        "StateMachines": {"A": {"TestCases": {"Case": {"T": "One"}}}, "B": {"TestCases": {"Case": {"T": "Two"}}}},
        "MockedResponses": {"One": {"0": {"Return": 1}}, "Two": {"0": {"Return": 2}}},
    })
    assert asl_run(task, name="A", mock_config=config, test_case="Case").output == 1
    assert asl_run(task, name="B", mock_config=config, test_case="Case").output == 2
