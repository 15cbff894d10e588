"""RFC 3339 timestamps as Step Functions reads and writes them.

AWS parses Wait ``Timestamp``/``TimestampPath`` values and Choice ``Timestamp*`` operands
with Java's ISO-8601 *extended offset date-time* format (its run-time error says so:
"does not reference a valid ISO-8601 extended offset date-time format string"). That
format is stricter than RFC 3339 in some ways (upper-case ``T``, an offset is required,
real calendar dates only) and looser in others (seconds may be left out, fractions go
down to nanoseconds), so we parse it by hand rather than with ``datetime.fromisoformat``,
whose accepted set differs between Python versions.

Comparisons must not lose the nanoseconds that ``datetime`` cannot hold, so
``timestamp_key`` gives an exact ``(epoch_seconds, nanoseconds)`` pair for ordering, and
``parse_timestamp`` gives a ``datetime`` (microsecond precision) for everything else.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_TIMESTAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,9}))?)?"
    r"(?:(?P<zulu>Z)|(?P<sign>[+-])(?P<off_h>[0-9]{2}):(?P<off_m>[0-9]{2})(?::(?P<off_s>[0-9]{2}))?)",
    re.ASCII,
)
_MAX_OFFSET_SECONDS = 18 * 3600
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _parts(text: object) -> tuple[datetime, int] | None:
    """The UTC instant (to the microsecond) and the full nanosecond fraction, or None."""
    if not isinstance(text, str):
        return None
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    fraction = (match["fraction"] or "").ljust(9, "0")
    nanos = int(fraction)
    offset = _offset_seconds(match)
    if offset is None:
        return None
    try:
        local = datetime(
            int(match["year"]), int(match["month"]), int(match["day"]),
            int(match["hour"]), int(match["minute"]), int(match["second"] or 0),
            nanos // 1000, tzinfo=timezone(timedelta(seconds=offset)),
        )
    except ValueError:  # 2016-13-05, 25:29, Feb 30, ...
        return None
    return local, nanos


def _offset_seconds(match: re.Match[str]) -> int | None:
    if match["zulu"]:
        return 0
    hours, minutes = int(match["off_h"]), int(match["off_m"])
    seconds = int(match["off_s"] or 0)
    if minutes > 59 or seconds > 59:
        return None
    total = hours * 3600 + minutes * 60 + seconds
    if total > _MAX_OFFSET_SECONDS:
        return None
    return -total if match["sign"] == "-" else total


def parse_timestamp(text: object) -> datetime | None:
    """An aware ``datetime`` for a valid AWS timestamp string, else ``None``."""
    parts = _parts(text)
    return None if parts is None else parts[0]


def timestamp_key(text: object) -> tuple[int, int] | None:
    """``(whole epoch seconds, nanoseconds)``: orders instants exactly, offsets included."""
    parts = _parts(text)
    if parts is None:
        return None
    moment, nanos = parts
    whole = (moment.replace(microsecond=0) - _EPOCH) // timedelta(seconds=1)
    return whole, nanos


def format_timestamp(epoch_seconds: float) -> str:
    """The context-object form AWS uses for ``$$.Execution.StartTime`` and
    ``$$.State.EnteredTime``: UTC, milliseconds, ``Z`` (``2025-01-15T10:30:00.000Z``).

    Rounds to the nearest millisecond: virtual times are usually whole milliseconds
    that a float cannot hold exactly (``0.123`` is ``0.12299999...``).
    """
    return format_epoch_millis(round(epoch_seconds * 1000))


def format_epoch_millis(millis: int) -> str:
    """``format_timestamp`` of a whole number of milliseconds (JSONata's ``$now()``)."""
    moment = _EPOCH + timedelta(milliseconds=millis)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )
