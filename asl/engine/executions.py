"""Execution operations: start, describe, list, history, stop, callbacks, wait.

Standard executions are durable: each one is an ``AsyncioDriver`` whose journal writes
every step to the store before its commands run, and ``live`` maps the ARN of every
execution this engine is driving to its driver. Express executions run in memory only
(AWS keeps no history for them either) and are not recovered after a crash.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections import OrderedDict
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Optional

from asl.core import messages as m
from asl.core.execution import ExecutionCore
from asl.core.frame import ExecutionInfo
from asl.core.history import to_json_text
from asl.drivers.aio import AsyncioDriver, AsyncTaskResolver, Journal
from asl.drivers.clocks import Clock
from asl.engine.errors import Fault
from asl.engine.journal import StoreJournal
from asl.engine.machines import Machines
from asl.engine.params import check_name, parse_arn, parse_json_text
from asl.engine.responses import (
    date, execution_description, execution_item, history_event, next_token, page_size, redrive_status,
    sync_execution_result, token_position,
)
from asl.expr.timestamps import format_timestamp
from asl.store.base import ExecutionRecord, RevisionRecord, Store

log = logging.getLogger("asl.engine")

HISTORY_LIMIT = 25000  # events in a Standard execution's history
_KEEP_EXPRESS = 1000  # finished Express executions remembered for ``wait``


@dataclass
class ExpressRun:
    record: ExecutionRecord
    driver: AsyncioDriver


class Executions:
    def __init__(
        self, store: Store, machines: Machines, resolver: AsyncTaskResolver, clock: Clock,
        executor: Optional[Executor], *, region: str, seed: int, map_executor: Any = None,
    ):
        self.store = store
        self.machines = machines
        self.resolver = resolver
        self.clock = clock
        self.executor = executor
        self.region = region
        self.seed = seed
        self.map_executor = map_executor
        self.live: dict[str, AsyncioDriver] = {}
        self.express: OrderedDict[str, ExpressRun] = OrderedDict()

    # ------------------------------------------------------------------ drivers
    def build_driver(self, record: ExecutionRecord, revision: RevisionRecord, journal: Optional[Journal],
                     value: Any) -> AsyncioDriver:
        """A driver over a fresh core for ``record`` (not started); ``value`` is its parsed
        input, which the caller already has (a start checked it, a recovery reads it back)."""
        compiled = self.machines.compiled(revision)
        info = ExecutionInfo(
            arn=record.arn,
            name=record.name,
            state_machine_arn=record.machine_arn,
            state_machine_name=record.machine_arn.rsplit(":", 1)[-1],
            role_arn=revision.role_arn,
            start_time=format_timestamp(record.start),
            input=value,
            redrive_count=None if compiled.express else 0,
        )
        core = ExecutionCore(
            compiled.machine.plan, info, seed=record.seed, region=self.region,
            timeout_seconds=compiled.timeout_seconds, history_limit=None if compiled.express else HISTORY_LIMIT,
        )
        return AsyncioDriver(core, self.resolver, self.clock, journal=journal, executor=self.executor,
                             map_executor=self.map_executor)

    def track(self, arn: str, driver: AsyncioDriver) -> None:
        self.live[arn] = driver
        driver.done.add_done_callback(lambda done: self._ended(arn, driver, done))  # type: ignore[union-attr]

    def _ended(self, arn: str, driver: AsyncioDriver, done: asyncio.Future[str]) -> None:
        failure = None if done.cancelled() else done.exception()
        if failure is not None:
            log.error("stopped driving %s: %s (it stays RUNNING in the store; recover() resumes it)", arn, failure)
        if self.live.get(arn) is driver:
            del self.live[arn]

    def seed_for(self, arn: str) -> int:
        digest = hashlib.sha256(f"{self.seed}:{arn}".encode()).digest()
        return int.from_bytes(digest[:8], "big") >> 2

    # ------------------------------------------------------------------ start
    def start_execution(
        self, stateMachineArn: str, name: Optional[str] = None, input: Optional[str] = None,
        traceHeader: Optional[str] = None,
    ) -> dict[str, Any]:
        machine = self.machines.require(stateMachineArn)
        name, text, value = _name_and_input(name, input)
        if machine.machine_type == "EXPRESS":
            run = self._start_express(stateMachineArn, machine.revision_id, name, text, value, traceHeader)
            return {"executionArn": run.record.arn, "startDate": date(run.record.start)}
        arn = f"{stateMachineArn.replace(':stateMachine:', ':execution:', 1)}:{name}"
        existing = self.store.get_execution(arn)
        if existing is not None:  # idempotent while it runs with the same input, as AWS's
            if existing.status == "RUNNING" and existing.input == text:
                return {"executionArn": arn, "startDate": date(existing.start)}
            raise Fault("ExecutionAlreadyExists", f"Execution Already Exists: '{arn}'")
        revision = self.machines.revision(machine.revision_id)
        now = self.clock.now()
        record = ExecutionRecord(arn, machine.arn, name, revision.revision_id, "RUNNING", text, now,
                                 self.seed_for(arn), trace_header=traceHeader)
        driver = self.build_driver(record, revision, StoreJournal(self.store, arn, create=record), value)
        driver.start(now)
        if driver.halted is not None:
            raise driver.halted
        self.track(arn, driver)
        return {"executionArn": arn, "startDate": date(now)}

    async def start_sync_execution(
        self, stateMachineArn: str, name: Optional[str] = None, input: Optional[str] = None,
        traceHeader: Optional[str] = None, includedData: Optional[str] = None,
    ) -> dict[str, Any]:
        machine = self.machines.require(stateMachineArn)
        if machine.machine_type != "EXPRESS":
            raise Fault("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
        name, text, value = _name_and_input(name, input)
        run = self._start_express(stateMachineArn, machine.revision_id, name, text, value, traceHeader)
        done = run.driver.done
        if done is not None:
            await asyncio.wait([done])
        return self.express_result(run)

    def _start_express(self, machine_arn: str, revision_id: str, name: str, text: str, value: Any,
                       trace_header: Optional[str]) -> ExpressRun:
        machine_name = machine_arn.rsplit(":", 1)[-1]
        arn = f"{machine_arn.rsplit(':', 2)[0]}:express:{machine_name}:{name}:{uuid.uuid4()}"
        revision = self.machines.revision(revision_id)
        now = self.clock.now()
        record = ExecutionRecord(arn, machine_arn, name, revision_id, "RUNNING", text, now, self.seed_for(arn),
                                 trace_header=trace_header)
        run = ExpressRun(record, self.build_driver(record, revision, None, value))
        self.express[arn] = run
        while len(self.express) > _KEEP_EXPRESS:
            oldest = next(iter(self.express))
            if not self.express[oldest].driver.core.finished:
                break
            del self.express[oldest]
        run.driver.start(now)
        return run

    def express_result(self, run: ExpressRun) -> dict[str, Any]:
        core, record = run.driver.core, run.record
        output = to_json_text(core.output) if core.status == "SUCCEEDED" else None
        return sync_execution_result(
            record.arn, record.machine_arn, record.name, record.start, core.now, core.status, record.input,
            output, core.error, core.cause, record.trace_header,
        )

    # ------------------------------------------------------------------ read
    def require(self, arn: str) -> ExecutionRecord:
        if parse_arn(arn, "execution", "express").kind == "express":
            raise Fault("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'")
        record = self.store.get_execution(arn)
        if record is None:
            raise Fault("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'")
        return record

    def redrive_status(self, record: ExecutionRecord) -> tuple[str, Optional[str]]:
        history_full = record.status == "FAILED" and self.store.event_count(record.arn) >= HISTORY_LIMIT
        return redrive_status(record, self.clock.now(), history_full)

    def describe_execution(self, executionArn: str, includedData: Optional[str] = None) -> dict[str, Any]:
        record = self.require(executionArn)
        return execution_description(record, self.redrive_status(record), includedData != "METADATA_ONLY")

    def describe_state_machine_for_execution(self, executionArn: str, includedData: Optional[str] = None) -> dict[str, Any]:
        record = self.require(executionArn)
        revision = self.machines.revision(record.revision_id)
        return {
            "stateMachineArn": record.machine_arn,
            "name": record.machine_arn.rsplit(":", 1)[-1],
            "definition": revision.definition,
            "roleArn": revision.role_arn,
            "updateDate": date(revision.created),
            "revisionId": revision.revision_id,
        }

    def get_execution_history(
        self, executionArn: str, maxResults: Optional[int] = None, reverseOrder: bool = False,
        nextToken: Optional[str] = None, includeExecutionData: bool = True,
    ) -> dict[str, Any]:
        self.require(executionArn)
        size = page_size(maxResults)
        scope = f"history:{executionArn}:{reverseOrder}"
        start = token_position(nextToken, scope)
        events = self.store.events(executionArn, start, size + 1, reverseOrder)
        body: dict[str, Any] = {"events": [history_event(e, includeExecutionData) for e in events[:size]]}
        if len(events) > size:
            body["nextToken"] = next_token(scope, start + size)
        return body

    def list_executions(
        self, stateMachineArn: Optional[str] = None, statusFilter: Optional[str] = None,
        maxResults: Optional[int] = None, nextToken: Optional[str] = None, mapRunArn: Optional[str] = None,
        redriveFilter: Optional[str] = None,
    ) -> dict[str, Any]:
        if mapRunArn is not None:
            raise Fault("ResourceNotFound", f"Resource not found: '{mapRunArn}'")
        if stateMachineArn is None:
            raise Fault("ValidationException", "Must provide a StateMachine ARN or MapRun ARN")
        machine = self.machines.require(stateMachineArn)
        if machine.machine_type == "EXPRESS":
            raise Fault("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
        size = page_size(maxResults)
        scope = f"executions:{stateMachineArn}:{statusFilter}:{redriveFilter}"
        start = token_position(nextToken, scope)
        redriven = None if redriveFilter is None else redriveFilter == "REDRIVEN"
        records = self.store.list_executions(stateMachineArn, statusFilter, redriven, start, size + 1)
        body: dict[str, Any] = {"executions": [execution_item(r) for r in records[:size]]}
        if len(records) > size:
            body["nextToken"] = next_token(scope, start + size)
        return body

    # ------------------------------------------------------------------ change
    def stop_execution(self, executionArn: str, error: Optional[str] = None, cause: Optional[str] = None) -> dict[str, Any]:
        record = self.require(executionArn)
        driver = self.live.get(executionArn)
        if driver is not None:
            driver.feed(m.StopRequested(error, cause))
            if driver.halted is not None:
                raise driver.halted
            record = self.require(executionArn)
        elif record.status == "RUNNING":
            from asl.engine.recovery import abandon

            record = abandon(self, record, error, cause)
        return {"stopDate": date(record.stop if record.stop is not None else self.clock.now())}

    def send_task_success(self, taskToken: str, output: str) -> dict[str, Any]:
        value = parse_json_text(output, "InvalidOutput", "Invalid Output")
        self._feed_task(taskToken, lambda seq: m.TaskSucceeded(seq, value))
        return {}

    def send_task_failure(self, taskToken: str, error: Optional[str] = None, cause: Optional[str] = None) -> dict[str, Any]:
        self._feed_task(taskToken, lambda seq: m.TaskFailed(seq, error, cause))
        return {}

    def send_task_heartbeat(self, taskToken: str) -> dict[str, Any]:
        self._feed_task(taskToken, m.TaskHeartbeat)
        return {}

    def _feed_task(self, token: str, resolution: Any) -> None:
        found = self.store.find_token(token)
        if found is None:
            raise Fault("InvalidToken", "Invalid Token: 'Invalid token'")
        arn, seq, status = found
        driver = self.live.get(arn)
        if status != "OPEN":
            raise Fault("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")
        if driver is None or driver.core.seq_for_token(token) != seq:
            raise Fault("TaskDoesNotExist", f"Task Does Not Exist: 'the execution {arn} is not running here'")
        driver.feed(resolution(seq))
        if driver.halted is not None:
            raise driver.halted

    # ------------------------------------------------------------------ wait
    async def wait(self, executionArn: str, timeout: Optional[float] = None) -> dict[str, Any]:
        run = self.express.get(executionArn)
        driver = run.driver if run is not None else self.live.get(executionArn)
        if driver is None:
            self.require(executionArn)
        elif driver.done is not None and not driver.done.done():
            finished, _ = await asyncio.wait([driver.done], timeout=timeout)
            if not finished:
                raise TimeoutError(f"{executionArn} still running after {timeout} s")
        if run is not None:
            return self.express_result(run)
        return self.describe_execution(executionArn=executionArn)

    def halt_all(self) -> None:
        """Stop driving every execution (the store keeps them RUNNING, for ``recover``)."""
        for driver in list(self.live.values()) + [run.driver for run in self.express.values()]:
            driver.halt()
        self.live.clear()


def parse_input(text: str) -> Any:
    """An execution's input text as a value (``InvalidExecutionInput`` if it is not JSON)."""
    return parse_json_text(text, "InvalidExecutionInput", "Invalid State Machine Execution Input")


def _name_and_input(name: Optional[str], text: Optional[str]) -> tuple[str, str, Any]:
    name = str(uuid.uuid4()) if name is None else name
    check_name(name)
    text = "{}" if text is None else text
    return name, text, parse_input(text)
