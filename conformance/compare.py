"""Judging our results against a recording: outcome, history event types, event details.

Every judgement returns the *first* difference (or ``None``), located by a short path
(``output.items[2]``, ``history[5] TaskScheduled.taskScheduledEventDetails.parameters``),
because the first one is what a person fixing the engine needs.

Recording conventions handled here (see ``aws-recorded/README.md``):

* JSON text in events is stored parsed when it started with ``{`` and as text otherwise;
  both sides are brought to JSON values (``json_text``) before they are compared;
* placeholders in expected strings match any text (``placeholders.text_matches``);
* in ``parallel-normalised-history`` cases the events of a Parallel state's branches were
  sorted and renumbered (``id`` ``[0]``, ``previousEventId`` 0) and its closing event
  (``ParallelStateSucceeded``...) dropped; that part is compared as a multiset.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from conformance.placeholders import value_matches


class _Missing:
    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()

# detail members that carry JSON text
TEXT_FIELDS = frozenset({"input", "output", "parameters", "cause"})
# a Parallel state's closing events, dropped from normalised recordings
PARALLEL_END = frozenset({"ParallelStateSucceeded", "ParallelStateFailed", "ParallelStateAborted"})
_SHORT = 70
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*\Z")


@dataclass(frozen=True)
class Difference:
    where: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        exp, act = self.expected, self.actual
        if isinstance(exp, str) and isinstance(act, str) and max(len(exp), len(act)) > _SHORT:
            start = max(0, _common_prefix(exp, act) - _SHORT // 3)
            return f"{self.where}: expected {_window(exp, start)}, got {_window(act, start)}"
        return f"{self.where}: expected {short(exp)}, got {short(act)}"


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def _window(text: str, start: int) -> str:
    """``text`` from ``start`` as a quoted string cut to a readable length, ``…`` marking cuts."""
    piece = json.dumps(text[start : start + _SHORT], ensure_ascii=False)[1:-1]
    return '"' + ("…" if start else "") + piece + ("…" if start + _SHORT < len(text) else "") + '"'


def short(value: Any) -> str:
    """A one-line rendering of a JSON value, cut to a readable length."""
    if value is MISSING:
        return "(missing)"
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _child(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    if isinstance(key, str) and _IDENTIFIER.match(key):
        return f"{where}.{key}" if where else key
    return f"{where}[{json.dumps(key, default=str)}]"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _scalar_equal(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str):
        return value_matches(expected, actual)
    if _is_number(expected):
        return _is_number(actual) and expected == actual
    return type(expected) is type(actual) and expected == actual


def json_difference(expected: Any, actual: Any, where: str = "") -> Difference | None:
    """The first place where JSON value ``actual`` is not what ``expected`` stands for.

    Objects compare without regard to key order, numbers by value (``1`` equals ``1.0``,
    never ``true``), strings through the recording's placeholders. Iterative, so any
    nesting depth is fine.
    """
    stack: list[tuple[bool, Any, Any, str]] = [(False, expected, actual, where)]
    while stack:
        length_check, exp, act, at = stack.pop()
        if length_check:  # reached once every common item compared equal
            if len(exp) != len(act):
                i = min(len(exp), len(act))
                return Difference(_child(at, i), exp[i] if i < len(exp) else MISSING,
                                  act[i] if i < len(act) else MISSING)
        elif isinstance(exp, dict) and isinstance(act, dict):
            extra = [k for k in act if k not in exp]
            if extra:
                return Difference(_child(at, extra[0]), MISSING, act[extra[0]])
            stack.extend(reversed([(False, exp[k], act.get(k, MISSING), _child(at, k)) for k in exp]))
        elif isinstance(exp, list) and isinstance(act, list):
            stack.append((True, exp, act, at))
            stack.extend(reversed([(False, e, a, _child(at, i)) for i, (e, a) in enumerate(zip(exp, act))]))
        elif not _scalar_equal(exp, act):
            return Difference(at or "value", exp, act)
    return None


def json_text(value: Any) -> Any:
    """JSON text as the JSON value it stands for; anything else unchanged."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# ---------------------------------------------------------------- outcome


def outcome_difference(
    expected: Any, status: Any, output: Any, error: Any, cause: Any
) -> Difference | None:
    """Status equal; then the output (succeeded) or error and cause (failed)."""
    if status != expected.status:
        return Difference("status", expected.status, status)
    if status == "SUCCEEDED":
        return json_difference(expected.output, output, "output")
    if status == "FAILED":
        return json_difference(expected.error, error, "error") or json_difference(
            json_text(expected.cause), json_text(cause), "cause"
        )
    return None


# ---------------------------------------------------------------- history events


def event_details(event: Any) -> dict[str, Any]:
    """The ``*EventDetails`` members of one event, JSON text brought to JSON values and
    empty detail objects dropped (an absent one and ``{}`` say the same)."""
    if not isinstance(event, dict):
        return {}
    return {
        key: _normal_details(value)
        for key, value in event.items()
        if isinstance(key, str) and key.endswith("EventDetails") and value not in ({}, None)
    }


def _normal_details(details: Any) -> Any:
    if not isinstance(details, dict):
        return details
    normal = {}
    for member, value in details.items():
        if member in TEXT_FIELDS:
            value = json_text(value)
        elif member == "assignedVariables" and isinstance(value, dict):
            value = {name: json_text(text) for name, text in value.items()}
        normal[member] = value
    return normal


def _field(event: Any, key: str) -> Any:
    return event.get(key, MISSING) if isinstance(event, dict) else MISSING


def _type(event: Any) -> Any:
    return _field(event, "type")


@dataclass(frozen=True)
class Segment:
    """A run of recorded events, with where it falls in our history.

    ``ordered`` runs compare event by event; the others (normalised Parallel branches)
    as a multiset, ours holding ``dropped`` more events: the Parallel's closing event(s)
    the recording left out.
    """

    ordered: bool
    recorded: Sequence[Any]
    actual: Sequence[Any]
    start: int
    dropped: int = 0


def _is_renumbered(event: Any) -> bool:
    return isinstance(event, dict) and isinstance(event.get("id"), list)


def _runs(recorded: Sequence[Any], normalised: bool) -> Iterator[tuple[bool, int, int]]:
    i = 0
    while i < len(recorded):
        ordered = not (normalised and _is_renumbered(recorded[i]))
        j = i
        while j < len(recorded) and (not (normalised and _is_renumbered(recorded[j]))) == ordered:
            j += 1
        yield ordered, i, j
        i = j


def _dropped(recorded: Sequence[Any], i: int, j: int) -> int:
    """How many event ids are missing around the renumbered run ``recorded[i:j]``."""
    before = _field(recorded[i - 1], "id") if i > 0 else None
    after = _field(recorded[j], "id") if j < len(recorded) else None
    if not (isinstance(before, int) and isinstance(after, int)):
        return 0
    return max(0, after - before - 1 - (j - i))


def segments(recorded: Sequence[Any], actual: Sequence[Any], normalised: bool) -> tuple[list[Segment], int]:
    """The recording cut into runs, each paired with the part of ours at the same place;
    also where ours continues after the last run."""
    out: list[Segment] = []
    pos = 0
    for ordered, i, j in _runs(recorded, normalised):
        dropped = 0 if ordered else _dropped(recorded, i, j)
        size = j - i + dropped
        out.append(Segment(ordered, recorded[i:j], actual[pos : pos + size], pos, dropped))
        pos += size
    return out, pos


def types_difference(recorded: Sequence[Any], actual: Sequence[Any], normalised: bool = False) -> Difference | None:
    """The first place where our event *type sequence* departs from the recording."""
    if not isinstance(actual, list):
        return Difference("history", "a list of events", actual)
    parts, end = segments(recorded, actual, normalised)
    for seg in parts:
        found = _ordered_types(seg) if seg.ordered else _unordered_types(seg)
        if found:
            return found
    if end < len(actual):
        return Difference(f"history[{end}]", MISSING, _type(actual[end]))
    return None


def _ordered_types(seg: Segment) -> Difference | None:
    for k, event in enumerate(seg.recorded):
        if k >= len(seg.actual) or _type(seg.actual[k]) != _type(event):
            got = _type(seg.actual[k]) if k < len(seg.actual) else MISSING
            return Difference(f"history[{seg.start + k}].type", _type(event), got)
    return None


def _unordered_types(seg: Segment) -> Difference | None:
    want = Counter(_type(e) for e in seg.recorded)
    got = Counter(_type(e) for e in seg.actual)
    missing, extra = want - got, got - want
    closing = sum(n for t, n in extra.items() if t in PARALLEL_END)
    unexpected = {t: n for t, n in extra.items() if t not in PARALLEL_END}
    if not missing and not unexpected and closing == seg.dropped:
        return None
    where = f"history[{seg.start}:{seg.start + len(seg.actual)}] (unordered Parallel branches)"
    if not missing and not unexpected:
        return Difference(f"{where} closing events", seg.dropped, closing)
    return Difference(where, dict(missing), dict(unexpected))


def details_difference(recorded: Sequence[Any], actual: Sequence[Any], normalised: bool = False) -> Difference | None:
    """The first event whose id, previousEventId or details differ (types assumed equal)."""
    found = types_difference(recorded, actual, normalised)
    if found:
        return found
    parts, _ = segments(recorded, actual, normalised)
    for seg in parts:
        found = _ordered_details(seg) if seg.ordered else _unordered_details(seg)
        if found:
            return found
    return None


def event_difference(expected: Any, actual: Any, where: str, ids: bool = True) -> Difference | None:
    """How one of our events differs from a recorded one (the timestamp never counts)."""
    if not isinstance(actual, dict):
        return Difference(where, "an event", actual)
    if ids:
        for key in ("id", "previousEventId"):
            if not _scalar_equal(_field(expected, key), _field(actual, key)):
                return Difference(f"{where}.{key}", _field(expected, key), _field(actual, key))
    return json_difference(event_details(expected), event_details(actual), where)


def _ordered_details(seg: Segment) -> Difference | None:
    for event, ours, k in zip(seg.recorded, seg.actual, range(seg.start, seg.start + len(seg.actual))):
        found = event_difference(event, ours, f"history[{k}] {_type(event)}")
        if found:
            return found
    return None


def _unordered_details(seg: Segment) -> Difference | None:
    """Each recorded event must match a distinct one of ours (first fit, ids not compared)."""
    unused = [e for e in seg.actual if _type(e) not in PARALLEL_END]
    where = f"history[{seg.start}:{seg.start + len(seg.actual)}] (unordered Parallel branches)"
    for event in seg.recorded:
        candidates = [a for a in unused if _type(a) == _type(event)]
        match = next((a for a in candidates if not event_difference(event, a, "", ids=False)), None)
        if match is None:
            nearest = event_difference(event, candidates[0], f"{where} {_type(event)}", ids=False) if candidates else None
            return nearest or Difference(f"{where} {_type(event)}", event_details(event), MISSING)
        unused.remove(match)
    return None
