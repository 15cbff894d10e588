"""AWS's payload quota (256 KiB of UTF-8 JSON), checked without serialising every value.

Every state output must be checked, and encoding each one to JSON would cost more than
running the state. ``fits`` first walks the value adding up a cheap *upper bound* of its
encoded size (strings at 6 bytes a character, the worst an escape can take), stopping
as soon as the bound passes the limit; only values that might be too large are encoded
for an exact answer.
"""
from __future__ import annotations

from typing import Any, Optional

from asl.core.history import json_size

PAYLOAD_LIMIT = 262144


_SMALL_SCALARS = (float, bool, type(None))

# Containers whose bound is smaller are cheaper to walk again than to remember.
_MEMO_FROM = 256


def _bound(value: Any, budget: int, memo: Optional[dict[int, tuple[Any, int]]] = None) -> int:
    """An upper bound of ``json_size(value)``, or more than ``budget``.

    Runs for every state output, so scalars inside containers are sized inline rather
    than by a recursive call; with a ``memo``, a container sized before (an iteration's
    output, now an item of the Map's result) is not walked again.
    """
    kind = type(value)
    if kind is dict or kind is list:
        if memo is not None:
            known = memo.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
        total = _dict_bound(value, budget, memo) if kind is dict else _list_bound(value, budget, memo)
        if memo is not None and _MEMO_FROM <= total <= budget:
            memo[id(value)] = (value, total)  # holding the value keeps its id from being reused
        return total
    if kind is str:
        return 6 * len(value) + 2
    if kind is int:
        return 21 if -(10**19) < value < 10**19 else len(str(value))
    return 25  # float, bool, None


def _dict_bound(value: dict[str, Any], budget: int, memo: Any) -> int:
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
            total += 6 * len(key) + 4 + _bound(item, budget - total, memo)
        if total > budget:
            return total
    return total


def _list_bound(value: list[Any], budget: int, memo: Any) -> int:
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
            total += _bound(item, budget - total, memo) + 1
        if total > budget:
            return total
    return total


def fits(value: Any, limit: int = PAYLOAD_LIMIT) -> bool:
    """Whether ``value`` encodes to at most ``limit`` bytes of UTF-8 JSON."""
    if _bound(value, limit) <= limit:
        return True
    return json_size(value) <= limit


class PayloadMeter:
    """``fits`` for one execution, remembering the sizes of the containers it measured.

    Values are never mutated once made, so a size once known stays true; a Map's result
    is a list of its iterations' outputs, each measured when its iteration ended.
    """

    __slots__ = ("limit", "_memo")

    def __init__(self, limit: int = PAYLOAD_LIMIT):
        self.limit = limit
        self._memo: dict[int, tuple[Any, int]] = {}

    def fits(self, value: Any) -> bool:
        if _bound(value, self.limit, self._memo) <= self.limit:
            return True
        return json_size(value) <= self.limit


def too_large(what: str) -> str:
    """AWS's cause for ``States.DataLimitExceeded``."""
    return f"The state/task '{what}' returned a result with a size exceeding the maximum number of bytes service limit."
