"""Task callables named by import path ("dmap_handlers:...") in the tests,
as Dask workers import them."""
from __future__ import annotations

from typing import Any


def count_items(event: Any) -> Any:
    """A batch's summary: how many items, and the sum of their ``n`` fields."""
    items = event["Items"]
    return {"count": len(items), "total": sum(int(item["n"]) for item in items)}


def fail_on_negative(event: Any) -> Any:
    if int(event["n"]) < 0:
        raise ValueError(f"negative: {event['n']}")
    return int(event["n"])
