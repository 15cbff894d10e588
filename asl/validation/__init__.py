"""Validation of ASL definitions, as AWS's CreateStateMachine validates them.

``validate(definition, machine_type=...)`` takes JSON text, bytes or a JSON-like Python
value and returns a ``Validation``: the definition as a trusted JSON object (``None`` if
there was none), every error and warning found (``asl.Problem``s with AWS's codes,
messages and JSON-pointer locations) and the variables each state reads. It never raises
for a bad definition; ``asl.parse`` turns errors into ``DefinitionError``.

Modules: ``source`` (decoding), ``structure`` (the walk), ``states``/``tasks``/``maps``/
``choice`` (per-state rules), ``common``/``fields`` (shared rules and language tables),
``values``/``references`` (templates, JSONata values, variable references),
``transitions``, ``variables``, ``resources``, ``schema`` (+ ``asl.schema.json``),
``expressions`` (the bridge to ``asl.expr``) and ``messages`` (every message, with its
provenance).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from asl.errors import Problem
from asl.validation import messages as msg
from asl.validation.context import Report
from asl.validation.source import Source, from_text, from_value

MACHINE_TYPES = ("STANDARD", "EXPRESS")


@dataclass
class Validation:
    definition: dict[str, Any] | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    variable_references: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def load(definition: Any) -> Source:
    """Decode text or bytes, or copy a Python value, into a trusted JSON object."""
    if isinstance(definition, (bytes, bytearray)):
        try:
            definition = bytes(definition).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return Source(problems=[Problem(msg.INVALID_JSON, f"Invalid UTF-8: {exc.reason}", "/")])
    if isinstance(definition, str):
        return from_text(definition)
    return from_value(definition)


def validate(definition: Any, *, machine_type: str = "STANDARD") -> Validation:
    """Every problem of ``definition`` (text, bytes or a JSON-like value) at once."""
    if machine_type not in MACHINE_TYPES:
        raise ValueError(f"machine_type must be one of {MACHINE_TYPES}, not {machine_type!r}")
    source = load(definition)
    if source.problems:
        return Validation(None, list(source.problems))
    from asl.validation.structure import check_machine

    report = Report(machine_type)
    check_machine(report, source.value, source.duplicate_keys)
    return Validation(
        source.value, report.errors, report.warnings, report.sorted_references()
    )


__all__ = ["MACHINE_TYPES", "Validation", "load", "validate"]
