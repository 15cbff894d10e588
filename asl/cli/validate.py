"""``asl validate FILE... [--json] [--type STANDARD|EXPRESS]``: check definitions as AWS would.

Exit status: 0 when every file is valid (warnings do not fail), 1 when any definition is
invalid (a file that is not JSON is an invalid definition, as AWS's
``INVALID_JSON_DESCRIPTION`` says), 2 on usage errors or when a file cannot be read.
Text output is one line per problem, ``FILE:LOCATION: CODE: MESSAGE`` (warnings marked
``WARNING``); ``--json`` prints one object per file shaped like AWS's
ValidateStateMachineDefinition answer (``result``, ``diagnostics``, ``truncated``).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from asl.cli.common import parse_args, print_json, problem_line
from asl.errors import Problem

VALID, INVALID, UNUSABLE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(_parser(), sys.argv[1:] if argv is None else argv)
    if isinstance(args, int):
        return args
    from asl.validation import validate

    status, outcomes = VALID, []
    for name in args.files:
        text = _read(name)
        if isinstance(text, OSError):
            print(f"{name}: error: {text.strerror or text}", file=sys.stderr)
            status = UNUSABLE
            outcomes.append({"file": name, "error": str(text.strerror or text)})
            continue
        result = validate(text, machine_type=args.type)
        if result.errors and status == VALID:
            status = INVALID
        outcomes.append(_outcome(name, result.errors, result.warnings))
        if not args.json:
            _print_text(name, result.errors, result.warnings)
    if args.json:
        print_json(outcomes if len(outcomes) != 1 else outcomes[0])
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asl validate", description="Check state machine definitions as AWS's CreateStateMachine does."
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="definition file ('-' reads standard input)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--type", choices=("STANDARD", "EXPRESS"), default="STANDARD",
                        help="state machine type (EXPRESS forbids .sync, .waitForTaskToken and activities)")
    return parser


def _read(name: str) -> bytes | OSError:
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        with open(name, "rb") as handle:
            return handle.read()
    except OSError as exc:
        return exc


def _print_text(name: str, errors: list[Problem], warnings: list[Problem]) -> None:
    for problem in (*errors, *warnings):
        print(problem_line(name, problem))
    if not errors:
        print(f"{name}: OK" + (f" ({len(warnings)} warning(s))" if warnings else ""))


def _outcome(name: str, errors: list[Problem], warnings: list[Problem]) -> dict[str, Any]:
    return {
        "file": name,
        "result": "FAIL" if errors else "OK",
        "diagnostics": [_diagnostic(p) for p in (*errors, *warnings)],
        "truncated": False,
    }


def _diagnostic(problem: Problem) -> dict[str, str]:
    return {
        "severity": problem.severity,
        "code": problem.code,
        "message": problem.message,
        "location": problem.location,
    }
