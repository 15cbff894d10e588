"""State and transition coverage of the state machines run during a test session.

What can happen in a machine is read from its definition: every state, and every
transition a run can take -- each ``Next``, each Choice rule and ``Default``, each
Catcher, a Retry, each Parallel branch and a Map's iterations. What did happen comes
from the transition log of each ``ExecutionResult`` (``result.transitions``), handed to
``Coverage.observe`` through ``asl.machine.RUN_OBSERVERS``. Machines are told apart by
their definition, so two tests running the same file share one entry.

States are named as the interpreter names them (their ``Name``), so a name used in two
nested scopes of one machine counts as one state.
"""
from __future__ import annotations

import hashlib
import html
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from asl.graph import nested_machines


@dataclass(frozen=True)
class Edge:
    """One transition a run can take: ``kind`` is next, choice, default, catch, retry,
    branch or iteration; ``index`` the rule, catcher or branch number."""

    source: str
    kind: str
    index: Optional[int]
    target: Optional[str]

    @property
    def key(self) -> tuple[str, str, Optional[int]]:
        return (self.source, self.kind, self.index)

    def label(self) -> str:
        kind = self.kind if self.index is None else f"{self.kind}[{self.index}]"
        return f"{self.source} --{kind}--> {self.target}"


def machine_edges(definition: dict[str, Any]) -> tuple[list[str], list[Edge]]:
    """Every state name and every transition of a definition, nested scopes included."""
    states: list[str] = []
    edges: list[Edge] = []
    pending = [definition]
    while pending:
        scope = pending.pop(0)
        for name, state in scope.get("States", {}).items():
            states.append(name)
            edges.extend(_state_edges(name, state))
            pending.extend(child for _kind, _index, child in nested_machines(state))
    return states, edges


def _state_edges(name: str, state: dict[str, Any]) -> list[Edge]:
    edges = [Edge(name, "choice", i, rule.get("Next")) for i, rule in enumerate(state.get("Choices", ()))]
    if "Default" in state:
        edges.append(Edge(name, "default", None, state["Default"]))
    if "Next" in state:
        edges.append(Edge(name, "next", None, state["Next"]))
    if state.get("Retry"):
        edges.append(Edge(name, "retry", None, name))
    edges.extend(Edge(name, "catch", i, c.get("Next")) for i, c in enumerate(state.get("Catch", ())))
    edges.extend(Edge(name, "branch" if kind == "branch" else "iteration", index, child.get("StartAt"))
                 for kind, index, child in nested_machines(state))
    return edges


@dataclass
class MachineCoverage:
    """Coverage of one definition over every run observed."""

    label: str
    states: list[str]
    edges: list[Edge]
    visited: set[str] = field(default_factory=set)
    taken: set[tuple[str, str, Optional[int]]] = field(default_factory=set)
    runs: int = 0

    def add(self, result: Any) -> None:
        self.runs += 1
        self.visited.update(result.path)
        for source, _target, kind, index in result.transitions:
            self.taken.add((source, kind, index))

    @property
    def uncovered_states(self) -> list[str]:
        return [s for s in self.states if s not in self.visited]

    @property
    def uncovered_edges(self) -> list[Edge]:
        return [e for e in self.edges if e.key not in self.taken]

    @property
    def covered(self) -> int:
        return len(self.states) - len(self.uncovered_states) + len(self.edges) - len(self.uncovered_edges)

    @property
    def total(self) -> int:
        return len(self.states) + len(self.edges)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0

    @property
    def transition_percent(self) -> float:
        if not self.edges:
            return 100.0
        return 100.0 * (len(self.edges) - len(self.uncovered_edges)) / len(self.edges)

    def to_json(self) -> dict[str, Any]:
        return {
            "machine": self.label,
            "runs": self.runs,
            "states": {"total": len(self.states), "covered": len(self.states) - len(self.uncovered_states),
                       "uncovered": self.uncovered_states},
            "transitions": {"total": len(self.edges), "covered": len(self.edges) - len(self.uncovered_edges),
                            "uncovered": [_edge_json(e) for e in self.uncovered_edges]},
            "percent": round(self.percent, 2),
        }


def _edge_json(edge: Edge) -> dict[str, Any]:
    return {"from": edge.source, "kind": edge.kind, "index": edge.index, "to": edge.target}


class Coverage:
    """Collects coverage of every machine run while it is installed."""

    def __init__(self) -> None:
        self.machines: dict[str, MachineCoverage] = {}

    def observe(self, machine: Any, result: Any) -> None:
        raw = machine._raw
        key = _key(raw)
        entry = self.machines.get(key)
        if entry is None:
            states, edges = machine_edges(raw)
            entry = self.machines[key] = MachineCoverage(_label(machine, raw, key), states, edges)
        entry.add(result)

    @contextmanager
    def installed(self) -> Iterator["Coverage"]:
        """Observe every ``machine.run`` inside the ``with`` block."""
        from asl.machine import RUN_OBSERVERS

        RUN_OBSERVERS.append(self.observe)
        try:
            yield self
        finally:
            RUN_OBSERVERS.remove(self.observe)

    def for_machine(self, machine: Any) -> Optional[MachineCoverage]:
        return self.machines.get(_key(machine._raw))

    @property
    def percent(self) -> float:
        total = sum(m.total for m in self.machines.values())
        return 100.0 * sum(m.covered for m in self.machines.values()) / total if total else 100.0

    def to_json(self) -> dict[str, Any]:
        return {"percent": round(self.percent, 2), "machines": [m.to_json() for m in self.machines.values()]}

    def table(self) -> str:
        """The terminal report: one row per machine, then what each left uncovered."""
        rows = [("machine", "runs", "states", "transitions", "cover")]
        for m in self.machines.values():
            rows.append((m.label, str(m.runs), f"{len(m.states) - len(m.uncovered_states)}/{len(m.states)}",
                         f"{len(m.edges) - len(m.uncovered_edges)}/{len(m.edges)}", f"{m.percent:.0f}%"))
        rows.append(("TOTAL", "", "", "", f"{self.percent:.0f}%"))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
        lines.insert(1, "-" * len(lines[0]))
        lines.insert(len(lines) - 1, "-" * len(lines[0]))
        for m in self.machines.values():
            missing = [f"state {s}" for s in m.uncovered_states] + [e.label() for e in m.uncovered_edges]
            if missing:
                lines.append(f"{m.label}: not covered:")
                lines.extend(f"  {item}" for item in missing)
        return "\n".join(lines)

    def to_html(self) -> str:
        parts = ["<!doctype html><meta charset='utf-8'><title>asl coverage</title>",
                 "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
                 ".no{color:#b00}.yes{color:#070}</style>",
                 f"<h1>State machine coverage: {self.percent:.1f}%</h1>"]
        for m in self.machines.values():
            parts.append(f"<h2>{html.escape(m.label)} &mdash; {m.percent:.1f}% ({m.runs} runs)</h2><table>")
            parts.append("<tr><th>state</th><th>covered</th></tr>")
            for s in m.states:
                ok = s in m.visited
                parts.append(f"<tr><td>{html.escape(s)}</td><td class={'yes' if ok else 'no'}>{'yes' if ok else 'no'}</td></tr>")
            parts.append("<tr><th>transition</th><th>covered</th></tr>")
            for e in m.edges:
                ok = e.key in m.taken
                parts.append(f"<tr><td>{html.escape(e.label())}</td><td class={'yes' if ok else 'no'}>{'yes' if ok else 'no'}</td></tr>")
            parts.append("</table>")
        return "\n".join(parts)


def _key(definition: dict[str, Any]) -> str:
    """Machines are told apart by their definition, not by the object parsed from it."""
    return hashlib.sha256(json.dumps(definition, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _label(machine: Any, raw: dict[str, Any], key: str) -> str:
    name = getattr(machine, "name", "StateMachine")
    if name and name != "StateMachine":
        return name
    comment = raw.get("Comment")
    if isinstance(comment, str) and comment:
        return (comment[:40] + "...") if len(comment) > 40 else comment
    return f"StartAt {raw.get('StartAt')} ({key[:6]})"
