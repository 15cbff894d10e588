"""AWS's payload quota (256 KiB of UTF-8 JSON), checked without serialising every value.

Every state output must be checked, and encoding each one to JSON would cost more than
running the state. ``fits`` first walks the value adding up a cheap *upper bound* of its
encoded size (strings at 6 bytes a character, the worst an escape can take), stopping
as soon as the bound passes the limit; only values that might be too large are encoded
for an exact answer.
"""
from __future__ import annotations

from typing import Any

from asl.core.history import to_json_text

PAYLOAD_LIMIT = 262144


_SMALL_SCALARS = (float, bool, type(None))


def _bound(value: Any, budget: int) -> int:
    """An upper bound of ``len(to_json_text(value).encode())``, or more than ``budget``.

    Runs for every state output, so scalars inside containers are sized inline rather
    than by a recursive call.
    """
    kind = type(value)
    if kind is dict:
        total = 2
        for key, item in value.items():
            item_kind = type(item)
            if item_kind is str:
                total += 6 * (len(key) + len(item)) + 6
            elif item_kind is int and -(10**19) < item < 10**19:
                total += 6 * len(key) + 25
            elif item_kind in _SMALL_SCALARS:
                total += 6 * len(key) + 29
            else:
                total += 6 * len(key) + 4 + _bound(item, budget - total)
            if total > budget:
                return total
        return total
    if kind is list:
        total = 2
        for item in value:
            item_kind = type(item)
            if item_kind is str:
                total += 6 * len(item) + 3
            elif item_kind is int and -(10**19) < item < 10**19:
                total += 22
            elif item_kind in _SMALL_SCALARS:
                total += 26
            else:
                total += _bound(item, budget - total) + 1
            if total > budget:
                return total
        return total
    if kind is str:
        return 6 * len(value) + 2
    if kind is int:
        return 21 if -(10**19) < value < 10**19 else len(str(value))
    return 25  # float, bool, None


def fits(value: Any, limit: int = PAYLOAD_LIMIT) -> bool:
    """Whether ``value`` encodes to at most ``limit`` bytes of UTF-8 JSON."""
    if _bound(value, limit) <= limit:
        return True
    return len(to_json_text(value).encode("utf-8")) <= limit


def too_large(what: str) -> str:
    """AWS's cause for ``States.DataLimitExceeded``."""
    return f"The state/task '{what}' returned a result with a size exceeding the maximum number of bytes service limit."
