"""What a state runner can ask the scheduler for, by ``yield``-ing one of these.

Each effect knows how the scheduler carries it out (``apply``), so the scheduler has no
if-chain over effect kinds. The runner gets the outcome back as the value of its
``yield`` (or, for a failure, as a ``StatesError`` raised at the ``yield``).
"""
from __future__ import annotations

from typing import Any


class Sleep:
    """Wake me at ``fire_at`` (virtual or real seconds, as the driver keeps time)."""

    __slots__ = ("fire_at",)

    def __init__(self, fire_at: float):
        self.fire_at = fire_at

    def apply(self, execution: Any, frame: Any) -> None:
        execution.start_sleep(frame, self.fire_at)


class Submitted:
    """Sent back to a runner when its callback task delivered its work."""

    __slots__ = ("output",)

    def __init__(self, output: Any):
        self.output = output


class _KeepWaiting:
    __slots__ = ()

    def apply(self, execution: Any, frame: Any) -> None:
        """The task is still pending; nothing to do until its outcome arrives."""


KEEP_WAITING = _KeepWaiting()


class Fanout:
    """Run child frames (Parallel branches, Map iterations) and return their outputs."""

    __slots__ = ("join",)

    def __init__(self, join: Any):
        self.join = join

    def apply(self, execution: Any, frame: Any) -> None:
        frame.child_join = self.join
        self.join.start(execution, frame)


class RunMap:
    """Hand a Distributed Map to the driver's Map Run executor; the ``yield`` returns the
    Map's result (the children's outputs, or the ResultWriter's summary)."""

    __slots__ = ("request",)

    def __init__(self, request: Any):
        self.request = request

    def apply(self, execution: Any, frame: Any) -> None:
        execution.start_map_run(frame, self.request)
