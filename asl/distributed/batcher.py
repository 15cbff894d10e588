"""ItemBatcher: items grouped into the inputs of child executions.

A child gets ``{"BatchInput": ..., "Items": [...]}`` (``BatchInput`` only when the
definition has one). A batch closes when it holds ``MaxItemsPerBatch`` items or when one
more item would make the child's input, as JSON text, larger than
``MaxInputBytesPerBatch`` (never more than 256 KiB, the payload limit of an execution
input). An item too large for any batch travels alone. Batches are formed as items
arrive, so a reader's stream is never gathered whole.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

from asl.core.history import json_size
from asl.core.limits import PAYLOAD_LIMIT
from asl.distributed.readers import whole_number
from asl.errors import StatesError

MAX_BATCH_BYTES = PAYLOAD_LIMIT  # a child's input is an execution input


@dataclass(frozen=True)
class BatchSettings:
    max_items: Optional[int]
    max_bytes: int
    batch_input: Any
    has_batch_input: bool

    def child_input(self, items: list[Any]) -> dict[str, Any]:
        if self.has_batch_input:
            return {"BatchInput": self.batch_input, "Items": items}
        return {"Items": items}


def batch_settings(batcher: Optional[dict[str, Any]]) -> Optional[BatchSettings]:
    """The evaluated ``ItemBatcher`` checked (``States.Runtime`` for a value AWS would
    not accept); None without an ItemBatcher."""
    if batcher is None:
        return None
    max_items = _limit(batcher, "MaxItemsPerBatch")
    max_bytes = _limit(batcher, "MaxInputBytesPerBatch")
    if max_bytes is not None and max_bytes > MAX_BATCH_BYTES:
        raise StatesError("States.Runtime", f"field MaxInputBytesPerBatch must be at most {MAX_BATCH_BYTES}")
    return BatchSettings(
        max_items=max_items,
        max_bytes=MAX_BATCH_BYTES if max_bytes is None else max_bytes,
        batch_input=batcher.get("BatchInput"),
        has_batch_input="BatchInput" in batcher,
    )


def _limit(batcher: dict[str, Any], field: str) -> Optional[int]:
    """A positive whole number; from a ``...Path`` AWS also takes a numeric string."""
    value = batcher.get(field)
    if value is None:
        return None
    number = whole_number(value)
    if number is None:
        shown = value if isinstance(value, str) else json.dumps(value)
        raise StatesError("States.Runtime", f'The {field} field refers to value "{shown}" which is not a valid integer.')
    if number <= 0:
        raise StatesError("States.Runtime", f"field {field} must be positive")
    return number


def batches(items: Iterable[tuple[int, Any]], settings: BatchSettings) -> Iterator[tuple[int, list[Any]]]:
    """``(index of the first item, items)`` for each batch, as the items arrive.

    A batch takes items until the next one would pass a limit. With ``MaxItemsPerBatch``
    the next that many items are measured together first: when they fit, as they usually
    do, they are the batch, without encoding each item on its own (a large part of a Map
    Run's time over small items). From the first that do not fit on, items are measured
    one by one.
    """
    source = iter(items)
    if settings.max_items is not None:
        while True:
            chunk = list(itertools.islice(source, settings.max_items))
            if not chunk:
                return
            group = [item for _, item in chunk]
            if len(group) > 1 and json_size(settings.child_input(group)) > settings.max_bytes:
                source = itertools.chain(chunk, source)
                break
            yield chunk[0][0], group
    yield from _measured(source, settings)


def _measured(items: Iterator[tuple[int, Any]], settings: BatchSettings) -> Iterator[tuple[int, list[Any]]]:
    """The batches of ``batches``, each item measured as it arrives."""
    envelope = json_size(settings.child_input([]))
    limit = settings.max_items
    current: list[Any] = []
    first = 0
    size = envelope
    for index, item in items:
        added = json_size(item) + (1 if current else 0)
        if current and ((limit is not None and len(current) >= limit) or size + added > settings.max_bytes):
            yield first, current
            current, size, added = [], envelope, added - 1
        if not current:
            first = index
        current.append(item)
        size += added
    if current:
        yield first, current
