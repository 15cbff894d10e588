"""``asl validate``: exit status, one line per problem, JSON output, machine type."""
from __future__ import annotations

import io
import json
import pathlib
import subprocess
import sys
from typing import Any

import pytest

from asl.cli import main as asl_main
from asl.cli.validate import main

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
EXAMPLE = str(ROOT / "examples" / "order.asl.json")
CALLBACK = {"StartAt": "T", "States": {"T": {"Type": "Task", "End": True,
                                            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken"}}}


def _file(tmp_path: pathlib.Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def test_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EXAMPLE]) == 0
    assert capsys.readouterr().out == f"{EXAMPLE}: OK\n"


def test_invalid_file_one_line_per_problem(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "bad.json", {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "X"}}})
    assert main([path]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:/States/A/Next: MISSING_TRANSITION_TARGET: Missing 'Next' target: X",
        f"{path}:/: MISSING_END_STATE: Workflow has no terminal state",
    ]


def test_not_json_is_an_invalid_definition(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "text.json", "not a definition")
    assert main([path]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{path}:[Source: (String)") and ": INVALID_JSON_DESCRIPTION: Unrecognized token 'not'" in line


def test_missing_file_is_an_io_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([EXAMPLE, "/no/such/file.json"]) == 2
    captured = capsys.readouterr()
    assert f"{EXAMPLE}: OK" in captured.out and "/no/such/file.json: error:" in captured.err


@pytest.mark.parametrize("argv", [[], ["--type", "LARGE", EXAMPLE], ["--nope", EXAMPLE]])
def test_usage_errors(argv: list[str]) -> None:
    assert main(argv) == 2


def test_help_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage: asl validate" in capsys.readouterr().out


def test_warnings_are_marked_and_do_not_fail(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "warn.json", {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "$.x", "End": True}}})
    assert main([path]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:/States/A/Result: WARNING PASS_RESULT_IS_STATIC: ")
    assert out[1] == f"{path}: OK (1 warning(s))"


def test_express_type(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "callback.json", CALLBACK)
    assert main([path]) == 0
    assert main(["--type", "EXPRESS", path]) == 1
    assert "/States/T/Resource: SCHEMA_VALIDATION_FAILED: Express state machine does not support" in capsys.readouterr().out


def test_json_output(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _file(tmp_path, "bad.json", {"StartAt": "A", "States": {}})
    assert main(["--json", EXAMPLE, bad]) == 1
    results = json.loads(capsys.readouterr().out)
    assert results[0] == {"file": EXAMPLE, "result": "OK", "diagnostics": [], "truncated": False}
    assert results[1]["result"] == "FAIL"
    assert results[1]["diagnostics"] == [{"severity": "ERROR", "code": "MISSING_TRANSITION_TARGET",
                                          "message": "Missing 'Next' target: A", "location": "/StartAt"},
                                         {"severity": "ERROR", "code": "MISSING_END_STATE",
                                          "message": "Workflow has no terminal state", "location": "/"}]


def test_json_output_keeps_non_ascii_names_as_written(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _file(tmp_path, "bad.json", {"StartAt": "Début", "States": {}})
    assert main(["--json", bad]) == 1
    assert "Missing 'Next' target: Début" in capsys.readouterr().out


def test_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(CALLBACK).encode())))
    assert main(["-"]) == 0
    assert capsys.readouterr().out == "-: OK\n"


def test_dispatched_by_the_asl_command() -> None:
    assert asl_main(["validate", EXAMPLE]) == 0


def test_console_script_from_a_fresh_process() -> None:
    done = subprocess.run([sys.executable, "-m", "asl", "validate", EXAMPLE], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.endswith(": OK\n")
