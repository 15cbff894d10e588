"""What the CLI subcommands share: loading a definition file into a machine."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

from asl.errors import DefinitionError


class UsageError(Exception):
    """Bad arguments or unreadable files: the command prints the message and exits 2."""


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
            print(f"{path}:{problem.location}: {problem.code}: {problem.message}", file=sys.stderr)
        return None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    machine.name = name or machine_name(path)
    return machine
