"""The JSONata engine behind the adapter: jsonatapy, wrapped so nothing odd escapes.

jsonatapy was chosen on measurements (see the project's research note on JSONata
libraries): it passes all value cases of the jsonata-js 2.0.6 suite and has time, depth
and sequence limits built in. What this module adds:

* results as JSON text (``evaluate_json_or_none``), which keeps *undefined* (None) apart
  from ``null``; numbers come back the way JavaScript prints them;
* AWS's functions registered on every compiled expression, ``$eval`` removed;
* limits on every call, and every exception the engine can raise, including PyO3 panics
  (``BaseException``), reduced to one ``Failure``.

``EvaluationFailed`` carries that ``Failure`` to the adapter, which words the cause.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonatapy

from asl.expr import ExprSyntaxError
from asl.expr.jsonata_errors import Failure, MEMORY_MESSAGE, from_backend, split_code
from asl.expr.jsonata_functions import ADDED, OVERRIDDEN, HostError, pending_error, to_backend


@dataclass(frozen=True)
class Limits:
    """Bounds applied to every evaluation. AWS fails ``1+1+...+1`` with 200 terms as a
    stack overflow and ``[1..873783]`` (but not ``[1..873782]``) for memory; the
    timeout is a safety net for loops, generous so that results do not depend on
    the machine's speed."""

    timeout_ms: int = 10_000
    max_depth: int = 150
    max_sequence: int = 873_782


DEFAULT_LIMITS = Limits()

# ``$range`` must return a sequence so that a single element unwraps as AWS shows.
RANGE_PRELUDE = "($range := function($start, $end, $step){ $aslRangeArray($start, $end, $step).$ };\n"
_USES_RANGE = re.compile(r"\$range\b")


class EvaluationFailed(Exception):
    """The engine failed; ``failure`` says how in AWS's terms."""

    def __init__(self, failure: Failure):
        super().__init__(failure.detail())
        self.failure = failure


class Compiled:
    """One compiled expression with AWS's function set registered on it."""

    __slots__ = ("source", "_expr")

    def __init__(self, source: str):
        self.source = source
        checked = _compile(source)
        self._expr = _compile(RANGE_PRELUDE + source + "\n)") if _USES_RANGE.search(source) else checked
        for name, fn in ADDED.items():
            self._expr.register(name, fn)
        for name, fn in OVERRIDDEN.items():
            self._expr.register_override(name, fn)

    def evaluate(self, bindings: dict[str, Any], limits: Limits = DEFAULT_LIMITS) -> str | None:
        """JSON text of the result, or None when the expression yields nothing."""
        try:
            return self._run(bindings, limits)
        except (TypeError, OverflowError, UnicodeEncodeError):
            # A value the engine cannot take (a huge integer, a lone surrogate...):
            # retry once with the bindings made safe, which costs only on this path.
            try:
                safe = _safe(bindings)
            except RecursionError:
                raise EvaluationFailed(Failure(None, "The input is nested too deeply")) from None
            return self._guarded(safe, limits)

    def _guarded(self, bindings: dict[str, Any], limits: Limits) -> str | None:
        try:
            return self._run(bindings, limits)
        except (TypeError, OverflowError, UnicodeEncodeError) as exc:
            raise EvaluationFailed(Failure(None, f"The input cannot be evaluated: {exc}")) from None

    def _run(self, bindings: dict[str, Any], limits: Limits) -> str | None:
        try:
            return self._expr.evaluate_json_or_none(
                None,
                bindings,
                timeout=limits.timeout_ms,
                max_stack_depth=limits.max_depth,
                max_sequence_length=limits.max_sequence,
            )
        except (TypeError, OverflowError, UnicodeEncodeError):
            raise
        except MemoryError:
            raise EvaluationFailed(Failure(None, MEMORY_MESSAGE)) from None
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # jsonatapy errors, PyO3 panics (BaseException)
            raised = pending_error()
            if raised is not None:
                raise EvaluationFailed(Failure(raised.code, raised.message)) from None
            raise EvaluationFailed(from_backend(str(exc), self.source)) from None


def _compile(text: str) -> Any:
    try:
        return jsonatapy.compile(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        code, _ = split_code(str(exc))
        failure = from_backend(str(exc), text)
        error = ExprSyntaxError(f"{failure.code}: {failure.message}" if failure.code else failure.message)
        error.code = code  # type: ignore[attr-defined]
        raise error from None


def _safe(value: Any) -> Any:
    """A copy the engine accepts: big integers as doubles, lone surrogates replaced."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {_safe(str(k)): _safe(v) for k, v in value.items()}
    return to_backend(value)  # a scalar: big integers become doubles


_FORMAT = jsonatapy.compile("$fromMillis($ms, $picture, $timezone)")


def format_millis(millis: int, picture: Any, timezone: Any) -> Any:
    """``$fromMillis`` through the engine, for ``$now(picture, timezone)``."""
    bindings = {"ms": millis, "picture": picture, "timezone": timezone}
    bindings = {k: v for k, v in bindings.items() if v is not None}
    try:
        text = _FORMAT.evaluate_json_or_none(None, bindings)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        failure = from_backend(str(exc), "$now()")
        raise HostError(failure.code, failure.message) from None
    return None if text is None else json.loads(text)
