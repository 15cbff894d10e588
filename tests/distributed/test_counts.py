"""Map Run counters and the tolerated-failure rule at its exact boundaries."""
from __future__ import annotations

import pytest

from asl.distributed.counts import Counts, Tolerance


@pytest.mark.parametrize("percentage, failed, total, exceeded", [
    (10, 100, 1000, False), (10, 101, 1000, True),
    (10.1, 101, 1000, False), (10.1, 102, 1000, True),
    (0.1, 1, 1000, False), (0.1, 2, 1000, True),
    (14.3, 143, 1000, False), (33.3, 1, 3, True), (33.4, 1, 3, False),
    (0, 0, 10, False), (0, 1, 10, True), (100, 10, 10, False),
])
def test_percentage_is_decided_over_all_items_as_the_decimal_written(percentage, failed, total, exceeded):
    assert Tolerance(None, percentage).exceeded(failed, total) is exceeded


def test_count_is_exceeded_past_the_count_and_needs_no_total():
    assert not Tolerance(5, None).exceeded(5, None)
    assert Tolerance(5, None).exceeded(6, None)


def test_percentage_waits_for_the_total():
    assert not Tolerance(None, 10).exceeded(500, None)
    assert Tolerance(None, 10).exceeded(500, 1000)


def test_either_threshold_breached_fails_and_none_configured_is_reported():
    assert Tolerance(10, 50).exceeded(11, 1000)
    assert Tolerance(100, 1).exceeded(11, 1000)
    assert not Tolerance(None, None).configured and Tolerance(0, None).configured


def test_counts_in_describe_map_runs_shape():
    counts = Counts()
    counts.add("SUCCEEDED", 3)
    counts.add("TIMED_OUT")
    counts.add_pending(2)
    assert counts.as_aws() == {"pending": 2, "running": 0, "succeeded": 3, "failed": 0, "timedOut": 1, "aborted": 0,
                               "total": 6, "resultsWritten": 0, "failuresNotRedrivable": 0, "pendingRedrive": 0}
