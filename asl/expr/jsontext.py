"""JSON values as AWS's Java engine writes and compares them.

AWS's causes and intrinsic results are produced by Jackson and Java's ``toString``, so
their text differs from Python's: doubles print as ``1.0E20``, maps as ``{a=1, b=[]}``,
strings order by UTF-16 code units. Paths, intrinsic functions and Choice rules all need
the same renderings and comparisons, so they live here, apart from any one language.
"""
from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from asl.errors import StatesError


# --------------------------------------------------------------------------- text forms
def json_text(value: Any) -> str:
    """Compact JSON as AWS's Jackson writes it into causes and ``States.JsonToString``:
    no spaces, non-ASCII kept, doubles in Java's ``Double.toString`` form."""
    try:
        return _json_text(value)
    except RecursionError:
        raise StatesError("States.Runtime", "The JSON value is nested too deeply") from None


def _json_text(value: Any) -> str:
    if isinstance(value, float):
        return java_double_text(value)
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=False)}:{_json_text(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)  # never fails on a stray type


def java_text(value: Any) -> str:
    """``String.valueOf`` of the Java object Jackson maps a JSON value to (``{a=1, b=[]}``):
    how ``States.Format`` renders its arguments."""
    try:
        return _java_text(value)
    except RecursionError:
        raise StatesError("States.Runtime", "The JSON value is nested too deeply") from None


def _java_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double_text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_java_text(v) for v in value) + "]"
    return str(value)


def java_double_text(number: float) -> str:
    """Java's ``Double.toString``: plain between 1e-3 and 1e7, else ``1.0E20`` style."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "-0.0" if math.copysign(1.0, number) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(number)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    point = len(digits) + int(exponent)  # position of the decimal point within the digits
    prefix = "-" if sign else ""
    if 1e-3 <= abs(number) < 1e7:
        if point <= 0:
            return f"{prefix}0.{'0' * -point}{text}"
        whole, frac = text[:point].ljust(point, "0"), text[point:]
        return f"{prefix}{whole}.{frac or '0'}"
    return f"{prefix}{text[0]}.{text[1:] or '0'}E{point - 1}"


def java_class_name(value: Any) -> str:
    """The Java class Jayway names in its "found '...'" messages."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "java.lang.Boolean"
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return "java.lang.Integer"
        return "java.lang.Long" if -(2**63) <= value < 2**63 else "java.math.BigInteger"
    if isinstance(value, float):
        return "java.lang.Double"
    if isinstance(value, str):
        return "java.lang.String"
    return "java.util.ArrayList" if isinstance(value, list) else "java.util.LinkedHashMap"


# --------------------------------------------------------------------------- comparisons
def json_equal(left: Any, right: Any) -> bool:
    """Equality of JSON values: numbers by value (``1 == 1.0``), booleans never numbers."""
    try:
        return _json_equal(left, right)
    except RecursionError:
        return False


def _json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_json_equal(v, right[k]) for k, v in left.items())
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_json_equal, left, right))
    return type(left) is type(right) and left == right


def java_string_compare(left: str, right: str) -> int:
    """The sign of Java's ``left.compareTo(right)``, which orders UTF-16 code units and so
    puts U+E000..U+FFFF after characters beyond U+FFFF, unlike code-point order; ASCII-only
    text skips the encoding."""
    if left.isascii() and right.isascii():
        return (left > right) - (left < right)
    a, b = left.encode("utf-16-be", "surrogatepass"), right.encode("utf-16-be", "surrogatepass")
    return (a > b) - (a < b)


def is_number(value: Any) -> bool:
    """A JSON number: Python's ``bool`` is an ``int``, JSON's ``true`` is not a number."""
    kind = type(value)
    if kind is int or kind is float:  # Choice rules ask this for every comparison
        return True
    return isinstance(value, (int, float)) and kind is not bool
