"""The functions AWS adds to (and takes away from) JSONata, and the impure built-ins.

Step Functions adds ``$partition``, ``$range``, ``$hash``, ``$random([seed])``, ``$uuid``
and ``$parse``, removes ``$eval`` (calling it fails like calling any non-function: T1006),
and we pin ``$now``/``$millis``/``$random``/``$uuid`` to the execution's virtual clock and
seeded RNG so a run replays identically.

The backend calls these as plain Python callables registered once per compiled
expression, so they cannot receive the ``Env`` as an argument. The evaluation that is
running publishes its ``Env`` in a ``ContextVar`` for their duration (``calling``); a
context variable is per thread and per task, so concurrent evaluations never see each
other's clock or RNG. Host functions report failures by raising ``HostError``, which the
adapter recovers intact from the ``Call`` rather than from the backend's reworded text.
"""
from __future__ import annotations

import contextvars
import json
import math
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from asl.expr import Env
from asl.expr.intrinsic_functions import HASH_ALGORITHMS, JavaRandom, hex_digest, random_uuid
from asl.expr.jsontext import is_number
from asl.expr.timestamps import format_epoch_millis

# Integers beyond this cannot cross into the backend (it stores 64-bit ints).
_INT_LIMIT = 2**63


class HostError(Exception):
    """A failure inside one of our functions, in JSONata's terms (code may be None)."""

    def __init__(self, code: str | None, message: str):
        super().__init__(f"{code}: {message}" if code else message)
        self.code = code
        self.message = message


class Call:
    """What one evaluation lends to the functions it calls."""

    __slots__ = ("env", "error", "now_ms")

    def __init__(self, env: Env):
        self.env = env
        self.error: HostError | None = None
        self.now_ms: int | None = None

    def millis(self) -> int:
        """The virtual time in ms, read once per evaluation as jsonata-js does."""
        if self.now_ms is None:
            self.now_ms = int(round(float(self.env.now) * 1000))
        return self.now_ms


_CURRENT: contextvars.ContextVar[Call | None] = contextvars.ContextVar("asl_jsonata_call", default=None)


def enter(env: Env) -> contextvars.Token[Call | None]:
    """Publish ``env`` to the host functions; pair with ``leave`` in a ``finally``.
    (A plain pair rather than a context manager: this runs on every evaluation.)"""
    return _CURRENT.set(Call(env))


def leave(token: contextvars.Token[Call | None]) -> None:
    _CURRENT.reset(token)


@contextmanager
def calling(env: Env) -> Iterator[None]:
    """``enter``/``leave`` as a context manager, for the rarer paths."""
    token = enter(env)
    try:
        yield
    finally:
        leave(token)


def pending_error() -> HostError | None:
    """The failure one of our functions raised in the running evaluation, if any."""
    call = _CURRENT.get()
    return None if call is None else call.error


def _call() -> Call:
    call = _CURRENT.get()
    if call is None:
        raise HostError(None, "JSONata function called outside an evaluation")
    return call


def _host(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap ``fn`` so every failure is a ``HostError`` remembered by the current call."""

    def run(*args: Any) -> Any:
        try:
            return to_backend(fn(*args))
        except HostError as err:
            _remember(err)
            raise
        except (ValueError, TypeError, OverflowError, RecursionError, MemoryError) as exc:
            err = HostError(None, f"${name}: {exc}")
            _remember(err)
            raise err from None

    run.__name__ = f"jsonata_{name}"
    return run


def _remember(err: HostError) -> None:
    call = _CURRENT.get()
    if call is not None and call.error is None:
        call.error = err


def _argument_error(name: str, index: int) -> HostError:
    return HostError("T0410", f'Argument {index} of function "{name}" does not match function signature')


def _integer(name: str, index: int, value: Any) -> int:
    """AWS rounds non-integer numbers down where its functions want integers."""
    if not is_number(value) or not math.isfinite(value):
        raise _argument_error(name, index)
    return math.floor(value)


def partition(array: Any = None, size: Any = None, *extra: Any) -> list[Any]:
    """``$partition(array, size)``: chunks of ``size``; the last may be shorter."""
    if extra:
        raise _argument_error("partition", 3)
    if not isinstance(array, list):
        raise _argument_error("partition", 1)
    chunk = _integer("partition", 2, size)
    if chunk <= 0:
        raise HostError(None, "$partition: the chunk size must be a positive integer")
    return [array[i:i + chunk] for i in range(0, len(array), chunk)]


def range_values(start: Any = None, end: Any = None, step: Any = None, *extra: Any) -> list[int]:
    """``$range(start, end, step)``: ``end`` included when a step lands on it."""
    if extra:
        raise _argument_error("range", 4)
    first = _integer("range", 1, start)
    last = _integer("range", 2, end)
    delta = _integer("range", 3, step)
    if delta == 0:
        raise HostError(None, "$range: the step must not be zero")
    count = (last - first) // delta + 1
    if count > RANGE_LIMIT:
        raise HostError(None, f"$range: the range must not exceed {RANGE_LIMIT} elements")
    return [first + i * delta for i in range(max(count, 0))]


RANGE_LIMIT = 1_000_000


def hash_text(value: Any = None, algorithm: Any = None, *extra: Any) -> str:
    """``$hash(text, algorithm)``: lowercase hex digest of the UTF-8 text."""
    if extra:
        raise _argument_error("hash", 3)
    if not isinstance(value, str):
        raise _argument_error("hash", 1)
    if not isinstance(algorithm, str):
        raise _argument_error("hash", 2)
    if algorithm not in HASH_ALGORITHMS:
        raise HostError(
            None,
            f"$hash: unsupported algorithm '{algorithm}'; use one of {', '.join(HASH_ALGORITHMS)}",
        )
    return hex_digest(value, algorithm)


def random_number(*args: Any) -> float:
    """``$random([seed])``: seeded like ``java.util.Random(seed).nextDouble()`` (AWS's
    ``$random(42)`` is 0.7275636800328681); unseeded from the execution's RNG."""
    if len(args) > 1:
        raise _argument_error("random", 2)
    if not args or args[0] is None:
        return _call().env.rng.random()
    return JavaRandom(_integer("random", 1, args[0])).next_double()


def uuid_text(*extra: Any) -> str:
    """``$uuid()``: a version-4 UUID made from the execution's RNG, never the OS."""
    if extra:
        raise _argument_error("uuid", 1)
    return random_uuid(_call().env.rng)


def parse_json(text: Any = None, *extra: Any) -> Any:
    """``$parse(json)``: the JSON value a string holds."""
    if extra:
        raise _argument_error("parse", 2)
    if not isinstance(text, str):
        raise _argument_error("parse", 1)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise HostError(None, f"$parse: the argument is not valid JSON: {exc}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"unexpected {name}")


def now_text(picture: Any = None, timezone: Any = None, *extra: Any) -> Any:
    """``$now([picture [, timezone]])`` at the virtual time."""
    millis = _call().millis()
    if picture is None and timezone is None:
        return format_epoch_millis(millis)
    from asl.expr.jsonata_backend import format_millis

    return format_millis(millis, picture, timezone)


def millis_value(*extra: Any) -> int:
    """``$millis()`` at the virtual time."""
    return _call().millis()


def eval_removed(*args: Any) -> Any:
    """AWS removes ``$eval``: calling it fails as calling any non-function does."""
    raise HostError("T1006", "Attempted to invoke a non-function")


def to_backend(value: Any) -> Any:
    """A JSON value the backend can take: huge integers become doubles (as in JS)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return value if -_INT_LIMIT < value < _INT_LIMIT else float(value)
    if isinstance(value, list):
        return [to_backend(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_backend(v) for k, v in value.items()}
    return value


# Functions JSONata does not have, keyed by the name AWS gives them. ``$range`` returns a
# sequence (AWS answers ``1`` for ``$range(1, 9, 9)``), so the backend sees the array
# under a private name and the adapter wraps it (see jsonata_backend.RANGE_PRELUDE).
ADDED: dict[str, Callable[..., Any]] = {
    "partition": _host("partition", partition),
    "aslRangeArray": _host("range", range_values),
    "hash": _host("hash", hash_text),
    "uuid": _host("uuid", uuid_text),
    "parse": _host("parse", parse_json),
}

# Built-ins AWS replaces or removes.
OVERRIDDEN: dict[str, Callable[..., Any]] = {
    "random": _host("random", random_number),
    "now": _host("now", now_text),
    "millis": _host("millis", millis_value),
    "eval": _host("eval", eval_removed),
}
