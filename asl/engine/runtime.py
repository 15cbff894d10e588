"""Everything one engine owns (store, clock, task pool, executions), bound to one loop.

``call(operation, kwargs)`` is the single entry of every API operation: the request is
checked as boto3 checks it (``ParamValidationError``), then as the service checks it,
then handled; an AWS error (``Fault``) leaves as the boto3-shaped exception named after
its code, and a success gets boto3's ``ResponseMetadata``. Every operation runs on the
loop thread, the only thread that touches the interpreter cores and the store.
"""
from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Optional

from asl.drivers.aio import AsyncTaskResolver
from asl.drivers.clocks import Clock, RealClock, VirtualClock
from asl.engine import recovery
from asl.engine.errors import Fault, client_error
from asl.engine.executions import Executions
from asl.engine.machines import Machines
from asl.engine.params import aws_name, check_constraints, check_request
from asl.engine.responses import with_metadata
from asl.store import open_store


@dataclass
class Settings:
    """What ``Engine(...)`` was given, kept until the runtime starts on its loop."""

    store: Any
    resolver: AsyncTaskResolver
    clock: Any = "real"
    seed: int = 0
    region: str = "us-east-1"
    account: str = "123456789012"
    max_workers: Optional[int] = None
    recover: bool = True
    map_executor: Any = None  # runs Distributed Map children (asl.distributed.InProcessExecutor by default)


def make_clock(clock: Any) -> Clock:
    if clock is None or clock == "real":
        return RealClock()
    if clock == "virtual":
        return VirtualClock()
    if isinstance(clock, str):
        raise ValueError(f"clock must be 'real', 'virtual' or a Clock, not {clock!r}")
    return clock  # type: ignore[no-any-return]


class Runtime:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.clock = make_clock(settings.clock)
        self.store = open_store(settings.store)
        self.executor = ThreadPoolExecutor(settings.max_workers, thread_name_prefix="asl-task")
        self.machines = Machines(self.store, self.clock, settings.region, settings.account)
        self.executions = Executions(
            self.store, self.machines, settings.resolver, self.clock, self.executor,
            region=settings.region, seed=settings.seed, map_executor=settings.map_executor,
        )
        self.closed = False
        ex, ma = self.executions, self.machines
        self._handlers: dict[str, Callable[..., Any]] = {
            "create_state_machine": ma.create_state_machine,
            "update_state_machine": ma.update_state_machine,
            "describe_state_machine": ma.describe_state_machine,
            "list_state_machines": ma.list_state_machines,
            "delete_state_machine": ma.delete_state_machine,
            "start_execution": ex.start_execution,
            "start_sync_execution": ex.start_sync_execution,
            "describe_execution": ex.describe_execution,
            "describe_state_machine_for_execution": ex.describe_state_machine_for_execution,
            "get_execution_history": ex.get_execution_history,
            "list_executions": ex.list_executions,
            "stop_execution": ex.stop_execution,
            "redrive_execution": self._redrive,
            "send_task_success": ex.send_task_success,
            "send_task_failure": ex.send_task_failure,
            "send_task_heartbeat": ex.send_task_heartbeat,
        }

    async def call(self, operation: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        self._check_open()
        check_request(operation, kwargs)
        try:
            check_constraints(operation, kwargs)
            result = self._handlers[operation](**kwargs)
            if inspect.isawaitable(result):
                result = await result
        except Fault as fault:
            raise client_error(fault, aws_name(operation)) from None
        return with_metadata(result)

    def recover(self) -> dict[str, Any]:
        self._check_open()
        return recovery.recover(self.executions)

    async def wait(self, execution_arn: str, timeout: Optional[float]) -> dict[str, Any]:
        self._check_open()
        try:
            return await self.executions.wait(execution_arn, timeout)
        except Fault as fault:
            raise client_error(fault, "DescribeExecution") from None

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.executions.halt_all()
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.store.close()

    def _redrive(self, executionArn: str, clientToken: Optional[str] = None) -> dict[str, Any]:
        return recovery.redrive(self.executions, executionArn)

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("this engine is closed")
