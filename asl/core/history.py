"""The execution history, recorded cheaply and shown in AWS's GetExecutionHistory shape.

The interpreter records events in an ``EventLog`` (columns of Python values); the
JSON text AWS puts in ``input``/``output``/``parameters``/``assignedVariables`` is only
produced when someone reads the history (``materialize``). That keeps a state transition
down to a few microseconds, which matters for workflows with tens of thousands of them.
Values recorded here are never mutated afterwards (the core copies on write), so encoding
them late gives the same text as encoding them at once.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any, Iterator, Sequence, overload

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def to_json_text(value: Any) -> str:
    """Compact JSON text, as AWS writes payloads into events and error causes."""
    return _encode(value)


def json_size(value: Any) -> int:
    """Bytes of ``value`` as compact UTF-8 JSON text, the way AWS measures payloads.

    JSON text may escape half a surrogate pair (``"\\ud800"``) and Python keeps it as is:
    it counts as the 3 bytes UTF-8 gives any such code point rather than failing.
    """
    text = _encode(value)
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


class Event(tuple):
    """One history event: ``(id, prev, ts, type, details)``, ``details`` holding raw values
    (see module docstring). The interpreter records events in an ``EventLog``, which
    hands out ``Event`` tuples as they are read; ``new_event`` builds one."""

    __slots__ = ()
    id = property(itemgetter(0))
    prev = property(itemgetter(1))
    ts = property(itemgetter(2))
    type = property(itemgetter(3))
    details = property(itemgetter(4))

    def __repr__(self) -> str:
        return f"Event({self[0]}, prev={self[1]}, {self[3]})"


_tuple_new = tuple.__new__


def new_event(event_id: int, prev: int, ts: float, type_: str, details: dict[str, Any] | None) -> Event:
    return _tuple_new(Event, (event_id, prev, ts, type_, details))


class EventLog(Sequence):
    """An execution's events as parallel lists (an event's id is its position + 1).

    The interpreter records tens of thousands of events; an object per event would cost
    an allocation each and, being a container, a visit from every cyclic garbage
    collection afterwards. Columns of ints, floats and strings cost neither. Most events
    are a state's entry or exit, whose details are only its name and a payload: those
    keep the name in ``state`` and the payload itself in ``details``, and get their
    details dict back when read (``state`` is None for every other event, whose
    ``details`` is the dict). Readers index, slice and iterate it like a list of
    ``Event``. The hot paths (``ExecutionCore.emit``, ``states.enter`` and ``leave``)
    append to the columns directly: ``add`` is the same for everyone else.
    """

    __slots__ = ("prev", "ts", "type", "state", "details")

    def __init__(self) -> None:
        self.prev: list[int] = []
        self.ts: list[float] = []
        self.type: list[str] = []
        self.state: list[str | None] = []
        self.details: list[Any] = []

    def add(self, prev: int, ts: float, type_: str, details: dict[str, Any] | None) -> int:
        self.prev.append(prev)
        self.ts.append(ts)
        self.type.append(type_)
        self.state.append(None)
        self.details.append(details)
        return len(self.type)

    def __len__(self) -> int:
        return len(self.type)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return [self._event(i) for i in range(*index.indices(len(self.type)))]
        if index < 0:
            index += len(self.type)
        if not 0 <= index < len(self.type):
            raise IndexError("event index out of range")
        return self._event(index)

    def __iter__(self) -> Iterator[Event]:
        for i in range(len(self.type)):
            yield self._event(i)

    def _event(self, i: int) -> Event:
        type_, state, details = self.type[i], self.state[i], self.details[i]
        if state is not None:
            details = {"name": state, "input" if type_.endswith("Entered") else "output": details}
        return _tuple_new(Event, (i + 1, self.prev[i], self.ts[i], type_, details))

    def __repr__(self) -> str:
        return f"EventLog({len(self)} events)"


_JSON_TEXT_FIELDS = ("input", "output", "parameters")
_TRUNCATED = {"truncated": False}


def error_details(error: str | None, cause: str | None) -> dict[str, Any]:
    """The ``error``/``cause`` members of a failure event: AWS leaves out the absent ones."""
    details: dict[str, Any] = {}
    if error is not None:
        details["error"] = error
    if cause is not None:
        details["cause"] = cause
    return details


def details_member(event_type: str) -> str:
    """The name AWS gives the details member of an event type."""
    if event_type.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if event_type.endswith("StateExited"):
        return "stateExitedEventDetails"
    return event_type[0].lower() + event_type[1:] + "EventDetails"


def _materialize_details(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _JSON_TEXT_FIELDS:
            out[key] = to_json_text(value)
            if key != "parameters":
                out[key + "Details"] = dict(_TRUNCATED)
        elif key == "assignedVariables":
            out[key] = {name: to_json_text(v) for name, v in value.items()}
            out["assignedVariablesDetails"] = dict(_TRUNCATED)
        else:
            out[key] = value
    return out


def timestamp(ts: float) -> datetime:
    """Epoch seconds as the timezone-aware datetime boto3 returns, to the millisecond."""
    return datetime.fromtimestamp(round(ts, 3), tz=timezone.utc)


def materialize(event: Event) -> dict[str, Any]:
    """One event in the shape of an item of GetExecutionHistory's ``events``."""
    out: dict[str, Any] = {
        "timestamp": timestamp(event.ts),
        "type": event.type,
        "id": event.id,
        "previousEventId": event.prev,
    }
    if event.details is not None:
        out[details_member(event.type)] = _materialize_details(event.details)
    return out


def json_safe(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history with timestamps as ISO-8601 text, ready for ``json.dumps``."""
    out = []
    for e in history:
        e = dict(e)
        ts = e.get("timestamp")
        if isinstance(ts, datetime):
            e["timestamp"] = ts.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        out.append(e)
    return out


class History(Sequence):
    """An execution's events, read-only, in GetExecutionHistory's shape.

    Events are turned into dicts as they are read, not kept: a Map over 10,000 items
    records some 80,000 events, and holding them all as dicts would cost more memory
    than the run. Indexing, slicing, ``len`` and iteration work as on a list; compare
    with a list with ``==``, or call ``list(history)`` for a real one.
    """

    __slots__ = ("_events", "_end")

    def __init__(self, events: Sequence[Event], end: int | None = None):
        self._events = events
        self._end = len(events) if end is None else end

    def __len__(self) -> int:
        return self._end

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            events = self._events
            return [materialize(events[i]) for i in range(*index.indices(self._end))]
        if index < 0:
            index += self._end
        if not 0 <= index < self._end:
            raise IndexError("history index out of range")
        return materialize(self._events[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        events = self._events
        for i in range(self._end):
            yield materialize(events[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (History, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"History({len(self)} events)"

    def to_list(self) -> list[dict[str, Any]]:
        return list(self)
