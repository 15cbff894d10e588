"""A Map Run's counters (DescribeMapRun's ``itemCounts``/``executionCounts``) and its
tolerated-failure rule.

Failures are counted in items: a failed child of a batch fails all its items. The rule
is decided over all items at exact boundaries: ``ToleratedFailurePercentage: 10`` lets
100 failures of 1,000 items pass and fails at 101. The percentage is compared as the
decimal the definition wrote (``10.1`` is 101/10, not the float nearest to it), so a
boundary never moves by a rounding error.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Optional

THRESHOLD_ERROR = "States.ExceedToleratedFailureThreshold"
THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded"

# A child's final status -> the counter it adds to (TIMED_OUT and ABORTED are failures
# for the threshold, as AWS's FAILED result file holds all three).
STATUS_COUNTER = {"SUCCEEDED": "succeeded", "FAILED": "failed", "TIMED_OUT": "timed_out", "ABORTED": "aborted"}

_AWS_NAMES = {"timed_out": "timedOut", "results_written": "resultsWritten"}


@dataclass
class Counts:
    pending: int = 0
    running: int = 0
    succeeded: int = 0
    failed: int = 0
    timed_out: int = 0
    aborted: int = 0
    total: int = 0
    results_written: int = 0

    def add(self, status: str, number: int = 1) -> None:
        name = STATUS_COUNTER.get(status, "failed")
        setattr(self, name, getattr(self, name) + number)
        self.total += number

    def add_pending(self, number: int = 1) -> None:
        self.pending += number
        self.total += number

    def as_aws(self) -> dict[str, int]:
        """DescribeMapRun's shape (nothing here is redriven, so those counters are 0)."""
        out = {_AWS_NAMES.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}
        out.update(failuresNotRedrivable=0, pendingRedrive=0)
        return out


class Tolerance:
    """``ToleratedFailureCount``/``ToleratedFailurePercentage``; either one breached fails
    the Map Run. With neither, the first failure decides (see ``configured``)."""

    def __init__(self, count: Optional[int], percentage: Optional[float]):
        self.count = count
        self.percentage = None if percentage is None else Decimal(repr(percentage))

    @property
    def configured(self) -> bool:
        return self.count is not None or self.percentage is not None

    def exceeded(self, failed_items: int, total_items: Optional[int]) -> bool:
        """``total_items`` None: the total is not known yet, so only the count decides."""
        if self.count is not None and failed_items > self.count:
            return True
        if self.percentage is None or not total_items:
            return False
        return Decimal(failed_items * 100) > self.percentage * total_items
