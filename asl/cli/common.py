"""What the CLI subcommands share: reading files and JSON arguments, loading a definition.

Everything here reports a bad argument or an unreadable file as ``UsageError`` (the
dispatcher prints it and exits 2), never as a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional, TextIO

from asl.errors import DefinitionError, Problem


class UsageError(Exception):
    """Bad arguments or unreadable files: the command prints the message and exits 2."""


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace | int:
    """The arguments, or the exit status once argparse has answered itself (a usage error
    printed: 2, the help: 0), so that a command's ``main`` returns rather than exits."""
    try:
        return parser.parse_args(list(argv))
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2


def print_json(value: Any, file: TextIO | None = None) -> None:
    """Indented JSON with non-ASCII text as written (state names, payloads), as every command prints it."""
    print(json.dumps(value, indent=2, ensure_ascii=False), file=file)


def problem_line(file: str | Path, problem: Problem) -> str:
    """``FILE:LOCATION: CODE: MESSAGE`` on one line (warnings marked ``WARNING``), for grep
    and editors; AWS's JSON syntax messages span two lines."""
    mark = "WARNING " if problem.severity == "WARNING" else ""
    return " ".join(f"{file}:{problem.location}: {mark}{problem.code}: {problem.message}".split("\n"))


def read_text(file: str | Path) -> str:
    """A UTF-8 file's text."""
    try:
        return Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def parse_json(text: str, what: str) -> Any:
    """``text`` as JSON; ``what`` names it in the message (``the input``, ``--mock``)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply for json
        raise UsageError(f"{what} is not JSON: {exc}") from None


def machine_name(path: Path) -> str:
    """A state machine name from a file name (``order.asl.json`` -> ``order``)."""
    name = path.name
    for suffix in (".json", ".asl"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name or "StateMachine"


def load_machine(path: Path, name: Optional[str] = None) -> Optional[Any]:
    """The parsed machine, or None after printing the definition's problems to stderr
    (one line each: ``FILE:LOCATION: CODE: MESSAGE``); ``UsageError`` if unreadable."""
    import asl

    try:
        machine = asl.parse(path)
    except DefinitionError as exc:
        for problem in exc.problems:
            print(problem_line(path, problem), file=sys.stderr)
        return None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    machine.name = name or machine_name(path)
    return machine
