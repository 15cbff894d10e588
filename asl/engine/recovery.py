"""Bringing executions back: after a crash (``recover``) and after a failure (``redrive``).

``recover`` resumes every RUNNING execution in the store that this engine is not
driving: its steps are replayed through a fresh core and checked against the stored
history (``journal.rebuild``), then what was outstanding is carried out again. A Wait
resumes with its remaining time (its timer keeps the stored ``fire_at``); a task that was
running is invoked again, with the same task token and attempt number so that it can
recognise the repeat (at-least-once); a callback stays pending for its token. An
execution whose replay differs is reported, not resumed.

``redrive`` replays a FAILED/TIMED_OUT/ABORTED execution the same way, then asks the
core to restart it from where it failed (``ExecutionCore.redrive``).
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from asl.core.history import error_details, to_json_text
from asl.drivers.aio import AsyncioDriver
from asl.engine.errors import Fault, NondeterminismError
from asl.engine.executions import Executions, parse_input
from asl.engine.journal import StoreJournal, rebuild
from asl.engine.responses import date
from asl.store.base import ExecutionRecord, StatusUpdate, StepRecord, StoredEvent

log = logging.getLogger("asl.engine")


def recover(executions: Executions) -> dict[str, Any]:
    """Resume every RUNNING execution; report those that cannot be resumed faithfully."""
    resumed: list[str] = []
    problems: list[dict[str, str]] = []
    for record in executions.store.running_executions():
        if record.arn in executions.live:
            continue
        try:
            driver = restore(executions, record)
        except NondeterminismError as exc:
            problems.append({"executionArn": record.arn, "error": type(exc).__name__, "cause": exc.difference})
            log.error("not resuming %s: %s", record.arn, exc.difference)
            continue
        driver.resume_outstanding()
        executions.track(record.arn, driver)
        resumed.append(record.arn)
    return {"resumed": resumed, "problems": problems}


def restore(executions: Executions, record: ExecutionRecord) -> AsyncioDriver:
    """A driver whose core has replayed ``record``'s steps (nothing carried out yet)."""
    revision = executions.store.get_revision(record.revision_id)
    if revision is None:
        raise NondeterminismError(record.arn, f"its definition (revision {record.revision_id}) is not in the store")
    try:
        journal = StoreJournal(executions.store, record.arn)
        driver = executions.build_driver(record, revision, journal, parse_input(record.input))
    except Fault as fault:
        raise NondeterminismError(record.arn, f"its stored definition no longer runs: {fault.message}") from None
    rebuild(driver, executions.store, record.arn)
    return driver


def redrive(executions: Executions, arn: str) -> dict[str, Any]:
    record = executions.require(arn)
    status, reason = executions.redrive_status(record)
    if status != "REDRIVABLE":
        raise Fault("ExecutionNotRedrivable", f"Execution is not redrivable: {reason}")
    try:
        driver = restore(executions, record)
    except NondeterminismError as exc:
        raise Fault("ExecutionNotRedrivable", f"Execution is not redrivable: {exc.difference}") from None
    driver.redrive()
    if driver.halted is not None:
        raise driver.halted
    executions.track(arn, driver)
    return {"redriveDate": date(driver.core.now)}


def abandon(executions: Executions, record: ExecutionRecord, error: Optional[str], cause: Optional[str]) -> ExecutionRecord:
    """Stop a RUNNING execution this engine could not resume (its replay differed).

    Its history gets AWS's ``ExecutionAborted`` ending; the step is marked so that no
    replay (a redrive) can mistake it for a resolution.
    """
    store = executions.store
    now = executions.clock.now()
    last = store.events(record.arn, 0, 1, True)
    last_id = last[0].id if last else 0
    event = StoredEvent(last_id + 1, last_id, now, "ExecutionAborted", to_json_text(error_details(error, cause)))
    index = len(store.steps(record.arn))
    step = StepRecord(index, now, '{"type":"Abandoned"}', [event],
                      closed=[p.seq for p in store.pending(record.arn)],
                      update=StatusUpdate("ABORTED", None, error, cause, now))
    store.append_step(record.arn, step)
    return executions.require(record.arn)
