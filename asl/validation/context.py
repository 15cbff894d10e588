"""What every check needs: where it is, and where to put what it finds.

Checks never raise on bad input; they append ``Problem``s to a ``Report`` and move on, so
one run finds every problem. Locations are AWS's JSON-pointer-like paths: names are kept
as written (AWS does not escape ``/`` in a state name) and array items are ``/0``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from asl.errors import Problem


def join(location: str, *parts: object) -> str:
    """``location`` extended by ``parts`` (``join("/States/A", "Retry", 0)``)."""
    tail = "/".join(str(p) for p in parts)
    if not tail:
        return location
    return f"/{tail}" if location in ("", "/") else f"{location}/{tail}"


@dataclass
class Report:
    """The outcome of validating one definition."""

    machine_type: str = "STANDARD"
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # state name -> referenced variable names (AWS's DescribeStateMachine variableReferences)
    variable_references: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # Map Label -> where first seen

    def error(self, code: str, message: str, location: str) -> None:
        self.errors.append(Problem(code, message, location or "/"))

    def warn(self, code: str, message: str, location: str) -> None:
        self.warnings.append(Problem(code, message, location or "/", severity="WARNING"))

    def references(self, state: str, names: set[str]) -> None:
        if names:
            self.variable_references.setdefault(state, set()).update(names)

    def sorted_references(self) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in sorted(self.variable_references.items())}


@dataclass(frozen=True)
class Scope:
    """One ``States`` object: the top level, a Parallel branch or a Map processor."""

    location: str  # pointer of the object holding StartAt/States
    depth: int  # 0 for the top level
    language: str  # the machine's top-level QueryLanguage (states inherit it, not a parent's)
    parent: Scope | None = None


@dataclass(frozen=True)
class StateSite:
    """One state being checked."""

    name: str
    state: dict[str, Any]
    location: str
    scope: Scope
    language: str  # effective QueryLanguage of this state

    @property
    def jsonata(self) -> bool:
        return self.language == "JSONata"

    def at(self, *parts: object) -> str:
        return join(self.location, *parts)
