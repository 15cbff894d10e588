"""Retry and Catch: which errors a retrier or catcher takes, and how long to back off.

AWS's matching rules: ``States.ALL`` matches every error except ``States.Runtime``
(recordings show it catching ``States.DataLimitExceeded`` from a task result, although
AWS's guide says otherwise); ``States.TaskFailed`` matches every error except
``States.Timeout`` and ``States.Runtime``; ``States.Runtime`` is never retried nor caught,
even when named. Only the *first* retrier whose ``ErrorEquals`` matches is considered; once
its attempts are spent the error goes to the catchers.
"""
from __future__ import annotations

import random
from typing import Any, Optional, Sequence

from asl.core.plan import Catcher, Retrier

NEVER_HANDLED = "States.Runtime"
_NOT_IN_ALL = frozenset({"States.Runtime"})
_NOT_IN_TASK_FAILED = frozenset({"States.Runtime", "States.Timeout"})


def error_matches(patterns: Sequence[str], error: Optional[str]) -> bool:
    if error == NEVER_HANDLED:
        return False
    for pattern in patterns:
        if pattern == error:
            return True
        if pattern == "States.ALL" and error not in _NOT_IN_ALL:
            return True
        if pattern == "States.TaskFailed" and error not in _NOT_IN_TASK_FAILED:
            return True
    return False


def retry_delay(
    retriers: Sequence[Retrier], attempts: list[int], error: Optional[str], rng: random.Random
) -> Optional[float]:
    """Seconds to wait before the next attempt, or None when no retry applies.

    ``attempts`` holds per-retrier counters for the current state visit and is updated.
    """
    for index, retrier in enumerate(retriers):
        if not error_matches(retrier.errors, error):
            continue
        done = attempts[index]
        if done >= retrier.max_attempts:
            return None
        attempts[index] = done + 1
        delay = retrier.interval * (retrier.backoff ** done)
        if retrier.max_delay is not None:
            delay = min(delay, retrier.max_delay)
        if retrier.full_jitter:
            delay = rng.uniform(0.0, delay)
        return delay
    return None


def find_catcher(catchers: Sequence[Catcher], error: Optional[str]) -> Optional[Catcher]:
    for catcher in catchers:
        if error_matches(catcher.errors, error):
            return catcher
    return None


def error_output(error: Optional[str], cause: Optional[str]) -> dict[str, Any]:
    """What a Catcher passes on; a timed-out task's missing cause shows as ``""`` on AWS."""
    if cause is None and error == "States.Timeout":
        cause = ""
    return {"Error": error, "Cause": cause}
