"""An execution's write-ahead log: every step stored before its commands run, and replay.

``StoreJournal`` is the driver's journal: it turns each step (the resolution fed to the
core, the time, the new events, how the pending commands changed, the new status) into
one ``StepRecord`` that the store writes in one transaction, *before* the driver carries
out the step's commands. ``rebuild`` is the way back after a crash: a fresh core replays
the stored steps; the regenerated events and pending commands must equal the stored
ones, else the execution is reported with a ``NondeterminismError`` naming the first
difference and left alone.
"""
from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Optional

from asl.core import messages as m
from asl.core.history import Event, to_json_text
from asl.drivers.aio import REDRIVE, AsyncioDriver, DriverStep
from asl.engine.errors import NondeterminismError
from asl.store.base import ExecutionRecord, PendingRecord, StatusUpdate, StepRecord, Store, StoredEvent

_RESOLUTIONS: dict[str, type] = {
    cls.__name__: cls
    for cls in (m.TaskSucceeded, m.TaskFailed, m.TaskSubmitted, m.TaskHeartbeat, m.TimerFired, m.StopRequested,
                m.MapRunSucceeded, m.MapRunFailed)
}
_START = '{"type":"Start"}'
_REDRIVE = '{"type":"Redrive"}'


def encode_resolution(resolution: Any) -> str:
    if resolution is None:
        return _START
    if resolution == REDRIVE:
        return _REDRIVE
    body = {"type": type(resolution).__name__}
    body.update({f.name: getattr(resolution, f.name) for f in fields(resolution)})
    return to_json_text(body)


def decode_resolution(text: str) -> Any:
    """The resolution a stored step fed (None for the start); ``ValueError`` if unreadable."""
    body = json.loads(text)
    kind = body.pop("type", None) if isinstance(body, dict) else None
    if kind == "Start":
        return None
    if kind == "Redrive":
        return REDRIVE
    cls = _RESOLUTIONS.get(kind)  # type: ignore[arg-type]
    if cls is None:
        raise ValueError(f"unknown step {text[:80]!r}")
    try:
        return cls(**body)
    except TypeError as exc:
        raise ValueError(f"unreadable step {text[:80]!r}: {exc}") from None


def stored_event(event: Event) -> StoredEvent:
    details = None if event.details is None else to_json_text(event.details)
    return StoredEvent(event.id, event.prev, event.ts, event.type, details)


class StoreJournal:
    """Writes each step of one execution; the first step also creates the execution."""

    def __init__(self, store: Store, arn: str, create: Optional[ExecutionRecord] = None):
        self.store = store
        self.arn = arn
        self.create = create

    def __call__(self, driver: AsyncioDriver, step: DriverStep) -> None:
        change = step.change
        record = StepRecord(
            index=step.index,
            now=step.now,
            body=encode_resolution(step.resolution),
            events=[stored_event(e) for e in step.events],
            opened=[PendingRecord(*opened) for opened in change.opened],
            closed=change.closed,
            tokens_closed=change.tokens_closed,
            update=status_update(driver, step),
        )
        if self.create is not None:
            self.store.create_execution(self.create, record)
            self.create = None
        else:
            self.store.append_step(self.arn, record)


def status_update(driver: AsyncioDriver, step: DriverStep) -> Optional[StatusUpdate]:
    """The execution's new status when ``step`` ended it or redrove it, else None."""
    core = driver.core
    finished = any(type(c) is m.Finish for c in step.commands)
    redriven = step.resolution == REDRIVE
    if not finished and not redriven:
        return None
    redrive_count = core.info.redrive_count if redriven else None
    redrive_date = step.now if redriven else None
    if not finished:
        return StatusUpdate("RUNNING", redrive_count=redrive_count, redrive_date=redrive_date)
    output = to_json_text(core.output) if core.status == "SUCCEEDED" else None
    return StatusUpdate(core.status, output, core.error, core.cause, step.now, redrive_count, redrive_date)


# ----------------------------------------------------------------------------- replay
def rebuild(driver: AsyncioDriver, store: Store, arn: str) -> None:
    """Replay ``arn``'s stored steps into ``driver`` and check them against the store."""
    try:
        steps = [(decode_resolution(s.body), s.now) for s in store.steps(arn)]
        regenerated = [stored_event(e) for e in driver.replay(steps)]
    except (ValueError, TypeError, KeyError, AttributeError, NotImplementedError, RecursionError) as exc:
        raise NondeterminismError(arn, f"the stored steps cannot be replayed: {type(exc).__name__}: {exc}") from exc
    difference = first_difference(store.events(arn, 0, None, False), regenerated)
    if difference is None:
        difference = pending_difference(store.pending(arn), driver)
    if difference is not None:
        raise NondeterminismError(arn, difference)


def first_difference(stored: list[StoredEvent], regenerated: list[StoredEvent]) -> Optional[str]:
    for old, new in zip(stored, regenerated):
        if old != new:
            return (f"event {old.id} differs: stored {_describe(old)}, replay gives {_describe(new)} "
                    "(was the definition or the interpreter changed under a running execution?)")
    if len(stored) != len(regenerated):
        return f"the store holds {len(stored)} events, the replay gives {len(regenerated)}"
    return None


def pending_difference(stored: list[PendingRecord], driver: AsyncioDriver) -> Optional[str]:
    outstanding = driver.outstanding
    expected = {p.seq: p for p in stored}
    regenerated: dict[int, PendingRecord] = {}
    for kind, calls in (("task", outstanding.tasks), ("callback", outstanding.callbacks)):
        for seq, call in calls.items():
            regenerated[seq] = PendingRecord(seq, kind, None, call.token, call.state)
    for seq, fire_at in outstanding.timers.items():
        regenerated[seq] = PendingRecord(seq, "timer", fire_at)
    for seq, run in outstanding.map_runs.items():
        regenerated[seq] = PendingRecord(seq, "map-run", None, None, run.request.state_name)
    if expected != regenerated:
        return f"pending commands differ: stored {sorted(expected)}, replay gives {sorted(regenerated)}"
    return None


def _describe(event: StoredEvent) -> str:
    details = event.details if event.details is None or len(event.details) <= 200 else event.details[:200] + "..."
    return f"{event.type} (previous {event.prev}, at {event.ts}) {details}"
