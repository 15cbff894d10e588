"""A readable text table of an execution history, for terminals and logs."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

_WIDTH = 70


def _details(event: dict[str, Any]) -> dict[str, Any]:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def state_of(event: dict[str, Any]) -> str:
    """The state an event belongs to, where the event says so."""
    details = _details(event)
    return str(details.get("name") or details.get("state") or "")


def summary(event: dict[str, Any], width: int = _WIDTH) -> str:
    """The interesting part of an event's details, on one line."""
    details = _details(event)
    parts = []
    for key in ("input", "output", "parameters", "error", "cause", "index", "length", "resource"):
        if key in details and details[key] is not None:
            parts.append(f"{key}={details[key]}")
    if "assignedVariables" in details:
        parts.append("assigned=" + ",".join(f"{k}={v}" for k, v in details["assignedVariables"].items()))
    text = " ".join(parts)
    return text if len(text) <= width else text[: width - 1] + "…"


def history_table(history: Iterable[dict[str, Any]]) -> str:
    """One line per event; events that do not name their state (``TaskScheduled``...)
    take it from the event they follow (``previousEventId``)."""
    rows = [("ID", "PREV", "TYPE", "STATE", "ELAPSED", "DETAILS")]
    start: datetime | None = None
    states: dict[int, str] = {}
    for event in history:
        state = state_of(event) or ("" if event["type"].startswith("Execution") else states.get(event["previousEventId"], ""))
        states[event["id"]] = state
        stamp = event.get("timestamp")
        if start is None and isinstance(stamp, datetime):
            start = stamp
        elapsed = ""
        if isinstance(stamp, datetime) and start is not None:
            elapsed = _elapsed((stamp - start).total_seconds())
        rows.append((str(event["id"]), str(event["previousEventId"]), event["type"], state, elapsed, summary(event)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for row in rows:
        cells = [row[i].ljust(widths[i]) if i > 1 else row[i].rjust(widths[i]) for i in range(5)]
        lines.append("  ".join(cells + [row[5]]).rstrip())
    return "\n".join(lines)


def _elapsed(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.3f}s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{int(minutes)}m{secs:06.3f}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{int(hours)}h{int(minutes):02d}m{secs:02.0f}s"
    days, hours = divmod(hours, 24)
    return f"{int(days)}d{int(hours):02d}h{int(minutes):02d}m"
