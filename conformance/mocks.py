"""Answers for a case's Task states, from the results AWS recorded (``task_results``).

Each Task state gets a callable ``(input) -> answer`` in the engine's mock shape
(``{"Return": ...}`` / ``{"Throw": {"Error", "Cause"}}``). Results are used per state in
recorded order; when one state is answered several times (retries, Parallel branches, Map
iterations) the first unused result whose recorded input matches the actual input wins,
so the interleaving our engine happens to choose does not matter. An input that matches
no recorded one falls back to the recorded order.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from conformance.compare import MISSING, json_difference
from conformance.placeholders import restore, substitute, text_matches

NO_RESULT_ERROR = "Conformance.NoRecordedResult"
_TIMEOUT_ERROR = "States.Timeout"
_OUTCOME_KEYS = ("result", "error", "cause", "outcome_event")

Answer = dict[str, Any]


def _has_outcome(entry: dict[str, Any]) -> bool:
    return any(k in entry for k in _OUTCOME_KEYS)


def _is_orphan_outcome(entry: dict[str, Any]) -> bool:
    """An outcome the recording split from its scheduling (no event, no input)."""
    return _has_outcome(entry) and not entry.get("event") and "input" not in entry


def merged_results(task_results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``task_results`` with each outcome the recording split off joined back to the
    scheduled task it belongs to: the first one of its state without an outcome. (In
    normalised Parallel histories the events were sorted, so either may come first.)"""
    merged: list[dict[str, Any] | None] = list(task_results)
    for k, entry in enumerate(task_results):
        if not _is_orphan_outcome(entry):
            continue
        owner = next(
            (i for i, m in enumerate(merged)
             if m is not None and m.get("state") == entry.get("state") and not _has_outcome(m)),
            None,
        )
        if owner is not None:
            outcome = {key: entry[key] for key in _OUTCOME_KEYS if key in entry}
            merged[owner] = {**task_results[owner], **outcome}
            merged[k] = None
    return [m for m in merged if m is not None]


def _strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def recorded_texts(expected: Any) -> list[str]:
    """The JSON-object texts anywhere in a case's expected data: where ``cause_text`` looks
    for the way the recording wrote a parsed cause."""
    return [t for t in _strings(expected) if t.startswith("{")]


def cause_text(cause: Any, outcome_event: Any, recorded_texts: Sequence[str] = ()) -> str | None:
    """A recorded cause back as the text the service sent.

    Causes stored parsed (JSON objects) are written back the way the recording shows them
    elsewhere (an error output holds the text); failing that, as Lambda writes them:
    ``json.dumps`` spacing for Lambda ARN tasks, compact for service integrations.
    """
    if cause is None or isinstance(cause, str):
        return cause
    compact = json.dumps(cause, separators=(",", ":"), ensure_ascii=False)
    spaced = json.dumps(cause, ensure_ascii=False)
    styles = [spaced, compact] if str(outcome_event).startswith("LambdaFunction") else [compact, spaced]
    for text in styles:
        if any(t.startswith("{") and text_matches(t, text) for t in recorded_texts):
            return text
    return styles[0]


def answer_for(entry: dict[str, Any], recorded_texts: Sequence[str] = ()) -> Answer:
    """The mock answer standing for one recorded task result (placeholders substituted)."""
    if "result" in entry:
        return {"Return": substitute(entry["result"])}
    outcome = str(entry.get("outcome_event") or "")
    error = entry.get("error")
    if error is None and outcome.endswith("TimedOut"):
        error = _TIMEOUT_ERROR
    if error is None and "cause" not in entry:
        return no_result(str(entry.get("state")), "the recorded task never finished")
    cause = cause_text(entry.get("cause"), outcome, recorded_texts)
    return {"Throw": substitute({"Error": error, "Cause": cause})}


def no_result(state: str, why: str) -> Answer:
    return {"Throw": {"Error": NO_RESULT_ERROR, "Cause": f"state {state!r}: {why}"}}


@dataclass(frozen=True)
class Recorded:
    state: str
    input: Any  # MISSING when the recording has none
    answer: Answer

    def input_matches(self, actual: Any) -> bool:
        return self.input is MISSING or json_difference(self.input, actual) is None


class RecordedTasks:
    """Every recorded task result of one run, shared by the per-state answerers.

    A state takes its own results first (matching input, else recorded order). When none
    of its own match but another state's unused result does, that one is taken: sorted
    Parallel sections left some results under the wrong state name.
    """

    def __init__(self, recorded: Sequence[Recorded]):
        self.recorded = list(recorded)
        self.used = [False] * len(self.recorded)

    def answer(self, state: str, actual_input: Any) -> Answer:
        actual = restore(actual_input)
        free = [i for i, used in enumerate(self.used) if not used]
        own = [i for i in free if self.recorded[i].state == state]
        chosen = next((i for i in own if self.recorded[i].input_matches(actual)), None)
        if chosen is None:
            chosen = next((i for i in free if self.recorded[i].input is not MISSING
                           and self.recorded[i].input_matches(actual)), None)
        if chosen is None and own:
            chosen = own[0]
        if chosen is None:
            total = sum(r.state == state for r in self.recorded)
            return no_result(state, f"invoked more than the {total} time(s) recorded")
        self.used[chosen] = True
        return self.recorded[chosen].answer


@dataclass(frozen=True)
class StateAnswerer:
    """The mock of one Task state: ``(input) -> answer``, as the engine calls it."""

    tasks: RecordedTasks
    state: str

    def __call__(self, actual_input: Any = None) -> Answer:
        return self.tasks.answer(self.state, actual_input)


def task_states(definition: Any) -> set[str]:
    """Names of every Task state of a definition, nested ones included."""
    names: set[str] = set()
    stack = [definition]
    while stack:
        machine = stack.pop()
        states = machine.get("States") if isinstance(machine, dict) else None
        if not isinstance(states, dict):
            continue
        for name, state in states.items():
            if not isinstance(state, dict):
                continue
            if state.get("Type") == "Task":
                names.add(name)
            stack.extend(b for b in state.get("Branches") or [] if isinstance(b, dict))
            stack.extend(state[k] for k in ("ItemProcessor", "Iterator") if isinstance(state.get(k), dict))
    return names


def build_mocks(
    task_results: Iterable[dict[str, Any]], expected: Any = None, definition: Any = None
) -> dict[str, Callable[[Any], Answer]]:
    """Task state name -> answering callable, fresh (nothing used) for one run.

    Every Task state of ``definition`` gets one, recorded or not; ``expected`` (the case's
    expected data) is searched for the text of recorded causes.
    """
    texts = recorded_texts(expected)
    recorded = [
        Recorded(str(entry.get("state")), entry.get("input", MISSING), answer_for(entry, texts))
        for entry in merged_results(list(task_results))
    ]
    tasks = RecordedTasks(recorded)
    states = task_states(definition) | {r.state for r in recorded}
    return {state: StateAnswerer(tasks, state) for state in sorted(states)}
