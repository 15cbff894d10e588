"""The two kinds of failure a user of `asl` meets, kept apart on purpose.

* ``DefinitionError``: the definition itself is wrong. Raised by ``asl.parse`` with
  *every* problem found, each located by a JSON pointer, so a user fixes them all in
  one round instead of one per run.
* ``StatesError``: an execution failed at run time with an AWS error name
  (``States.Runtime``, ``States.TaskFailed``, a user's own name...). AWS error names are
  data, not a class per name, so Retry/Catch matching is a string comparison.

``TaskFailed`` is what a user's task callable raises to fail with a chosen error name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in a definition.

    ``code`` uses AWS's ValidateStateMachineDefinition vocabulary where AWS has a word for
    it (``SCHEMA_VALIDATION_FAILED``, ``MISSING_TRANSITION_TARGET``...); ``location`` is a
    JSON pointer into the definition (``/States/Fetch/Retry/0/BackoffRate``).
    """

    code: str
    message: str
    location: str = "/"
    severity: str = "ERROR"

    def __str__(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"


class DefinitionError(ValueError):
    """The definition cannot be run; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if not self.problems:
            return "Invalid State Machine Definition"
        lines = [f"Invalid State Machine Definition: {len(self.problems)} problem(s)"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)

    def aws_message(self) -> str:
        """The message AWS's CreateStateMachine puts in its ``InvalidDefinition`` error."""
        joined = ", ".join(f"{p.code}: {p.message} at {p.location}" for p in self.problems)
        return f"Invalid State Machine Definition: '{joined}'"


class StatesError(Exception):
    """A run-time failure carrying an AWS error name and cause.

    Raised by expression evaluation (paths, intrinsics, JSONata) with the *detail* part
    of AWS's cause; the interpreter adds AWS's ``An error occurred while executing the
    state ...`` prefix where AWS does, and records the failure in the history.
    """

    def __init__(self, error: str | None, cause: str | None = None):
        self.error = error
        self.cause = cause
        super().__init__(f"{error}: {cause}" if cause else str(error))


class TaskFailed(Exception):
    """Raise from a task callable to fail the task with this error name and cause."""

    def __init__(self, error: str, cause: str | None = None):
        self.error = error
        self.cause = cause
        super().__init__(f"{error}: {cause}" if cause else error)
