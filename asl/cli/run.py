"""``asl run``: execute a state machine locally and show what happened.

Exit status: 0 when the execution SUCCEEDED, 1 for any other end (FAILED, TIMED_OUT,
ABORTED, or still waiting for a callback), 2 when it could not run at all (bad
arguments, unreadable files, an invalid definition, a task nobody answers).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

from asl.cli.common import UsageError, load_machine, parse_args, parse_json, print_json, read_text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asl run", description="Execute a state machine locally.")
    parser.add_argument("file", help="the state machine definition (JSON)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--input", help="execution input as JSON text (default {})")
    source.add_argument("--input-file", help="read the execution input from this JSON file")
    parser.add_argument("--tasks", help="a Python file whose TASKS dict maps resources/state names to callables")
    parser.add_argument("--mock-config", help="a Step Functions Local MockConfigFile.json")
    parser.add_argument("--test-case", help="the test case of --mock-config to use")
    parser.add_argument("--machine-name", help="state machine name (default: the file name)")
    parser.add_argument("--seed", type=int, default=0, help="seed for UUIDs, random numbers and jitter")
    parser.add_argument("--history", action="store_true", help="also print the execution history")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser


def main(argv: Sequence[str]) -> int:
    args = parse_args(build_parser(), argv)
    return args if isinstance(args, int) else _run(args)


def _run(args: argparse.Namespace) -> int:
    from asl.tasks import MockExhausted, TaskNotRegistered

    machine = load_machine(Path(args.file), args.machine_name)
    if machine is None:
        return 2
    name = machine.name
    value = _input(args)
    tasks = _load_tasks(args.tasks) if args.tasks else None
    mocks = _load_mocks(args, name)
    try:
        result = machine.run(value, tasks, mocks=mocks, seed=args.seed)
    except (TaskNotRegistered, MockExhausted) as exc:
        raise UsageError(str(exc)) from None
    _report(result, args)
    return 0 if result.status == "SUCCEEDED" else 1


def _input(args: argparse.Namespace) -> Any:
    if args.input_file:
        return parse_json(read_text(args.input_file), "the input")
    if args.input is not None:
        return parse_json(args.input, "the input")
    return {}


def _load_tasks(path: str) -> dict[str, Any]:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"no such tasks file: {path}")
    spec = importlib.util.spec_from_file_location(f"asl_user_tasks_{file.stem}", file)
    if spec is None or spec.loader is None:
        raise UsageError(f"cannot load {path} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.parent.resolve()))
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the user's file failed to import: say so plainly
        raise UsageError(f"importing {path} failed: {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.pop(0)
    tasks = getattr(module, "TASKS", None)
    if not isinstance(tasks, dict):
        raise UsageError(f"{path} must define TASKS, a dict mapping resources or state names to callables")
    return tasks


def _load_mocks(args: argparse.Namespace, machine_name: str) -> Optional[dict[str, Any]]:
    if not args.mock_config:
        if args.test_case:
            raise UsageError("--test-case needs --mock-config")
        return None
    if not args.test_case:
        raise UsageError("--mock-config needs --test-case")
    from asl.testing.mockconfig import MockConfig, MockConfigError

    try:
        return MockConfig.load(args.mock_config).test_case(machine_name, args.test_case)
    except (OSError, MockConfigError) as exc:
        raise UsageError(str(exc)) from None


def _report(result: Any, args: argparse.Namespace) -> None:
    from asl.core.history import json_safe

    if args.json:
        out = {"status": result.status, "output": result.output, "error": result.error, "cause": result.cause,
               "path": result.path}
        if args.history:
            out["history"] = json_safe(result.history)
        print_json(out)
        return
    print(f"status: {result.status}")
    if result.status == "SUCCEEDED":
        print("output: " + json.dumps(result.output, indent=2, ensure_ascii=False))
    else:
        print(f"error:  {result.error}")
        print(f"cause:  {result.cause}")
    print("path:   " + " -> ".join(result.path))
    if args.history:
        from asl.views.text import history_table

        print()
        print(history_table(result.history))
