"""What the pure core and a driver say to each other.

The core never does anything itself: it returns *commands* (call this task, wake me at
that time, ...) and is fed *resolutions* (the task answered, the timer fired, ...). Every
command carries a ``seq`` unique within the execution, and resolutions name the ``seq``
they answer, so outcomes are matched by identity, never by position or arrival order.

Messages are treated as immutable. They are plain slotted dataclasses rather than frozen
ones because a frozen dataclass costs six times as much to build, and one is built for
every task call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional


# ----------------------------------------------------------------------------- commands
@dataclass(slots=True)
class InvokeTask:
    """Call the task behind ``resource`` with ``payload``.

    ``state`` names the Task state, ``token`` is set for ``.waitForTaskToken`` tasks
    (the call only *submits* the work; the outcome arrives later through the token),
    ``attempt`` counts retries (0 first), ``context`` is the context object the task
    would see as ``$$`` (a driver passes it on to callables that want it).
    """

    seq: int
    state: str
    resource: str
    payload: Any
    token: Optional[str] = None
    attempt: int = 0
    heartbeat_seconds: Optional[float] = None
    timeout_seconds: Optional[float] = None
    credentials: Any = None
    context: Any = field(default=None, compare=False, repr=False)

    def apply(self, execution: Any, frame: Any) -> None:
        """A Task runner yields its ``InvokeTask`` (``seq`` 0) as an effect; the scheduler
        numbers it and hands this same object to the driver (one object per call)."""
        execution.start_task(frame, self)


@dataclass(slots=True)
class MapRunRequest:
    """Everything a Map Run executor needs to run a Distributed Map's child executions.

    Fields the definition computes are already evaluated in the parent state: the
    reader's ``Parameters``/``Arguments`` and ``MaxItems``, the batcher's limits and
    ``BatchInput``, the writer's ``Parameters``/``Arguments``. ``items`` is the list from
    ``ItemsPath``/``Items`` (None when an ``ItemReader`` supplies them); ``select(index,
    item)`` applies ``ItemSelector`` (None: the item itself); ``processor`` is the child
    state machine's definition.
    """

    map_run_arn: str
    state_name: str
    processor: dict[str, Any]
    execution_type: str = "STANDARD"
    label: Optional[str] = None
    items: Optional[list[Any]] = None
    select: Optional[Callable[[int, Any], Any]] = field(default=None, repr=False)
    reader: Optional[dict[str, Any]] = None  # {"Resource", "ReaderConfig", "Parameters"|"Arguments", "MaxItems"}
    batcher: Optional[dict[str, Any]] = None  # {"MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"}
    writer: Optional[dict[str, Any]] = None  # {"Resource", "WriterConfig", "Parameters"|"Arguments"}
    max_concurrency: int = 0
    tolerated_count: Optional[int] = None
    tolerated_percentage: Optional[float] = None
    parent_execution_arn: str = ""


@dataclass(slots=True)
class StartMapRun:
    """Run a Distributed Map's children; answer with ``MapRunSucceeded``/``MapRunFailed``."""

    seq: int
    request: MapRunRequest


@dataclass(slots=True)
class CancelTask:
    """The task's outcome is no longer wanted (timed out, or its branch was aborted)."""

    seq: int


@dataclass(slots=True)
class StartTimer:
    seq: int
    fire_at: float


@dataclass(slots=True)
class CancelTimer:
    seq: int


@dataclass(slots=True)
class Finish:
    """The execution ended; ``status`` is SUCCEEDED, FAILED, TIMED_OUT or ABORTED."""

    status: str
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None


# -------------------------------------------------------------------------- resolutions
@dataclass(slots=True)
class TaskSucceeded:
    seq: int
    output: Any


@dataclass(slots=True)
class TaskFailed:
    seq: int
    error: Optional[str]
    cause: Optional[str] = None


@dataclass(slots=True)
class TaskSubmitted:
    """A ``.waitForTaskToken`` task delivered its work; its outcome comes by token."""

    seq: int
    output: Any = None


@dataclass(slots=True)
class TaskHeartbeat:
    seq: int


@dataclass(slots=True)
class TimerFired:
    seq: int


@dataclass(slots=True)
class MapRunSucceeded:
    seq: int
    output: Any


@dataclass(slots=True)
class MapRunFailed:
    seq: int
    error: Optional[str]
    cause: Optional[str] = None


@dataclass(slots=True)
class StopRequested:
    error: Optional[str] = None
    cause: Optional[str] = None


Command = Any  # InvokeTask | CancelTask | StartTimer | CancelTimer | StartMapRun | Finish
Resolution = Any  # TaskSucceeded | TaskFailed | TaskSubmitted | TaskHeartbeat | TimerFired | MapRunSucceeded | MapRunFailed | StopRequested
