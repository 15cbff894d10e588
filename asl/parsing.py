"""``asl.parse``: from whatever the user has (text, bytes, dict, file) to a ``StateMachine``.

Parsing is validation plus packaging: the definition is checked as AWS's
CreateStateMachine checks it (``asl.validation``), every problem is raised at once as a
``DefinitionError``, and a valid definition becomes a ``StateMachine`` holding the
validated JSON, the warnings and the variables each state reads. The typed model and the
graph are built later, on first use, so running a machine never pays for them.
"""
from __future__ import annotations

import os
from pathlib import PurePath
from typing import Any

from asl.errors import DefinitionError
from asl.machine import StateMachine
from asl.validation import validate


def parse(definition: Any, *, machine_type: str = "STANDARD") -> StateMachine:
    """A validated ``StateMachine``, or ``DefinitionError`` listing every problem.

    ``definition`` is JSON text, bytes, a dict, or a path (a ``pathlib.Path``, or a ``str``
    that names an existing file or ends in ``.json``). ``machine_type`` is ``"STANDARD"``
    or ``"EXPRESS"`` (Express machines may not use ``.sync``/``.waitForTaskToken``
    integrations or activities). A path that cannot be read raises ``OSError``.
    """
    result = validate(_read(definition), machine_type=machine_type)
    if result.errors:
        raise DefinitionError(result.errors)
    return StateMachine(
        result.definition or {}, model=None, warnings=result.warnings, machine_type=machine_type,
        variable_references=result.variable_references,
    )


def _read(definition: Any) -> Any:
    """The file's bytes when ``definition`` names a file, else ``definition`` itself."""
    if isinstance(definition, PurePath):
        return _read_file(os.fspath(definition))
    if isinstance(definition, str) and _names_a_file(definition):
        return _read_file(definition.strip())
    return definition


def _names_a_file(text: str) -> bool:
    stripped = text.strip()
    if not stripped or stripped[0] in "{[\"":
        return False
    return stripped.endswith(".json") or os.path.isfile(stripped)


def _read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()
