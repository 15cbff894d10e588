"""Retry/Catch matching and backoff, as AWS's error-handling rules say."""
from __future__ import annotations

import random

import pytest

from asl.core.plan import Retrier
from asl.core.recovery import error_matches, error_output, retry_delay


@pytest.mark.parametrize("patterns, error, expected", [
    (["States.ALL"], "Anything", True),
    (["States.ALL"], None, True),
    (["States.ALL"], "States.Runtime", False),
    (["States.Runtime"], "States.Runtime", False),
    (["States.ALL"], "States.DataLimitExceeded", True),
    (["States.TaskFailed"], "Lambda.Unknown", True),
    (["States.TaskFailed"], "States.Timeout", False),
    (["States.Timeout"], "States.Timeout", True),
    (["A", "B"], "B", True),
    (["A"], "a", False),
])
def test_error_matching(patterns, error, expected):
    assert error_matches(patterns, error) is expected


def test_only_the_first_matching_retrier_counts_and_it_runs_out():
    retriers = [Retrier(("A",), interval=1, max_attempts=2, backoff=3.0), Retrier(("States.ALL",), max_attempts=9)]
    counts = [0, 0]
    rng = random.Random(0)
    assert [retry_delay(retriers, counts, "A", rng) for _ in range(3)] == [1, 3, None]
    assert counts == [2, 0]
    assert retry_delay(retriers, counts, "B", rng) == 1


def test_zero_max_attempts_never_retries():
    assert retry_delay([Retrier(("States.ALL",), max_attempts=0)], [0], "E", random.Random(0)) is None


def test_timeouts_catch_with_an_empty_cause_as_aws_shows_it():
    assert error_output("States.Timeout", None) == {"Error": "States.Timeout", "Cause": ""}
    assert error_output("E", None) == {"Error": "E", "Cause": None}
