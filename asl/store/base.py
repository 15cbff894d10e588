"""The records the engine persists and the ``Store`` protocol that keeps them.

The unit of durability is the *step*: one resolution fed to the interpreter core (or
the start of an execution, or a redrive), together with everything it produced: the new
history events, the commands now pending, the task tokens it closed and, when the
execution ended, its new status. A store writes a step atomically, so after a crash the
history and the resolution log always agree, and replaying the log through a fresh core
regenerates exactly the stored history.

Payloads are stored as JSON text produced by the engine; a store never interprets them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol, runtime_checkable


class StoreError(Exception):
    """The store cannot be used (locked by another engine, corrupt, unwritable)."""


@dataclass(frozen=True)
class RevisionRecord:
    """One version of a state machine's definition; executions keep the one they started on."""

    revision_id: str
    machine_arn: str
    machine_type: str
    definition: str
    role_arn: str
    created: float


@dataclass(frozen=True)
class MachineRecord:
    arn: str
    name: str
    machine_type: str
    definition: str
    role_arn: str
    revision_id: str
    created: float
    updated: float
    logging: str = "{}"  # JSON text of the loggingConfiguration as given
    tracing: str = "{}"


@dataclass(frozen=True)
class ExecutionRecord:
    arn: str
    machine_arn: str
    name: str
    revision_id: str
    status: str
    input: str
    start: float
    seed: int
    output: Optional[str] = None
    error: Optional[str] = None
    cause: Optional[str] = None
    stop: Optional[float] = None
    redrive_count: int = 0
    redrive_date: Optional[float] = None
    trace_header: Optional[str] = None


@dataclass(frozen=True)
class StoredEvent:
    """A history event: ``details`` is the JSON text of the raw details (None for none)."""

    id: int
    prev: int
    ts: float
    type: str
    details: Optional[str]


@dataclass(frozen=True)
class PendingRecord:
    """A command whose answer is awaited: kind ``task``, ``callback``, ``timer`` or ``map-run``."""

    seq: int
    kind: str
    fire_at: Optional[float] = None
    token: Optional[str] = None
    state: Optional[str] = None


@dataclass(frozen=True)
class StatusUpdate:
    """An execution's new status: its end, or RUNNING again after a redrive."""

    status: str
    output: Optional[str] = None
    error: Optional[str] = None
    cause: Optional[str] = None
    stop: Optional[float] = None
    redrive_count: Optional[int] = None
    redrive_date: Optional[float] = None


@dataclass(frozen=True)
class StepRecord:
    """One step of an execution; loaded back, only ``index``, ``now`` and ``body`` are filled."""

    index: int
    now: float
    body: str  # JSON text of what was fed to the core (start, a resolution, a redrive)
    events: list[StoredEvent] = field(default_factory=list)
    opened: list[PendingRecord] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    tokens_closed: list[tuple[str, str]] = field(default_factory=list)  # (token, TIMED_OUT|CLOSED)
    update: Optional[StatusUpdate] = None


@runtime_checkable
class Store(Protocol):
    """What the engine needs from a database. Every method is one transaction."""

    # state machines
    def put_machine(self, machine: MachineRecord, revision: RevisionRecord) -> None: ...
    def get_machine(self, arn: str) -> Optional[MachineRecord]: ...
    def list_machines(self) -> list[MachineRecord]: ...
    def delete_machine(self, arn: str) -> None: ...
    def get_revision(self, revision_id: str) -> Optional[RevisionRecord]: ...

    # executions
    def create_execution(self, execution: ExecutionRecord, first: StepRecord) -> None: ...
    def get_execution(self, arn: str) -> Optional[ExecutionRecord]: ...
    def list_executions(
        self, machine_arn: str, status: Optional[str], redriven: Optional[bool], offset: int, limit: int
    ) -> list[ExecutionRecord]: ...
    def running_executions(self) -> list[ExecutionRecord]: ...

    # steps, history, pending commands, tokens
    def append_step(self, execution_arn: str, step: StepRecord) -> None: ...
    def steps(self, execution_arn: str) -> list[StepRecord]: ...
    def events(self, execution_arn: str, offset: int, limit: Optional[int], reverse: bool) -> list[StoredEvent]: ...
    def event_count(self, execution_arn: str) -> int: ...
    def pending(self, execution_arn: str) -> list[PendingRecord]: ...
    def find_token(self, token: str) -> Optional[tuple[str, int, str]]: ...

    def close(self) -> None: ...
