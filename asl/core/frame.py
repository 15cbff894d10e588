"""Frames: the top level of an execution, a Parallel branch, or a Map iteration.

A frame is plain data plus the generator that runs its states. It owns the chain of
``previousEventId`` links of its events (AWS chains events per branch and iteration),
its own workflow variables (inner scopes read outer variables but never write them),
and an ``Env`` through which expressions see the context object, variables, the
seeded random source and the virtual time.
"""
from __future__ import annotations

import random
from collections import ChainMap
from dataclasses import dataclass
from typing import Any, Generator, Mapping, Optional

from asl.core.plan import Scope


@dataclass(slots=True)
class ExecutionInfo:
    """What the context object tells about the execution (``$$.Execution...``)."""

    arn: str
    name: str
    state_machine_arn: str
    state_machine_name: str
    role_arn: str
    start_time: str  # already formatted as AWS shows it
    input: Any
    redrive_count: Optional[int] = 0  # None: an Express execution, which cannot be redriven


class Clock:
    """The execution's time and identity as expressions see them. Frames hold this small
    object, not the execution, so an execution and its frames form no reference cycle
    and are freed as soon as they are dropped."""

    __slots__ = ("now", "info")

    def __init__(self, info: ExecutionInfo, now: float = 0.0):
        self.info = info
        self.now = now


class FrameEnv:
    """The ``Env`` expressions evaluate against (see ``asl.expr``)."""

    __slots__ = ("variables", "rng", "clock", "state_name", "entered_at", "retry_count", "token", "map_item")

    def __init__(self, variables: Mapping[str, Any], rng: random.Random, clock: Any):
        self.variables = variables  # the frame's visible variables (no link back to the frame)
        self.rng = rng
        self.clock: Clock = clock
        self.state_name = ""
        self.entered_at = 0.0
        self.retry_count: Optional[int] = None
        self.token: Optional[str] = None
        self.map_item: Optional[tuple[int, Any]] = None

    @property
    def now(self) -> float:
        return self.clock.now

    @property
    def context(self) -> dict[str, Any]:
        return self.context_object()

    def context_object(self) -> dict[str, Any]:
        """The context object, built on demand in AWS's key order: most states never read ``$$``."""
        info: ExecutionInfo = self.clock.info
        from asl.expr.timestamps import format_timestamp

        state: dict[str, Any] = {"Name": self.state_name, "EnteredTime": format_timestamp(self.entered_at)}
        if self.retry_count is not None:
            state["RetryCount"] = self.retry_count
        execution: dict[str, Any] = {
            "Id": info.arn,
            "Input": info.input,
            "StartTime": info.start_time,
            "Name": info.name,
            "RoleArn": info.role_arn,
        }
        if info.redrive_count is not None:
            execution["RedriveCount"] = info.redrive_count
        context: dict[str, Any] = {
            "Execution": execution,
            "StateMachine": {"Id": info.state_machine_arn, "Name": info.state_machine_name},
            "State": state,
        }
        if self.token is not None:
            context["Task"] = {"Token": self.token}
        if self.map_item is not None:
            context["Map"] = {"Item": {"Index": self.map_item[0], "Value": self.map_item[1]}}
        return context


class Frame:
    __slots__ = (
        "parent", "scope", "kind", "index", "gen", "last", "variables", "visible", "env",
        "spec", "entered_id", "entered_prev", "entered", "pending", "join", "child_join", "done", "history",
        "_variable_sizes",
    )

    def __init__(
        self,
        scope: Scope,
        kind: str,
        index: int,
        parent: Optional["Frame"],
        last: int,
        rng: random.Random,
        clock: Any,
    ):
        self.parent = parent
        self.scope = scope
        self.kind = kind  # "root", "branch" or "iteration"
        self.index = index
        self.gen: Optional[Generator[Any, Any, Any]] = None
        self.last = last  # id of the latest event in this frame's chain
        # Variables assigned in this frame. An inner frame reads its parent's variables
        # and gets a scope of its own only when it first assigns (most never do); the
        # parent cannot assign meanwhile, since it waits in its Parallel/Map state.
        self.variables: Optional[dict[str, Any]] = None
        if parent is None:
            self.variables = {}
            self.visible: Mapping[str, Any] = self.variables
        else:
            self.visible = parent.visible
        self.env = FrameEnv(self.visible, rng, clock)
        self.spec: Any = None  # the state being run, between its Entered and Exited
        self.entered_id = 0
        self.entered_prev = 0
        self.entered: tuple[Any, Any] = (None, None)  # (state, input) last entered: where a redrive resumes
        self.pending: set[int] = set()  # seqs of commands whose answer this frame awaits
        self.join: Any = None  # the Parallel/Map join this frame reports to
        self.child_join: Any = None  # the join of the Parallel/Map state this frame is in
        self.done = False
        self.history: Any = parent.history if parent is not None else None  # the root's is set by the core
        self._variable_sizes: Optional[dict[str, int]] = None

    @property
    def variable_sizes(self) -> dict[str, int]:
        """Name -> JSON size of this frame's variables (for the variable quotas)."""
        if self._variable_sizes is None:
            self._variable_sizes = {}
        return self._variable_sizes

    def assign(self, assigned: Mapping[str, Any]) -> None:
        if not assigned:
            return
        if self.variables is None:
            self.variables = dict(assigned)
            self.visible = self.env.variables = ChainMap(self.variables, self.visible)
        else:
            self.variables.update(assigned)
