"""Timestamps as AWS parses them (Wait, Choice) and writes them (context object)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.expr.timestamps import format_timestamp, parse_timestamp, timestamp_key


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2012-10-09T19:00:55Z", datetime(2012, 10, 9, 19, 0, 55, tzinfo=timezone.utc)),
        ("2016-03-14T01:59:00Z", datetime(2016, 3, 14, 1, 59, tzinfo=timezone.utc)),
        ("2012-10-09T19:00:55+01:00", datetime(2012, 10, 9, 18, 0, 55, tzinfo=timezone.utc)),
        ("2012-10-09T19:00:55-05:30", datetime(2012, 10, 10, 0, 30, 55, tzinfo=timezone.utc)),
        ("2025-01-15T10:30:01.500Z", datetime(2025, 1, 15, 10, 30, 1, 500000, tzinfo=timezone.utc)),
        ("2012-10-09T19:00Z", datetime(2012, 10, 9, 19, 0, tzinfo=timezone.utc)),  # seconds optional
        ("2024-02-29T00:00:00Z", datetime(2024, 2, 29, tzinfo=timezone.utc)),
    ],
)
def test_valid_timestamps_parse_to_the_instant(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2016-13-05T21:29:29Z",  # AWS-recorded rejections (aws-validation wait_timestamp_invalid)
        "05-12-2016T21:29:29Z",
        "2016-12-05T25:29:29Z",
        "2016-12-05T21:29:29",
        "2023-02-24 12:15:56.832957",  # recorded IsTimestamp/TimestampEquals input: not a timestamp
        "2023-02-24",
        "2012-10-09t19:00:55z",
        "2023-02-29T00:00:00Z",
        "2012-10-09T19:00:55+19:00",
        "2012-10-09T19:00:55.Z",
        "2012-10-09T19:00:55.1234567890Z",
        "",
        "date",
    ],
)
def test_invalid_timestamps_are_none(text: str) -> None:
    assert parse_timestamp(text) is None
    assert timestamp_key(text) is None


@pytest.mark.parametrize("value", [None, 0, 1.5, True, [], {}])
def test_non_strings_are_not_timestamps(value: object) -> None:
    assert parse_timestamp(value) is None


def test_keys_order_instants_across_offsets_and_nanoseconds() -> None:
    assert timestamp_key("2012-10-09T19:00:55Z") == timestamp_key("2012-10-09T20:00:55+01:00")
    assert timestamp_key("2012-10-09T19:00:55.000000001Z") > timestamp_key("2012-10-09T19:00:55Z")
    assert timestamp_key("2012-10-09T19:00:55.000000001Z") < timestamp_key("2012-10-09T19:00:55.000001Z")
    assert timestamp_key("1969-12-31T23:59:59.5Z") < timestamp_key("1970-01-01T00:00:00Z")


@pytest.mark.parametrize(
    "epoch, text",
    [
        (0, "1970-01-01T00:00:00.000Z"),
        (1735689600.0, "2025-01-01T00:00:00.000Z"),
        (1736937000.0, "2025-01-15T10:30:00.000Z"),  # the context recorded in aws-teststate
        (1736937001.5, "2025-01-15T10:30:01.500Z"),
        (1735689600.123, "2025-01-01T00:00:00.123Z"),
    ],
)
def test_format_timestamp_matches_the_context_object_form(epoch: float, text: str) -> None:
    assert format_timestamp(epoch) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parsing_any_text_never_raises(text: str) -> None:
    result = parse_timestamp(text)
    assert result is None or result.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-2_000_000_000_000, max_value=200_000_000_000_000))
def test_formatted_timestamps_parse_back_to_the_same_millisecond(millis: int) -> None:
    text = format_timestamp(millis / 1000)
    parsed = parse_timestamp(text)
    assert parsed == datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=millis)
