"""``asl test-state``: AWS's TestState from the command line."""
from __future__ import annotations

import json

from asl.cli import main

MACHINE = {
    "StartAt": "Charge",
    "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                   "Retry": [{"ErrorEquals": ["Busy"]}], "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}


def _file(tmp_path):
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps(MACHINE))
    return str(path)


def test_prints_the_response_and_exits_by_status(tmp_path, capsys) -> None:
    code = main(["test-state", _file(tmp_path), "--state", "Charge", "--mock", '{"result": "{\\"ok\\": 1}"}',
                 "--inspection-level", "DEBUG"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["output"] == {"ok": 1} and out["nextState"] == "Done"
    code = main(["test-state", _file(tmp_path), "--state", "Charge", "--mock", '{"errorOutput": {"error": "Busy"}}'])
    assert code == 1 and json.loads(capsys.readouterr().out)["status"] == "RETRIABLE"


def test_refusals_print_aws_code_and_exit_2(tmp_path, capsys) -> None:
    assert main(["test-state", _file(tmp_path), "--state", "Nope"]) == 2
    assert json.loads(capsys.readouterr().err) == {"error": "ValidationException", "message": "State not found in definition"}
    assert main(["test-state", str(tmp_path / "missing.json")]) == 2
    assert main(["test-state", _file(tmp_path), "--mock", "{bad"]) == 2


def test_a_mock_nested_too_deeply_is_a_usage_error(tmp_path, capsys) -> None:
    assert main(["test-state", _file(tmp_path), "--state", "Charge", "--mock", "[" * 100_000]) == 2
    assert "--mock is not JSON" in capsys.readouterr().err
