"""What the core is told once a task's callable, mock or service (or a Map Run's
executor) answered: the rules every driver shares.

A ``.sync`` job, and a mocked callback task, were submitted and then ended: a
``TaskSubmitted`` then the outcome. A callback task whose callable succeeded was only
*submitted*: its outcome comes later, by token. An activity's callable is its worker, so
its answer is the outcome. Anything else answers with its outcome.
"""
from __future__ import annotations

from typing import Any

from asl.core import messages as m
from asl.core.resources import ACTIVITY, SYNC, classify
from asl.tasks import Outcome


def resolutions_for(call: m.InvokeTask, outcome: Outcome, mocked: bool) -> list[Any]:
    info = classify(call.resource)
    final = m.TaskSucceeded(call.seq, outcome.output) if outcome.ok else m.TaskFailed(call.seq, outcome.error, outcome.cause)
    submitted = {} if outcome.submitted is None else outcome.submitted
    if info.pattern == SYNC or (mocked and call.token is not None and info.family != ACTIVITY):
        return [m.TaskSubmitted(call.seq, submitted), final]
    if call.token is None or info.family == ACTIVITY or not outcome.ok:
        return [final]
    return [m.TaskSubmitted(call.seq, outcome.output if outcome.submitted is None else outcome.submitted)]


def map_run_resolution(seq: int, outcome: Any) -> Any:
    """A Map Run executor's outcome as ``MapRunSucceeded``/``MapRunFailed``."""
    return m.MapRunSucceeded(seq, outcome.output) if outcome.ok else m.MapRunFailed(seq, outcome.error, outcome.cause)
