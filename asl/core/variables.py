"""AWS's quotas on workflow variables: 256 KiB a variable, 256 KiB an ``Assign``, 10 MiB
for all the variables an execution holds at once.

Sizes are those of the values' JSON text, counted when they are assigned. The error name
and wording are ours: AWS documents the quotas but not the failure they cause, and no
recording shows one; we fail the state with ``States.DataLimitExceeded``, the error AWS
uses for every other payload quota.
"""
from __future__ import annotations

from typing import Any

from asl.core.history import json_size
from asl.errors import StatesError

VARIABLE_LIMIT = 256 * 1024
ASSIGN_LIMIT = 256 * 1024
EXECUTION_LIMIT = 10 * 1024 * 1024


def account(assigned: dict[str, Any], held: dict[str, int], total: int) -> int:
    """Check ``assigned`` against the quotas and record its sizes in ``held`` (a frame's
    name -> size); returns the execution's new total, or raises."""
    sizes = {name: json_size(value) for name, value in assigned.items()}
    for name, size in sizes.items():
        if size > VARIABLE_LIMIT:
            raise StatesError("States.DataLimitExceeded",
                              f"The variable '{name}' is {size} bytes, more than the {VARIABLE_LIMIT} bytes allowed.")
    block = sum(sizes.values())
    if block > ASSIGN_LIMIT:
        raise StatesError("States.DataLimitExceeded",
                          f"The Assign block is {block} bytes, more than the {ASSIGN_LIMIT} bytes allowed.")
    total += block - sum(held.get(name, 0) for name in sizes)
    if total > EXECUTION_LIMIT:
        raise StatesError("States.DataLimitExceeded",
                          f"The execution's variables would take {total} bytes, more than the {EXECUTION_LIMIT} bytes allowed.")
    held.update(sizes)
    return total
