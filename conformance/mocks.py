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
from collections import defaultdict
from dataclasses import dataclass, field
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


@dataclass
class RecordedAnswers:
    """The answers of one Task state; called by the engine once per invocation."""

    state: str
    inputs: list[Any]  # recorded input per answer (MISSING when not recorded)
    answers: list[Answer]
    used: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.used = [False] * len(self.answers)

    def __call__(self, actual_input: Any = None) -> Answer:
        free = [i for i, u in enumerate(self.used) if not u]
        if not free:
            return no_result(self.state, f"invoked more than the {len(self.answers)} time(s) recorded")
        actual = restore(actual_input)
        chosen = next((i for i in free if self._input_matches(i, actual)), free[0])
        self.used[chosen] = True
        return self.answers[chosen]

    def _input_matches(self, i: int, actual: Any) -> bool:
        recorded = self.inputs[i]
        return recorded is MISSING or json_difference(recorded, actual) is None


def build_mocks(task_results: Iterable[dict[str, Any]], expected: Any = None) -> dict[str, Callable[[Any], Answer]]:
    """State name -> answering callable, fresh (nothing used) for one run.

    ``expected`` (the case's expected data) is searched for the text of recorded causes.
    """
    texts = [t for t in _strings(expected) if t.startswith("{")]
    inputs: dict[str, list[Any]] = defaultdict(list)
    answers: dict[str, list[Answer]] = defaultdict(list)
    for entry in merged_results(list(task_results)):
        state = str(entry.get("state"))
        inputs[state].append(entry.get("input", MISSING))
        answers[state].append(answer_for(entry, texts))
    return {state: RecordedAnswers(state, inputs[state], answers[state]) for state in answers}
