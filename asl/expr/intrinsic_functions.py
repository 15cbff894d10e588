"""The 18 intrinsic functions (``States.Format``...) as plain functions ``(env, *values)``.

They follow AWS's Java implementation where recordings show it: ``States.Format``
renders values with Java's ``toString`` (``{Arg1=1, Arg2=[]}``), ``States.MathAdd``
rounds each operand with ``Math.round`` (half up: -2.5 -> -2), ``States.StringSplit``
drops empty tokens like ``StringTokenizer``. Seeded ``States.MathRandom`` uses Java's
``java.util.Random`` so seeds give AWS's sequence family; unseeded randomness and
``States.UUID`` come from ``env.rng`` so a seeded run is reproducible. Every failure is a
``States.IntrinsicFailure`` naming the function; ``asl.expr.intrinsics`` registers them.
JSONata's ``$random(seed)``, ``$hash`` and ``$uuid`` are the same Java pieces, so
``asl.expr.jsonata_functions`` takes ``JavaRandom``, ``hex_digest`` and ``random_uuid`` from here.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import re
import uuid
from typing import Any

from asl.errors import StatesError
from asl.expr import Env
from asl.expr.jsontext import is_number, java_text, json_equal, json_text

_INPUT_LIMIT = 10_000
_RANGE_LIMIT = 1000
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
HASH_ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}", re.ASCII)


def intrinsic_failure(function: str, why: str) -> StatesError:
    """AWS's error for bad values given to ``function`` (never a Python exception)."""
    return StatesError("States.IntrinsicFailure", f"Invalid arguments in {function}: {why}")


# --------------------------------------------------------------------------- argument checks
def _string(function: str, value: Any, what: str = "the argument", limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise intrinsic_failure(function, f"{what} must be a string, but was {json_text(value)}")
    if limit is not None and len(value) > limit:
        raise intrinsic_failure(function, f"{what} must be at most {limit} characters long")
    return value


def _array(function: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise intrinsic_failure(function, f"the argument must be an array, but was {json_text(value)}")
    return value


def _integer(function: str, value: Any, what: str) -> int:
    """Whole numbers only (``2.0`` counts; ``2.5`` and ``true`` do not)."""
    if is_number(value) and (isinstance(value, int) or value.is_integer()):
        return int(value)
    raise intrinsic_failure(function, f"{what} must be an integer, but was {json_text(value)}")


def _java_round(function: str, value: Any) -> int:
    """``Math.round``: halves go up (-2.5 -> -2), AWS-recorded for States.MathAdd."""
    if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        raise intrinsic_failure(function, f"the arguments must be numbers, but one was {json_text(value)}")
    return value if isinstance(value, int) else math.floor(value + 0.5)


def _int32(function: str, value: int, what: str) -> int:
    if not _INT32_MIN <= value <= _INT32_MAX:
        raise intrinsic_failure(function, f"{what} {value} is outside the 32-bit integer range")
    return value


# --------------------------------------------------------------------------- the functions
def states_format(env: Env | None, template: Any, *values: Any) -> str:
    """``template`` is the text, or (for a literal) its pieces between unescaped ``{}``."""
    if isinstance(template, tuple):
        pieces = template
    else:
        pieces = tuple(_string("States.Format", template, "the template").split("{}"))
    if len(pieces) - 1 != len(values):
        raise intrinsic_failure(
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
        raise intrinsic_failure("States.StringToJson", f"the string is not valid JSON ({error})") from None


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
        raise intrinsic_failure("States.ArrayPartition", f"the chunk size must be positive, but was {chunk}")
    return [array[start:start + chunk] for start in range(0, len(array), chunk)]


def states_array_contains(env: Env | None, array: Any, value: Any) -> bool:
    return any(json_equal(item, value) for item in _array("States.ArrayContains", array))


def states_array_range(env: Env | None, start: Any, end: Any, step: Any) -> list[int]:
    first = _integer("States.ArrayRange", start, "the start")
    last = _integer("States.ArrayRange", end, "the end")
    stride = _integer("States.ArrayRange", step, "the step")
    if stride == 0:
        raise intrinsic_failure("States.ArrayRange", "the step must not be 0")
    count = max(0, (last - first) // stride + 1)
    if count > _RANGE_LIMIT:
        raise intrinsic_failure("States.ArrayRange", f"the range has {count} items; at most {_RANGE_LIMIT} are allowed")
    return [first + stride * index for index in range(count)]


def states_array_get_item(env: Env | None, array: Any, index: Any) -> Any:
    array = _array("States.ArrayGetItem", array)
    position = _integer("States.ArrayGetItem", index, "the index")
    if not 0 <= position < len(array):
        raise intrinsic_failure(
            "States.ArrayGetItem", f"the index {position} is out of bounds for an array of length {len(array)}"
        )
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
        raise intrinsic_failure("States.ArrayUnique", "an item is nested too deeply") from None


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
        raise intrinsic_failure("States.Base64Decode", "the argument is not valid base64")
    try:
        raw = base64.b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except binascii.Error:
        raise intrinsic_failure("States.Base64Decode", "the argument is not valid base64") from None
    return raw.decode("utf-8", "replace")


def states_hash(env: Env | None, data: Any, algorithm: Any) -> str:
    text = _string("States.Hash", data, "the data", limit=_INPUT_LIMIT)
    if not isinstance(algorithm, str) or algorithm not in HASH_ALGORITHMS:
        raise intrinsic_failure(
            "States.Hash", f"the algorithm must be one of {', '.join(HASH_ALGORITHMS)}, but was {json_text(algorithm)}"
        )
    return hex_digest(text, algorithm)


def hex_digest(text: str, algorithm: str) -> str:
    """Lowercase hex digest of ``text``'s UTF-8 bytes; ``algorithm`` is AWS's name for it,
    one of ``HASH_ALGORITHMS`` (the caller has checked)."""
    return hashlib.new(HASH_ALGORITHMS[algorithm], text.encode("utf-8", "surrogatepass")).hexdigest()


def states_json_merge(env: Env | None, left: Any, right: Any, deep: Any) -> dict[str, Any]:
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise intrinsic_failure("States.JsonMerge", "both values to merge must be JSON objects")
    if deep is not False:
        raise intrinsic_failure(
            "States.JsonMerge", "only shallow merging is supported: the third argument must be false"
        )
    return {**left, **right}


def states_math_random(env: Env | None, start: Any, end: Any, seed: Any = None) -> int:
    low = _int32("States.MathRandom", _java_round("States.MathRandom", start), "the start")
    high = _int32("States.MathRandom", _java_round("States.MathRandom", end), "the end")
    if low >= high:
        raise intrinsic_failure("States.MathRandom", f"the start {low} must be less than the end {high}")
    if seed is not None:
        return low + JavaRandom(_java_round("States.MathRandom", seed)).next_int(high - low)
    if env is None:
        raise intrinsic_failure("States.MathRandom", "no random number generator is available")
    return env.rng.randrange(low, high)


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
        raise intrinsic_failure("States.UUID", "no random number generator is available")
    return random_uuid(env.rng)


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (the execution's), never from the OS."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class JavaRandom:
    """``java.util.Random``'s 48-bit LCG: what a seeded ``States.MathRandom`` (``nextInt``)
    and JSONata's ``$random(seed)`` (``nextDouble``) draw from."""

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

    def next_double(self) -> float:
        return ((self._next(26) << 27) + self._next(27)) * (1.0 / (1 << 53))
