"""``StateMachine``: a parsed, validated definition, ready to run.

``asl.parse`` builds it; ``run`` executes it to the end on a virtual clock with tasks
answered by Python callables or mocks; ``start`` gives a step-by-step ``Execution`` for
callbacks (task tokens) and notebooks. Both are deterministic: the same definition,
input, seed, start time and task behaviour give the same history, byte for byte.
"""
from __future__ import annotations

import copy
import random
from datetime import datetime, timezone
from typing import Any, Callable, Mapping, Optional, Sequence

from asl.errors import Problem

# Runs start at this instant unless told otherwise, so histories are reproducible.
DEFAULT_START_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"

_UNSET: Any = object()

# Called with (machine, result) once per execution, when it has ended (``run``, or the
# first ``result()`` of a started execution after its end): the pytest coverage uses it.
RUN_OBSERVERS: list[Callable[["StateMachine", Any], None]] = []


class StateMachine:
    def __init__(
        self,
        definition: dict[str, Any],
        *,
        model: Any = None,
        warnings: Sequence[Problem] = (),
        machine_type: str = "STANDARD",
        name: str = "StateMachine",
        variable_references: Optional[dict[str, list[str]]] = None,
    ):
        self._raw = definition
        # state name -> variables it reads, as AWS's DescribeStateMachine reports them
        self.variable_references: dict[str, list[str]] = dict(variable_references or {})
        self._model = model
        self.warnings: list[Problem] = list(warnings)
        self.machine_type = machine_type
        self.name = name
        self._graph: Any = None
        self._plan: Any = None
        self._prepare()

    def _prepare(self) -> None:
        """Compile the definition and load the interpreter now, at parse time, so the
        first run pays for neither (paths, templates and expressions compile once)."""
        import asl.core.execution  # noqa: F401
        import asl.drivers.local  # noqa: F401
        import asl.result  # noqa: F401
        import asl.tasks  # noqa: F401

        self.plan

    # ------------------------------------------------------------------ inspection
    @property
    def definition(self) -> Any:
        """The typed pydantic model of the whole definition."""
        if self._model is None:
            from asl.model import build_model

            self._model = build_model(self._raw)
        return self._model

    @property
    def graph(self) -> Any:
        """A ``networkx.DiGraph`` of the states (networkx is imported on first use)."""
        if self._graph is None:
            from asl.graph import build_graph

            self._graph = build_graph(self._raw)
        return self._graph

    def to_dict(self) -> dict[str, Any]:
        """The definition back as JSON-compatible data, produced from the typed model."""
        return self.definition.to_dict()

    @property
    def raw(self) -> dict[str, Any]:
        """A copy of the validated definition as given."""
        return copy.deepcopy(self._raw)

    @property
    def arn(self) -> str:
        return f"arn:aws:states:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}:stateMachine:{self.name}"

    @property
    def plan(self) -> Any:
        """The compiled form the interpreter runs (compiled once, on first use)."""
        if self._plan is None:
            from asl.core.plan import compile_machine

            self._plan = compile_machine(self._raw)
        return self._plan

    # ------------------------------------------------------------------ pictures
    def to_svg(self, **options: Any) -> str:
        """The state machine as a self-contained SVG picture."""
        from asl import viz

        return viz.machine_svg(self, **options)

    def to_html(self, **options: Any) -> str:
        from asl import viz

        return viz.machine_html(self, **options)

    def to_dot(self, **options: Any) -> str:
        from asl import viz

        return viz.machine_dot(self, **options)

    def to_mermaid(self, **options: Any) -> str:
        from asl import viz

        return viz.machine_mermaid(self, **options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from asl import viz

        return viz.machine_mimebundle(self)

    # ------------------------------------------------------------------ running
    def run(
        self, input: Any = _UNSET, tasks: Optional[Mapping[str, Callable[..., Any]]] = None, **options: Any
    ) -> Any:
        """Run to the end and return an ``asl.ExecutionResult``; the options are ``start``'s.

        Nothing can answer a callback meanwhile, so a pending task token's timeout or
        heartbeat fires when the virtual clock reaches it (with neither, the result is
        RUNNING).
        """
        execution = self.start(input, tasks, **options)
        execution.run_until_blocked(wait_for_callbacks=False)
        return execution.result()

    def start(
        self,
        input: Any = _UNSET,
        tasks: Optional[Mapping[str, Callable[..., Any]]] = None,
        *,
        mocks: Optional[Mapping[str, Any]] = None,
        services: Any = None,
        seed: int = 0,
        start_time: Optional[datetime] = None,
        name: Optional[str] = None,
        history_limit: Optional[int] = None,
        map_executor: Any = None,
        _resolver: Any = None,
    ) -> "Execution":
        """An execution ready to run step by step (``run_until_blocked``, callbacks...).

        ``tasks`` maps a Task's ``Resource``, a Lambda function name or ARN, or a state name
        to a callable ``(input)`` or ``(input, context)`` (or a ``"module:function"`` string);
        ``mocks`` maps a Task state's name to MockConfigFile-style answers; ``services``
        sends what neither answers to AWS through boto3 (``asl.services``); ``seed`` drives
        every random value; ``start_time`` (default 2025-01-01T00:00:00Z) starts the virtual
        clock; ``name`` names the execution; ``history_limit`` enforces AWS's quota (25,000
        for Standard) when set; ``map_executor`` runs Distributed Maps (``asl.distributed``).
        """
        from asl.core.execution import ExecutionCore
        from asl.core.frame import ExecutionInfo
        from asl.core.jsonvalue import to_json_value
        from asl.drivers.local import LocalDriver
        from asl.expr.intrinsic_functions import random_uuid
        from asl.expr.timestamps import format_timestamp
        from asl.tasks import TaskResolver

        value = {} if input is _UNSET else to_json_value(input)
        started = (start_time or DEFAULT_START_TIME).timestamp()
        exec_name = name or random_uuid(random.Random(seed))
        info = ExecutionInfo(
            arn=self._execution_arn(exec_name, seed),
            name=exec_name,
            state_machine_arn=self.arn,
            state_machine_name=self.name,
            role_arn=f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/StepFunctionsExecutionRole",
            start_time=format_timestamp(started),
            input=value,
            redrive_count=None if self.machine_type == "EXPRESS" else 0,
        )
        core = ExecutionCore(
            self.plan, info, seed=seed, region=DEFAULT_REGION,
            timeout_seconds=self._raw.get("TimeoutSeconds"), history_limit=history_limit,
        )
        resolver = _resolver if _resolver is not None else TaskResolver(tasks, mocks, services)
        driver = LocalDriver(core, resolver, started, map_executor)
        return Execution(self, core, driver)


    def _execution_arn(self, exec_name: str, seed: int) -> str:
        prefix = f"arn:aws:states:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}"
        if self.machine_type == "EXPRESS":  # Express ARNs add a run id after the name
            from asl.expr.intrinsic_functions import random_uuid

            run_id = random_uuid(random.Random(seed + 1))
            return f"{prefix}:express:{self.name}:{exec_name}:{run_id}"
        return f"{prefix}:execution:{self.name}:{exec_name}"


class Execution:
    """One execution, driven step by step on the virtual clock."""

    def __init__(self, machine: StateMachine, core: Any, driver: Any):
        self.machine = machine
        self._core = core
        self._driver = driver
        self._observed = False

    @property
    def arn(self) -> str:
        return self._core.info.arn

    @property
    def name(self) -> str:
        return self._core.info.name

    @property
    def status(self) -> str:
        return self._core.status

    def run_until_blocked(self, wait_for_callbacks: bool = True) -> "Execution":
        """Run until the execution ends or waits for a callback (task token).

        While a token is pending the virtual clock stands still, so timeouts do not
        fire before you answer; ``advance`` moves the clock on. With
        ``wait_for_callbacks=False`` the clock moves on regardless.
        """
        self._driver.run_until_blocked(wait_for_callbacks)
        return self

    def advance(self, seconds: Optional[float] = None) -> "Execution":
        """Move the virtual clock ``seconds`` forward (default: to the next timer),
        firing what falls due: a Wait ending, a callback's timeout or heartbeat."""
        driver = self._driver
        if seconds is None:
            driver.run_until_blocked(wait_for_callbacks=False, until=driver.next_timer_at())
        else:
            driver.run_until_blocked(wait_for_callbacks=False, until=driver.clock + seconds)
        return self

    @property
    def now(self) -> Any:
        """The virtual time of the execution (a timezone-aware datetime)."""
        from asl.core.history import timestamp

        return timestamp(self._driver.clock)

    @property
    def map_runs(self) -> dict[str, Any]:
        """Distributed Map runs so far: Map Run ARN -> outcome with its child executions."""
        return dict(self._driver.map_runs)

    @property
    def variables(self) -> dict[str, Any]:
        """The workflow variables of the top-level scope, as they stand now."""
        root = self._core.root
        return dict(root.variables or {}) if root is not None else {}

    @property
    def pending_tokens(self) -> list[str]:
        return self._core.pending_tokens

    def send_task_success(self, token: str, output: Any) -> None:
        from asl.core import messages as m
        from asl.core.jsonvalue import to_json_value

        self._driver.send(m.TaskSucceeded(self._seq(token), to_json_value(output)))
        self.run_until_blocked()

    def send_task_failure(self, token: str, error: Optional[str] = None, cause: Optional[str] = None) -> None:
        from asl.core import messages as m

        self._driver.send(m.TaskFailed(self._seq(token), error, cause))
        self.run_until_blocked()

    def send_task_heartbeat(self, token: str) -> None:
        from asl.core import messages as m

        self._driver.send(m.TaskHeartbeat(self._seq(token)))
        self.run_until_blocked()

    def stop(self, error: Optional[str] = None, cause: Optional[str] = None) -> None:
        from asl.core import messages as m

        if self._core.finished:
            return
        self._driver.send(m.StopRequested(error, cause))
        self.run_until_blocked()

    def _seq(self, token: str) -> int:
        seq = self._driver.seq_for_token(token)
        if seq is None:
            raise InvalidToken(f"Invalid Token: {token!r} is not a task token this execution is waiting for")
        return seq

    @property
    def history(self) -> Any:
        """The events so far, as AWS's GetExecutionHistory shows them (a read-only sequence)."""
        from asl.core.history import History

        return History(self._core.events)

    def result(self) -> Any:
        """What the execution did so far (an ``asl.ExecutionResult``). The first result
        taken after the execution ended goes to the run observers (coverage)."""
        from asl.result import ExecutionResult

        result = ExecutionResult(self)
        if self._core.finished and not self._observed:
            self._observed = True
            for observer in RUN_OBSERVERS:
                observer(self.machine, result)
        return result


class InvalidToken(ValueError):
    """``send_task_*`` with a token the execution is not waiting for."""
