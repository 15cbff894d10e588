"""Questions a test asks of an ``ExecutionResult``: which states ran, with what input and
output, how often a state was retried, and whether the path was the expected one.

Visits are read from the history (the source of truth, as on AWS): each
``*StateEntered`` event starts a visit and the ``*StateExited`` event reached from it by
``previousEventId`` links ends it, so iterations of a Map or branches of a Parallel that
enter the same state never get their inputs and outputs mixed up.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

_NOT_EXITED: Any = None


@dataclass(frozen=True)
class Visit:
    """One entry into a state: its input, and its output once it exited (``exited``)."""

    state: str
    type: str
    input: Any
    output: Any
    exited: bool
    entered_event: int


class PathMismatch(AssertionError):
    """The execution did not take the expected path; the message shows a diff."""


def visits(result: Any, state: Optional[str] = None) -> list[Visit]:
    """Every visit, in the order states were entered (only ``state``'s when given)."""
    events = list(result.history)
    by_id = {e["id"]: e for e in events}
    exits = _exits_by_entry(events, by_id)
    found = []
    for event in events:
        kind = event["type"]
        if not kind.endswith("StateEntered"):
            continue
        details = event.get("stateEnteredEventDetails", {})
        name = details.get("name")
        if state is not None and name != state:
            continue
        exited = exits.get(event["id"])
        found.append(Visit(
            state=name,
            type=kind[: -len("StateEntered")],
            input=_parse(details.get("input")),
            output=_parse(exited.get("output")) if exited is not None else _NOT_EXITED,
            exited=exited is not None,
            entered_event=event["id"],
        ))
    return found


def _exits_by_entry(events: Sequence[dict[str, Any]], by_id: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Entered event id -> the exited event's details, following each exit's chain back."""
    found: dict[int, dict[str, Any]] = {}
    for event in events:
        if not event["type"].endswith("StateExited"):
            continue
        details = event.get("stateExitedEventDetails", {})
        entry = _entry_of(event, details.get("name"), by_id, found)
        if entry is not None:
            found[entry] = details
    return found


def _entry_of(event: dict[str, Any], name: Any, by_id: dict[int, dict[str, Any]], taken: dict[int, Any]) -> Optional[int]:
    current = by_id.get(event.get("previousEventId"))
    seen = 0
    while current is not None and seen <= len(by_id):
        seen += 1
        if current["type"].endswith("StateEntered") and current["id"] not in taken:
            if current.get("stateEnteredEventDetails", {}).get("name") == name:
                return current["id"]
        current = by_id.get(current.get("previousEventId"))
    return None


def _parse(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def state_inputs(result: Any, state: str) -> list[Any]:
    return [v.input for v in visits(result, state)]


def state_outputs(result: Any, state: str) -> list[Any]:
    """Outputs of the visits of ``state`` that exited (a failed visit has none)."""
    return [v.output for v in visits(result, state) if v.exited]


def retries(result: Any, state: Optional[str] = None) -> Any:
    """How many times ``state`` was retried; without a state, a dict of every retried state."""
    counts: dict[str, int] = {}
    for source, _target, kind, _index in result.transitions:
        if kind == "retry":
            counts[source] = counts.get(source, 0) + 1
    return counts if state is None else counts.get(state, 0)


def assert_path(result: Any, expected: Iterable[str]) -> None:
    """Fail with a readable diff unless the states entered are exactly ``expected``."""
    want, got = list(expected), list(result.path)
    if want == got:
        return
    lines = difflib.ndiff(want, got)
    shown = "\n".join(_diff_line(line) for line in lines if not line.startswith("?"))
    raise PathMismatch(
        f"the execution's path differs from the expected one ({len(want)} expected, {len(got)} taken; "
        f"status {result.status}):\n{shown}\n(- expected only, + taken only)"
    )


def _diff_line(line: str) -> str:
    return f"  {line[0]} {line[2:]}" if line[0] in "+-" else f"    {line[2:]}"


def assert_visited(result: Any, *states: str) -> None:
    """Fail unless every one of ``states`` was entered at least once."""
    missing = [s for s in states if s not in result.path]
    if missing:
        raise PathMismatch(f"never entered: {', '.join(missing)}; the path was: {' -> '.join(result.path)}")
