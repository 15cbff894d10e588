"""What a picture of a state machine shows, before any geometry: states, scopes and arrows.

Every picture format (SVG, DOT, Mermaid) is drawn from one ``Scene`` built from the
machine's graph (``asl.graph``), so they all show the same states, the same nesting and
the same edge labels. Scopes follow the graph's ids: ``""`` is the top level, a Map's
processor is the Map's id, branch ``i`` of a Parallel is ``<id>/<i>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asl.viz.text import TOOLTIP_CLIP, clip, errors_text, json_text, one_line, rule_text


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    type: str
    scope: str
    subtitle: str  # type and the one detail that tells this state apart ("Task · lambda:invoke")
    tooltip: str
    terminal: bool
    children: tuple[str, ...]  # ids of the scopes nested inside (Map: 1, Parallel: one a branch)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # next, choice, default or catch (of the first transition it stands for)
    label: str  # "" for plain Next arrows
    tooltip: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


@dataclass(frozen=True)
class Scope:
    id: str
    owner: str | None  # the Map/Parallel it belongs to; None at the top level
    index: int | None  # branch number for Parallel branches
    states: tuple[str, ...]  # node ids, in definition order
    start: str | None
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Scene:
    name: str
    comment: str
    nodes: dict[str, Node]
    scopes: dict[str, Scope]

    def node_by_name(self) -> dict[str, str]:
        """State name -> node id (names are unique across a whole definition)."""
        return {node.name: node.id for node in self.nodes.values()}

    def edges_by_key(self) -> dict[tuple[str, str], Edge]:
        return {edge.key: edge for scope in self.scopes.values() for edge in scope.edges}


def build_scene(machine: Any) -> Scene:
    graph = machine.graph
    raw = getattr(machine, "_raw", None)
    raw = raw if isinstance(raw, dict) else {}
    nodes: dict[str, Node] = {}
    members: dict[str, list[str]] = {}
    starts: dict[str, str] = {}
    for node_id, attrs in graph.nodes(data=True):
        scope = str(attrs.get("scope") or "")
        members.setdefault(scope, []).append(node_id)
        if attrs.get("start"):
            starts.setdefault(scope, node_id)
        nodes[node_id] = _node(node_id, attrs, _children(node_id, attrs))
    edges: dict[str, list[Edge]] = {}
    for source, target, attrs in graph.edges(data=True):
        if attrs.get("kind") in ("branch", "items"):
            continue
        edge = _edge(source, target, attrs, graph.nodes[source].get("state"))
        edges.setdefault(nodes[source].scope, []).append(edge)
    scopes = {scope_id: _scope(scope_id, ids, starts.get(scope_id), edges.get(scope_id, []), nodes)
              for scope_id, ids in members.items()}
    scopes.setdefault("", Scope("", None, None, (), None, ()))
    comment = raw.get("Comment")
    return Scene(str(getattr(machine, "name", "StateMachine")), comment if isinstance(comment, str) else "",
                 nodes, scopes)


def _scope(scope_id: str, ids: list[str], start: str | None, edges: list[Edge],
           nodes: dict[str, Node]) -> Scope:
    owner, index = None, None
    head, _, tail = scope_id.rpartition("/")
    if scope_id in nodes:  # a Map's processor
        owner = scope_id
    elif head in nodes and tail.isdigit():  # a Parallel's branch
        owner, index = head, int(tail)
    return Scope(scope_id, owner, index, tuple(ids), start, tuple(edges))


def _children(node_id: str, attrs: dict[str, Any]) -> tuple[str, ...]:
    kind = attrs.get("type")
    state = attrs.get("state")
    if kind == "Map":
        return (node_id,)
    if kind == "Parallel" and isinstance(state, dict) and isinstance(state.get("Branches"), list):
        return tuple(f"{node_id}/{i}" for i in range(len(state["Branches"])))
    return ()


def _node(node_id: str, attrs: dict[str, Any], children: tuple[str, ...]) -> Node:
    state = attrs.get("state")
    state = state if isinstance(state, dict) else {}
    kind = str(attrs.get("type") or "?")
    name = str(attrs.get("name") or node_id)
    detail = _detail(kind, state, len(children))
    subtitle = kind + (f" · {detail}" if detail else "") + (" · ↻" if state.get("Retry") else "")
    return Node(node_id, name, kind, str(attrs.get("scope") or ""), subtitle,
                _node_tooltip(name, kind, state), bool(attrs.get("end")), children)


def _detail(kind: str, state: dict[str, Any], branches: int) -> str:
    """The one fact that tells a state apart from others of its type."""
    if kind == "Task":
        return short_resource(state.get("Resource"))
    if kind == "Wait":
        for key, fmt in (("Seconds", "{}s"), ("SecondsPath", "{}"), ("Timestamp", "until {}"),
                         ("TimestampPath", "until {}")):
            if key in state:
                value = state[key]
                return fmt.format(value if isinstance(value, (str, int, float)) else json_text(value))
        return ""
    if kind == "Choice":
        rules = state.get("Choices")
        count = len(rules) if isinstance(rules, list) else 0
        return f"{count} rule{'s' * (count != 1)}"
    if kind == "Parallel":
        return f"{branches} branch{'es' * (branches != 1)}"
    if kind == "Map":
        return _map_detail(state)
    if kind == "Fail":
        error = state.get("Error", state.get("ErrorPath"))
        return one_line(error) if isinstance(error, str) else ""
    return ""


def _map_detail(state: dict[str, Any]) -> str:
    processor = state.get("ItemProcessor", state.get("Iterator"))
    config = processor.get("ProcessorConfig") if isinstance(processor, dict) else None
    mode = config.get("Mode") if isinstance(config, dict) else None
    parts = ["distributed"] if mode == "DISTRIBUTED" else []
    concurrency = state.get("MaxConcurrency")
    if isinstance(concurrency, int) and not isinstance(concurrency, bool) and concurrency > 0:
        parts.append(f"max {concurrency}")
    return " · ".join(parts)


def short_resource(resource: Any) -> str:
    """``arn:aws:states:::lambda:invoke`` -> ``lambda:invoke``; a Lambda ARN -> its function name."""
    if not isinstance(resource, str):
        return ""
    parts = resource.split(":")
    if len(parts) >= 6 and parts[2] == "states" and parts[5]:
        tail = ":".join(parts[5:])
        return tail[len("aws-sdk:"):] if tail.startswith("aws-sdk:") else tail
    if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
        return "λ " + parts[6]
    if len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity":
        return "activity " + parts[6]
    return resource


def _node_tooltip(name: str, kind: str, state: dict[str, Any]) -> str:
    lines = [name, f"Type: {kind}"]
    comment = state.get("Comment")
    if isinstance(comment, str) and comment:
        lines.append(clip(one_line(comment), TOOLTIP_CLIP))
    resource = state.get("Resource")
    if isinstance(resource, str):
        lines.append(f"Resource: {clip(resource, TOOLTIP_CLIP)}")
    for key, title in (("Retry", "Retry"), ("Catch", "Catch")):
        entries = state.get(key)
        if isinstance(entries, list):
            for entry in entries:
                errors = errors_text(entry.get("ErrorEquals")) if isinstance(entry, dict) else "?"
                target = f" → {entry['Next']}" if isinstance(entry, dict) and isinstance(entry.get("Next"), str) else ""
                attempts = ""
                if key == "Retry" and isinstance(entry, dict):
                    attempts = f" (max {entry.get('MaxAttempts', 3)} attempts)"
                lines.append(f"{title}: {clip(errors, TOOLTIP_CLIP)}{attempts}{target}")
    return "\n".join(lines)


def _edge(source: str, target: str, attrs: dict[str, Any], source_state: Any) -> Edge:
    transitions = attrs.get("transitions")
    if not isinstance(transitions, list) or not transitions:
        transitions = [attrs]
    rules = source_state.get("Choices") if isinstance(source_state, dict) else None
    rules = rules if isinstance(rules, list) else []
    labels: list[str] = []
    tips: list[str] = []
    for transition in transitions:
        text, tip = _transition_text(transition, rules)
        if text:
            labels.append(text)
        tips.append(tip)
    return Edge(source, target, str(attrs.get("kind") or "next"), " | ".join(labels), "\n".join(tips))


def _transition_text(transition: dict[str, Any], rules: list[Any]) -> tuple[str, str]:
    kind = transition.get("kind")
    if kind == "choice":
        index = transition.get("rule")
        if not isinstance(index, int) or not 0 <= index < len(rules):
            return "?", "Choice rule ?"
        text = rule_text(rules[index])
        return text, f"Choice rule {index + 1}: {clip(text, TOOLTIP_CLIP)}"
    if kind == "default":
        return "Default", "Default"
    if kind == "catch":
        text = errors_text(transition.get("errors"))
        return text, f"Catch #{transition.get('index', '?')}: {clip(text, TOOLTIP_CLIP)}"
    return "", "Next"
