"""The states of a definition as a graph: who can follow whom, and why.

``build_graph(definition)`` returns a ``networkx.DiGraph`` (networkx is imported there, on
first use, since it costs half a second to import). ``transitions(state)`` is the pure
part both the graph and the validator's reachability check are built on.

Node ids. A top-level state is its name; a state inside a Map's processor is
``<map id>/<name>``; a state inside branch ``i`` of a Parallel is ``<parallel id>/<i>/<name>``
(``Par/0/Inner``). Inside a segment, ``%`` and ``/`` are written ``%25`` and ``%2F``, so
an id always splits back into the same chain of states, whatever the names contain.

Node attributes: ``name``, ``type``, ``comment``, ``scope`` (id of the enclosing scope:
``""`` at the top, ``"Par/0"`` for a branch, ``"Map"`` for a processor), ``parent`` (id of
the enclosing Map/Parallel, or None), ``start`` (StartAt of its scope), ``end`` (terminal:
``End: true``, Succeed or Fail) and ``state`` (the state's JSON, shared, not to be mutated).

Edge attributes: ``kind`` -- ``next``, ``choice`` (with ``rule``, the index in Choices),
``default``, ``catch`` (with ``index`` and ``errors``), ``branch`` (Parallel to a branch's
start, with ``index``) or ``items`` (Map to its processor's start). When several
transitions join the same two states (two Choice rules to one target) the edge keeps the
first one's attributes and lists them all in ``transitions``. Graph attribute ``start`` is
the id of the machine's StartAt state.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Transition = tuple[str, str, dict[str, Any]]  # (kind, target name, extra attributes)


def transitions(state: Any) -> list[Transition]:
    """Every transition out of one state within its own scope, in definition order."""
    if not isinstance(state, dict):
        return []
    found: list[Transition] = []
    choices = state.get("Choices")
    if isinstance(choices, list):
        for index, rule in enumerate(choices):
            if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                found.append(("choice", rule["Next"], {"rule": index}))
    if isinstance(state.get("Default"), str):
        found.append(("default", state["Default"], {}))
    if isinstance(state.get("Next"), str):
        found.append(("next", state["Next"], {}))
    catchers = state.get("Catch")
    if isinstance(catchers, list):
        for index, catcher in enumerate(catchers):
            if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
                errors = catcher.get("ErrorEquals")
                errors = list(errors) if isinstance(errors, list) else []
                found.append(("catch", catcher["Next"], {"index": index, "errors": errors}))
    return found


def is_terminal(state: Any) -> bool:
    return isinstance(state, dict) and (
        state.get("End") is True or state.get("Type") in ("Succeed", "Fail")
    )


def nested_machines(state: Any) -> list[tuple[str, Any, Any]]:
    """(kind, index or None, machine) for each machine nested in a Parallel or Map."""
    if not isinstance(state, dict):
        return []
    kind = state.get("Type")
    if kind == "Parallel" and isinstance(state.get("Branches"), list):
        return [("branch", i, b) for i, b in enumerate(state["Branches"]) if isinstance(b, dict)]
    if kind == "Map":
        processor = state.get("ItemProcessor", state.get("Iterator"))
        if isinstance(processor, dict):
            return [("items", None, processor)]
    return []


def segment(name: str) -> str:
    """A state name as one segment of a node id."""
    return name.replace("%", "%25").replace("/", "%2F")


def build_graph(definition: dict[str, Any]) -> Any:
    """A ``networkx.DiGraph`` of every state of a validated definition."""
    import networkx as nx

    graph = nx.DiGraph()
    for prefix, scope, machine, parent in _scopes(definition):
        _add_scope(graph, prefix, scope, machine, parent)
    start = definition.get("StartAt")
    graph.graph["start"] = segment(start) if isinstance(start, str) else None
    return graph


def _scopes(definition: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str | None]]:
    """(id prefix, scope id, machine, parent id) for every machine, outermost first."""
    pending: list[tuple[str, str, dict[str, Any], str | None]] = [("", "", definition, None)]
    while pending:
        prefix, scope, machine, parent = pending.pop(0)
        yield prefix, scope, machine, parent
        states = machine.get("States")
        if not isinstance(states, dict):
            continue
        for name, state in states.items():
            node = prefix + segment(name)
            for kind, index, child in nested_machines(state):
                child_scope = node if index is None else f"{node}/{index}"
                pending.append((child_scope + "/", child_scope, child, node))


def _add_scope(graph: Any, prefix: str, scope: str, machine: dict[str, Any], parent: str | None) -> None:
    states = machine.get("States")
    if not isinstance(states, dict):
        return
    start = machine.get("StartAt")
    for name, state in states.items():
        node = prefix + segment(name)
        graph.add_node(
            node,
            name=name,
            type=state.get("Type") if isinstance(state, dict) else None,
            comment=state.get("Comment") if isinstance(state, dict) else None,
            scope=scope,
            parent=parent,
            start=name == start,
            end=is_terminal(state),
            state=state,
        )
    for name, state in states.items():
        node = prefix + segment(name)
        for kind, target, extra in transitions(state):
            if target in states:
                _add_edge(graph, node, prefix + segment(target), {"kind": kind, **extra})
        for kind, index, child in nested_machines(state):
            child_start = child.get("StartAt")
            child_states = child.get("States")
            if isinstance(child_start, str) and isinstance(child_states, dict) and child_start in child_states:
                child_prefix = f"{node}/" if index is None else f"{node}/{index}/"
                extra = {} if index is None else {"index": index}
                _add_edge(graph, node, child_prefix + segment(child_start), {"kind": kind, **extra})


def _add_edge(graph: Any, source: str, target: str, attributes: dict[str, Any]) -> None:
    if graph.has_edge(source, target):
        graph.edges[source, target]["transitions"].append(attributes)
        return
    graph.add_edge(source, target, **attributes, transitions=[attributes])
