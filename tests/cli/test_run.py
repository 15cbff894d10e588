"""``asl run``: exit codes, output, history table, tasks file, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from asl.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _write(tmp_path: Path, name: str, value) -> str:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return str(path)


def test_the_order_example_succeeds_with_its_python_tasks(capsys):
    code = main(["run", str(EXAMPLES / "order.asl.json"), "--input-file", str(EXAMPLES / "order_input.json"),
                 "--tasks", str(EXAMPLES / "order_tasks.py"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["status"] == "SUCCEEDED"
    assert out["output"]["fulfilment"][0] == {"carrier": "DHL", "tracking": "TRK-A-1042"}
    assert out["path"][0] == "ValidateOrder" and out["path"][-1] == "OrderCompleted"


def test_a_failed_execution_exits_1_and_prints_error_and_cause(tmp_path, capsys):
    definition = _write(tmp_path, "fail.json", {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope", "Cause": "why"}}})
    assert main(["run", definition]) == 1
    out = capsys.readouterr().out
    assert "status: FAILED" in out and "error:  Nope" in out and "cause:  why" in out


def test_history_table(tmp_path, capsys):
    definition = _write(tmp_path, "p.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert main(["run", definition, "--input", '{"a": 1}', "--history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("ID"))
    assert [line.split()[2] for line in lines[header + 1:]] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]


@pytest.mark.parametrize("args, message", [
    (["--input", "{not json"], "not JSON"),
    (["--tasks", "/no/such/tasks.py"], "no such tasks file"),
    (["--test-case", "Happy"], "--mock-config"),
])
def test_usage_errors_exit_2_with_a_message(tmp_path, capsys, args, message):
    definition = _write(tmp_path, "p.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert main(["run", definition, *args]) == 2
    assert message in capsys.readouterr().err


def test_an_invalid_definition_exits_2_listing_its_problems(tmp_path, capsys):
    definition = _write(tmp_path, "bad.json", {"StartAt": "Missing", "States": {"P": {"Type": "Pass", "End": True}}})
    assert main(["run", definition]) == 2
    assert "MISSING_TRANSITION_TARGET" in capsys.readouterr().err


def test_a_task_nobody_answers_exits_2(tmp_path, capsys):
    definition = _write(tmp_path, "t.json", {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:x", "End": True}}})
    assert main(["run", definition]) == 2
    assert "No task answers the Task state 'T'" in capsys.readouterr().err


def test_a_tasks_file_without_tasks_is_refused(tmp_path, capsys):
    definition = _write(tmp_path, "p.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    tasks = _write(tmp_path, "t.py", "X = 1\n")
    assert main(["run", definition, "--tasks", tasks]) == 2
    assert "must define TASKS" in capsys.readouterr().err


def test_input_that_cannot_be_read_as_json_is_a_usage_error(tmp_path, capsys):
    definition = _write(tmp_path, "p.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert main(["run", definition, "--input", "[" * 100_000]) == 2
    assert "the input is not JSON" in capsys.readouterr().err
    not_utf8 = tmp_path / "input.json"
    not_utf8.write_bytes(b"\xff\xfe{}")
    assert main(["run", definition, "--input-file", str(not_utf8)]) == 2
    assert f"cannot read {not_utf8}" in capsys.readouterr().err


def test_a_definition_that_is_not_json_is_reported_on_one_line(tmp_path, capsys):
    definition = _write(tmp_path, "broken.json", '{"StartAt": "P",\n "States": }')
    assert main(["run", definition]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{definition}:") and ": INVALID_JSON_DESCRIPTION: Unexpected character" in line


@pytest.mark.parametrize("command", ["run", "graph"])
def test_argument_errors_and_help_return_a_status_instead_of_exiting(tmp_path, capsys, command):
    definition = _write(tmp_path, "p.json", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert main([command, definition, "--no-such-option"]) == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err
    assert main([command, "--help"]) == 0
    assert f"usage: asl {command}" in capsys.readouterr().out
