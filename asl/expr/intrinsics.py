"""Intrinsic functions (``States.Format(...)`` and the other 17), JSONPath mode only.

A call is parsed once into a function from ``FUNCTIONS`` plus argument evaluators
(literals, compiled paths, nested calls), so evaluation only reads paths and calls plain
functions. The functions follow AWS's Java implementation where recordings show it:
``States.Format`` renders values with Java's ``toString`` (``{Arg1=1, Arg2=[]}``),
``States.MathAdd`` rounds each operand with ``Math.round`` (half up: -2.5 -> -2),
``States.StringSplit`` drops empty tokens like ``StringTokenizer``. String literals accept
only the escapes AWS accepts (``\\'``, ``\\{``, ``\\}``, ``\\\\``; ``\\"`` is rejected at
creation, AWS-recorded). Seeded ``States.MathRandom`` uses Java's ``java.util.Random`` so
seeds give AWS's sequence family; unseeded randomness and ``States.UUID`` come from
``env.rng`` so a seeded run is reproducible.
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
import re
import uuid
from typing import Any, Callable

from asl.errors import StatesError
from asl.expr import Env, ExprSyntaxError
from asl.expr.jsonpath import Path, compile_path, is_number, java_text, json_equal, json_text

MAX_NESTING = 10
_INPUT_LIMIT = 10_000
_RANGE_LIMIT = 1000
_INT32 = (-(2**31), 2**31 - 1)
_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}", re.ASCII)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)
_NAME = re.compile(r"States\.([A-Za-z0-9]+)", re.ASCII)
_SPACES = " \t\n\r"


def _fail(function: str, why: str) -> StatesError:
    return StatesError("States.IntrinsicFailure", f"Invalid arguments in {function}: {why}")


# --------------------------------------------------------------------------- argument checks
def _string(function: str, value: Any, what: str = "the argument", limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise _fail(function, f"{what} must be a string, but was {json_text(value)}")
    if limit is not None and len(value) > limit:
        raise _fail(function, f"{what} must be at most {limit} characters long")
    return value


def _array(function: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(function, f"the argument must be an array, but was {json_text(value)}")
    return value


def _integer(function: str, value: Any, what: str) -> int:
    """Whole numbers only (``2.0`` counts; ``2.5`` and ``true`` do not)."""
    if is_number(value) and (isinstance(value, int) or value.is_integer()):
        return int(value)
    raise _fail(function, f"{what} must be an integer, but was {json_text(value)}")


def _java_round(function: str, value: Any) -> int:
    """``Math.round``: halves go up (-2.5 -> -2), AWS-recorded for States.MathAdd."""
    if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        raise _fail(function, f"the arguments must be numbers, but one was {json_text(value)}")
    return value if isinstance(value, int) else math.floor(value + 0.5)


def _int32(function: str, value: int, what: str) -> int:
    if not _INT32[0] <= value <= _INT32[1]:
        raise _fail(function, f"{what} {value} is outside the 32-bit integer range")
    return value


# --------------------------------------------------------------------------- the functions
def states_format(env: Env | None, template: Any, *values: Any) -> str:
    """``template`` is the text, or (for a literal) its pieces between unescaped ``{}``."""
    if isinstance(template, tuple):
        pieces = template
    else:
        pieces = tuple(_string("States.Format", template, "the template").split("{}"))
    if len(pieces) - 1 != len(values):
        raise _fail(
            "States.Format",
            f"the template has {len(pieces) - 1} placeholder(s) but {len(values)} value(s) were given",
        )
    parts = [pieces[0]]
    for value, piece in zip(values, pieces[1:]):
        parts.append(value if isinstance(value, str) else java_text(value))
        parts.append(piece)
    return "".join(parts)


def states_string_to_json(env: Env | None, text: Any) -> Any:
    text = _string("States.StringToJson", text)
    if not text.strip():
        return None  # AWS-recorded: "" and " " parse to null
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        raise _fail("States.StringToJson", f"the string is not valid JSON ({error})") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def states_json_to_string(env: Env | None, value: Any) -> str:
    return json_text(value)


def states_array(env: Env | None, *values: Any) -> list[Any]:
    return list(values)


def states_array_partition(env: Env | None, array: Any, size: Any) -> list[list[Any]]:
    array = _array("States.ArrayPartition", array)
    chunk = _integer("States.ArrayPartition", size, "the chunk size")
    if chunk <= 0:
        raise _fail("States.ArrayPartition", f"the chunk size must be positive, but was {chunk}")
    return [array[start:start + chunk] for start in range(0, len(array), chunk)]


def states_array_contains(env: Env | None, array: Any, value: Any) -> bool:
    return any(json_equal(item, value) for item in _array("States.ArrayContains", array))


def states_array_range(env: Env | None, start: Any, end: Any, step: Any) -> list[int]:
    first = _integer("States.ArrayRange", start, "the start")
    last = _integer("States.ArrayRange", end, "the end")
    stride = _integer("States.ArrayRange", step, "the step")
    if stride == 0:
        raise _fail("States.ArrayRange", "the step must not be 0")
    count = max(0, (last - first) // stride + 1)
    if count > _RANGE_LIMIT:
        raise _fail("States.ArrayRange", f"the range has {count} items; at most {_RANGE_LIMIT} are allowed")
    return [first + stride * index for index in range(count)]


def states_array_get_item(env: Env | None, array: Any, index: Any) -> Any:
    array = _array("States.ArrayGetItem", array)
    position = _integer("States.ArrayGetItem", index, "the index")
    if not 0 <= position < len(array):
        raise _fail("States.ArrayGetItem", f"the index {position} is out of bounds for an array of length {len(array)}")
    return array[position]


def states_array_length(env: Env | None, array: Any) -> int:
    return len(_array("States.ArrayLength", array))


def states_array_unique(env: Env | None, array: Any) -> list[Any]:
    seen: set[str] = set()
    unique = []
    for item in _array("States.ArrayUnique", array):
        key = _identity_key(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _identity_key(value: Any) -> str:
    """Equal JSON values (``1``/``1.0``, key order aside) give equal keys."""
    try:
        return json.dumps(_canonical(value), sort_keys=True)
    except RecursionError:
        raise _fail("States.ArrayUnique", "an item is nested too deeply") from None


def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def states_base64_encode(env: Env | None, text: Any) -> str:
    text = _string("States.Base64Encode", text, limit=_INPUT_LIMIT)
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")


def states_base64_decode(env: Env | None, text: Any) -> str:
    text = _string("States.Base64Decode", text, limit=_INPUT_LIMIT)
    if not _BASE64.fullmatch(text):
        raise _fail("States.Base64Decode", "the argument is not valid base64")
    try:
        raw = base64.b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except binascii.Error:
        raise _fail("States.Base64Decode", "the argument is not valid base64") from None
    return raw.decode("utf-8", "replace")


def states_hash(env: Env | None, data: Any, algorithm: Any) -> str:
    text = _string("States.Hash", data, "the data", limit=_INPUT_LIMIT)
    name = _HASHES.get(algorithm) if isinstance(algorithm, str) else None
    if name is None:
        raise _fail("States.Hash", f"the algorithm must be one of {', '.join(_HASHES)}, but was {json_text(algorithm)}")
    return hashlib.new(name, text.encode("utf-8", "surrogatepass")).hexdigest()


def states_json_merge(env: Env | None, left: Any, right: Any, deep: Any) -> dict[str, Any]:
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise _fail("States.JsonMerge", "both values to merge must be JSON objects")
    if deep is not False:
        raise _fail("States.JsonMerge", "only shallow merging is supported: the third argument must be false")
    return {**left, **right}


def states_math_random(env: Env | None, start: Any, end: Any, seed: Any = None) -> int:
    low = _int32("States.MathRandom", _java_round("States.MathRandom", start), "the start")
    high = _int32("States.MathRandom", _java_round("States.MathRandom", end), "the end")
    if low >= high:
        raise _fail("States.MathRandom", f"the start {low} must be less than the end {high}")
    if seed is not None:
        return low + JavaRandom(_java_round("States.MathRandom", seed)).next_int(high - low)
    if env is None:
        raise _fail("States.MathRandom", "no random number generator is available")
    return env.rng.randrange(low, high)


_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def states_math_add(env: Env | None, left: Any, right: Any) -> int:
    if type(left) is int and type(right) is int:  # the common case, without the checks' calls
        total = left + right
        if _INT32_MIN <= left <= _INT32_MAX and _INT32_MIN <= right <= _INT32_MAX and _INT32_MIN <= total <= _INT32_MAX:
            return total
    first = _int32("States.MathAdd", _java_round("States.MathAdd", left), "the value")
    second = _int32("States.MathAdd", _java_round("States.MathAdd", right), "the value")
    return _int32("States.MathAdd", first + second, "the sum")


def states_string_split(env: Env | None, text: Any, delimiters: Any) -> list[str]:
    text = _string("States.StringSplit", text, "the string")
    delimiters = _string("States.StringSplit", delimiters, "the delimiters")
    if not delimiters:
        return [text] if text else []
    return [token for token in re.split("[" + re.escape(delimiters) + "]", text) if token]


def states_uuid(env: Env | None) -> str:
    if env is None:
        raise _fail("States.UUID", "no random number generator is available")
    return str(uuid.UUID(int=env.rng.getrandbits(128), version=4))


class JavaRandom:
    """``java.util.Random``'s 48-bit LCG: what a seeded ``States.MathRandom`` draws from."""

    _MULTIPLIER, _ADDEND, _MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed: int):
        self._seed = (seed ^ self._MULTIPLIER) & self._MASK

    def _next(self, bits: int) -> int:
        self._seed = (self._seed * self._MULTIPLIER + self._ADDEND) & self._MASK
        value = self._seed >> (48 - bits)
        return value - (1 << 32) if value >= 1 << 31 else value  # Java's (int) cast

    def next_int(self, bound: int) -> int:
        if bound & -bound == bound:
            return (bound * (self._next(31) & 0x7FFFFFFF)) >> 31
        while True:
            bits = self._next(31) & 0x7FFFFFFF
            value = bits % bound
            if bits - value + (bound - 1) < 2**31:
                return value


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "States.Format": states_format,
    "States.StringToJson": states_string_to_json,
    "States.JsonToString": states_json_to_string,
    "States.Array": states_array,
    "States.ArrayPartition": states_array_partition,
    "States.ArrayContains": states_array_contains,
    "States.ArrayRange": states_array_range,
    "States.ArrayGetItem": states_array_get_item,
    "States.ArrayLength": states_array_length,
    "States.ArrayUnique": states_array_unique,
    "States.Base64Encode": states_base64_encode,
    "States.Base64Decode": states_base64_decode,
    "States.Hash": states_hash,
    "States.JsonMerge": states_json_merge,
    "States.MathRandom": states_math_random,
    "States.MathAdd": states_math_add,
    "States.StringSplit": states_string_split,
    "States.UUID": states_uuid,
}
ARITY: dict[str, tuple[int, int]] = {
    "States.Format": (1, 10_000), "States.StringToJson": (1, 1), "States.JsonToString": (1, 1),
    "States.Array": (0, 10_000), "States.ArrayPartition": (2, 2), "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3), "States.ArrayGetItem": (2, 2), "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1), "States.Base64Encode": (1, 1), "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2), "States.JsonMerge": (3, 3), "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2), "States.StringSplit": (2, 2), "States.UUID": (0, 0),
}


# --------------------------------------------------------------------------- compiled calls
Argument = Callable[[Any, Any], Any]


class Intrinsic:
    """A parsed call: evaluating it reads its paths and calls one plain function."""

    __slots__ = ("text", "name", "_function", "_arguments")

    def __init__(self, text: str, name: str, arguments: tuple[Argument, ...]):
        self.text = text
        self.name = name
        self._function = FUNCTIONS[name]
        self._arguments = arguments

    def __repr__(self) -> str:
        return f"Intrinsic({self.text!r})"

    def evaluate(self, input: Any, env: Env | None = None) -> Any:
        values = [argument(input, env) for argument in self._arguments]
        try:
            return self._function(env, *values)
        except StatesError:
            raise
        except (TypeError, ValueError, OverflowError, RecursionError) as error:  # a safety net only
            raise _fail(self.name, str(error) or type(error).__name__) from None


def is_intrinsic(text: object) -> bool:
    """True when ``text`` is a well-formed intrinsic call (``States.Xxx(...)``)."""
    if not isinstance(text, str) or "States." not in text:
        return False
    try:
        compile_intrinsic(text)
    except ExprSyntaxError:
        return False
    return True


@functools.lru_cache(maxsize=8192)
def compile_intrinsic(text: str) -> Intrinsic:
    """Parse ``States.Xxx(args)``; ``ExprSyntaxError`` for unknown names, wrong argument
    counts, bad literals or escapes, invalid paths and nesting deeper than 10 calls."""
    if not isinstance(text, str):
        raise ExprSyntaxError(f"An intrinsic function call must be a string, not {type(text).__name__}")
    parser = _CallParser(text)
    call = parser.call(depth=1)
    parser.skip_spaces()
    if parser.pos != len(text):
        parser.fail("unexpected text after the call")
    return call


class _Literal:
    """A string literal: its value, and its pieces around unescaped ``{}`` for Format."""

    __slots__ = ("value", "pieces")

    def __init__(self, value: str, pieces: tuple[str, ...]):
        self.value = value
        self.pieces = pieces


class _CallParser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def fail(self, why: str) -> Any:
        raise ExprSyntaxError(f"Invalid intrinsic function call '{self.text}': {why} at position {self.pos}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _SPACES:
            self.pos += 1

    def call(self, depth: int) -> Intrinsic:
        if depth > MAX_NESTING:
            self.fail(f"intrinsic functions can be nested at most {MAX_NESTING} deep")
        self.skip_spaces()
        start = self.pos
        match = _NAME.match(self.text, self.pos)
        if match is None:
            self.fail("expected States.<FunctionName>(...)")
        name = match.group(0)
        if name not in FUNCTIONS:
            self.fail(f"unknown intrinsic function {name}")
        self.pos = match.end()
        self.skip_spaces()
        if self.peek() != "(":
            self.fail("expected '('")
        self.pos += 1
        raw = self.arguments(depth)
        low, high = ARITY[name]
        if not low <= len(raw) <= high:
            self.fail(f"{name} takes {_arity_text(low, high)} but {len(raw)} were given")
        if name == "States.Format" and isinstance(raw[0], _Literal):
            arguments = (_constant(raw[0].pieces),) + tuple(_evaluator(arg) for arg in raw[1:])
        else:
            arguments = tuple(_evaluator(arg) for arg in raw)
        return Intrinsic(self.text[start:self.pos].strip() if depth > 1 else self.text, name, arguments)

    def arguments(self, depth: int) -> list[Any]:
        raw: list[Any] = []
        self.skip_spaces()
        if self.peek() == ")":
            self.pos += 1
            return raw
        while True:
            raw.append(self.argument(depth))
            self.skip_spaces()
            char = self.peek()
            self.pos += 1
            if char == ")":
                return raw
            if char != ",":
                self.pos -= 1
                self.fail("expected ',' or ')'")

    def argument(self, depth: int) -> Any:
        self.skip_spaces()
        char = self.peek()
        if char == "'":
            return self.string()
        if char == "$":
            return self.path()
        if self.text.startswith("States.", self.pos):
            return self.call(depth + 1)
        for word, value in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos) and not self._continues(self.pos + len(word)):
                self.pos += len(word)
                return _Value(value)
        match = _NUMBER.match(self.text, self.pos)
        if match and not self._continues(match.end()):
            self.pos = match.end()
            number = match.group(0)
            return _Value(float(number) if match.group(1) or match.group(2) else int(number))
        return self.fail("expected a string, number, boolean, path or intrinsic function")

    def _continues(self, at: int) -> bool:
        return at < len(self.text) and self.text[at] not in _SPACES + ",)"

    def string(self) -> _Literal:
        """``'...'`` with AWS's four escapes; pieces split at unescaped ``{}``."""
        self.pos += 1
        pieces: list[str] = []
        current: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "'":
                self.pos += 1
                pieces.append("".join(current))
                return _Literal("{}".join(pieces), tuple(pieces))
            if char == "\\":
                escaped = self.text[self.pos + 1:self.pos + 2]
                if escaped not in ("'", "{", "}", "\\"):
                    self.fail(f"illegal escape sequence '\\{escaped}' in a string literal")
                current.append(escaped)
                self.pos += 2
                continue
            if char == "{" and self.text.startswith("{}", self.pos):
                pieces.append("".join(current))
                current = []
                self.pos += 2
                continue
            current.append(char)
            self.pos += 1
        return self.fail("unterminated string literal")

    def path(self) -> Path:
        start, depth, quote = self.pos, 0, ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                if char == "\\":
                    self.pos += 1
                elif char == quote:
                    quote = ""
            elif char in "'\"" and depth:
                quote = char
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and (char in ",)" or char in _SPACES):
                break
            self.pos += 1
        try:
            return compile_path(self.text[start:self.pos])
        except ExprSyntaxError as error:
            return self.fail(str(error))


class _Value:
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _arity_text(low: int, high: int) -> str:
    if low == high:
        return f"{low} argument(s)"
    return f"at least {low} argument(s)" if high >= 10_000 else f"{low} to {high} arguments"


def _constant(value: Any) -> Argument:
    return lambda input, env: value


def _evaluator(argument: Any) -> Argument:
    if isinstance(argument, _Literal):
        return _constant(argument.value)
    if isinstance(argument, _Value):
        return _constant(argument.value)
    return argument.evaluate
