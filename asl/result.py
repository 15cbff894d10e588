"""``ExecutionResult``: what one execution did, for assertions, pictures and reports."""
from __future__ import annotations

from typing import Any, Optional


class ExecutionResult:
    """What an execution did: status, output or error, history, path."""

    def __init__(self, execution: Any):
        core = execution._core
        self.execution = execution
        self.status: str = core.status
        self.output: Any = core.output
        self.error: Optional[str] = core.error
        self.cause: Optional[str] = core.cause
        self.path: list[str] = list(core.path)
        # (from state, to state or None when the frame ended, kind, rule/catcher/branch index)
        self.transitions: list[tuple[str, Optional[str], str, Optional[int]]] = list(core.transitions)
        self.machine = execution.machine
        self.variables: dict[str, Any] = execution.variables  # top-level scope, at the end
        self.map_runs: dict[str, Any] = execution.map_runs  # Distributed Maps: ARN -> outcome and children
        self.name = execution.name
        self.arn = execution.arn
        self._events = core.events
        self._event_count = len(core.events)

    @property
    def history(self) -> Any:
        """Events in the shape of AWS's GetExecutionHistory ``events`` (a read-only
        sequence, materialised as it is read; ``list(result.history)`` for a list)."""
        from asl.core.history import History

        return History(self._events, self._event_count)

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    # ------------------------------------------------------------------ assertions
    def visits(self, state: Optional[str] = None) -> Any:
        """Each entry into a state (``state``'s only, when given) with its input and output."""
        from asl.testing.assertions import visits

        return visits(self, state)

    def state_inputs(self, state: str) -> list[Any]:
        from asl.testing.assertions import state_inputs

        return state_inputs(self, state)

    def state_outputs(self, state: str) -> list[Any]:
        from asl.testing.assertions import state_outputs

        return state_outputs(self, state)

    def retries(self, state: Optional[str] = None) -> Any:
        """How often ``state`` was retried (a dict per state without one)."""
        from asl.testing.assertions import retries

        return retries(self, state)

    def assert_path(self, expected: Any) -> None:
        """Raise ``AssertionError`` with a diff unless the path is exactly ``expected``."""
        from asl.testing.assertions import assert_path

        assert_path(self, expected)

    def assert_visited(self, *states: str) -> None:
        from asl.testing.assertions import assert_visited

        assert_visited(self, *states)

    # ------------------------------------------------------------------ pictures
    def to_svg(self, **options: Any) -> str:
        """The state machine coloured by what this execution did, as SVG."""
        from asl import viz

        return viz.execution_svg(self, **options)

    def to_html(self, **options: Any) -> str:
        from asl import viz

        return viz.execution_html(self, **options)

    def to_dot(self, **options: Any) -> str:
        from asl import viz

        return viz.execution_dot(self, **options)

    def to_mermaid(self, **options: Any) -> str:
        from asl import viz

        return viz.execution_mermaid(self, **options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from asl import viz

        return viz.execution_mimebundle(self)

    def __repr__(self) -> str:
        if self.status == "SUCCEEDED":
            return f"<ExecutionResult SUCCEEDED output={self.output!r}>"
        return f"<ExecutionResult {self.status} error={self.error!r} cause={self.cause!r}>"
