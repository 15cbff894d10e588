"""Expression languages of ASL: JSONPath paths, payload templates, intrinsic functions,
Choice rules (``asl.expr.choice``) and JSONata (``asl.expr.jsonata``).

Everything here is pure: values in, values out. Evaluation reads three things besides
the state input, all through an ``Env``:

* ``env.context``: the context object (``$$``); the interpreter builds it lazily, so
  only touch it when an expression refers to ``$$``;
* ``env.variables``: the workflow variables in scope (a mapping name -> value);
* ``env.rng``: a seeded ``random.Random`` (``States.UUID``, ``States.MathRandom``);
* ``env.now``: the virtual time as epoch seconds (JSONata ``$now()``/``$millis()``).

Syntax errors raise ``ExprSyntaxError`` at compile time (the validator turns them into
``Problem``s); run-time failures raise ``asl.errors.StatesError`` with AWS's error name
and the detail part of AWS's cause.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol


class ExprSyntaxError(ValueError):
    """An expression that can never be evaluated (bad path, unknown intrinsic...)."""


def pointer_segment(key: object) -> str:
    """``key`` as one segment of the JSON pointer (RFC 6901) that locates a bad expression
    inside a template (``TemplateError.location``, a JSONata error's ``location``)."""
    return str(key).replace("~", "~0").replace("/", "~1")


class Env(Protocol):
    @property
    def context(self) -> Any: ...

    @property
    def variables(self) -> Mapping[str, Any]: ...

    @property
    def rng(self) -> random.Random: ...

    @property
    def now(self) -> float: ...


@dataclass
class SimpleEnv:
    """A ready-made ``Env`` for tests and one-off evaluations."""

    context: Any = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    now: float = 1735689600.0  # 2025-01-01T00:00:00Z
