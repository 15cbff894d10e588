"""``StateMachine``: a parsed, validated definition, ready to run.

Built by ``asl.parse``; holds the raw definition (validated), the typed model, the
warnings found while validating, and (lazily) the graph.
"""
from __future__ import annotations

import copy
from typing import Any, Sequence

from asl.errors import Problem


class StateMachine:
    def __init__(
        self,
        definition: dict[str, Any],
        *,
        model: Any = None,
        warnings: Sequence[Problem] = (),
        machine_type: str = "STANDARD",
    ):
        self._raw = definition
        self._model = model
        self.warnings: list[Problem] = list(warnings)
        self.machine_type = machine_type
        self._graph: Any = None

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
