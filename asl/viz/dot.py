"""The picture as Graphviz DOT text, for people who have Graphviz (``dot -Tpng``).

Map and Parallel become clusters. Graphviz cannot end an arrow on a cluster, so each
cluster holds a header node (its name, where arrows enter) and an invisible exit node
(where arrows leave), and arrows are clipped at the cluster's border (``lhead``/``ltail``).
"""
from __future__ import annotations

from typing import Iterator

from asl.viz.overlay import Overlay
from asl.viz.scene import Node, Scene
from asl.viz.svg import STATUS_STYLE, TYPE_COLOURS

FONT = "Helvetica"


def quote(text: str) -> str:
    """A DOT double-quoted string."""
    cleaned = "".join(ch if ch >= " " or ch == "\n" else " " for ch in text)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(scene: Scene, overlay: Overlay | None = None) -> str:
    lines = [
        f"digraph {quote(scene.name)} {{",
        f'  graph [rankdir=TB, compound=true, fontname="{FONT}", fontsize=11, nodesep=0.35, ranksep=0.45];',
        f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#9ba7b6", fontname="{FONT}", '
        "fontsize=11];",
        f'  edge [color="#7d8998", fontname="{FONT}", fontsize=10, fontcolor="#414d5c"];',
    ]
    lines += _scope(scene, "", overlay, "  ")
    lines += _edges(scene, overlay)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _start_id(scope: str) -> str:
    return quote("^" + scope)


def _end_id(node_id: str) -> str:
    return quote("$" + node_id)


def _scope(scene: Scene, scope_id: str, overlay: Overlay | None, indent: str) -> Iterator[str]:
    scope = scene.scopes[scope_id]
    marker = 'shape=oval, style=filled, fillcolor="#232f3e", fontcolor="#ffffff", color="#232f3e"'
    dot = 'shape=circle, width=0.12, height=0.12, label="", style=filled, fillcolor="#232f3e"'
    yield f"{indent}{_start_id(scope_id)} [{marker + ', label=Start' if not scope_id else dot}];"
    for node_id in scope.states:
        node = scene.nodes[node_id]
        if node.children:
            yield from _cluster(scene, node, overlay, indent)
        else:
            yield f"{indent}{quote(node_id)} [{_node_attributes(node, overlay)}];"
        if node.terminal:
            end = marker + ", label=End" if not scope_id else dot.replace("circle", "doublecircle")
            yield f"{indent}{_end_id(node_id)} [{end}];"


def _cluster(scene: Scene, node: Node, overlay: Overlay | None, indent: str) -> Iterator[str]:
    yield f"{indent}subgraph {quote('cluster_' + node.id)} {{"
    inner = indent + "  "
    fill, stroke = _colours(node, overlay)
    yield f'{inner}style="rounded,filled"; fillcolor="{fill}"; color="{stroke}"; label="";'
    yield f"{inner}{quote('header_' + node.id)} [{_node_attributes(node, overlay)}, shape=plaintext, style=\"\"];"
    yield f'{inner}{quote("exit_" + node.id)} [shape=point, style=invis, width=0.01];'
    for child in node.children:
        if child not in scene.scopes:
            continue
        if node.type == "Parallel":
            yield f"{inner}subgraph {quote('cluster_' + child)} {{"
            yield f'{inner}  style="dashed,rounded"; color="#b4becb"; label="";'
            yield from _scope(scene, child, overlay, inner + "  ")
            yield f"{inner}}}"
        else:
            yield from _scope(scene, child, overlay, inner)
    yield f"{indent}}}"


def _node_attributes(node: Node, overlay: Overlay | None) -> str:
    fill, stroke = _colours(node, overlay)
    label = f"{node.name}\n{node.subtitle}"
    run = overlay.states.get(node.id) if overlay is not None else None
    if overlay is not None:
        label += "\n" + (f"{run.status} ×{run.visits}" if run is not None else "not visited")
    return (f"label={quote(label)}, tooltip={quote(node.tooltip)}, fillcolor=\"{fill}\", color=\"{stroke}\", "
            f"penwidth={1.8 if run is not None else 1.2}")


def _colours(node: Node, overlay: Overlay | None) -> tuple[str, str]:
    if overlay is None:
        return "#ffffff", TYPE_COLOURS.get(node.type, "#9ba7b6")
    run = overlay.states.get(node.id)
    fill, stroke, _ = STATUS_STYLE[run.status if run is not None else "idle"]
    return fill, stroke


def _edges(scene: Scene, overlay: Overlay | None) -> Iterator[str]:
    taken = overlay.taken if overlay is not None else {}
    for scope in scene.scopes.values():
        if scope.start is not None:
            yield f"  {_start_id(scope.id)} -> {_entry(scene, scope.start)}{_arrow(scene, None, scope.start, taken, ('^' + scope.id, scope.start))};"
            if scope.owner is not None:
                yield f"  {quote('header_' + scope.owner)} -> {_start_id(scope.id)}{_arrow(scene, None, None, taken, (scope.owner, '^' + scope.id))};"
        for node_id in scope.states:
            node = scene.nodes[node_id]
            if node.terminal:
                yield f"  {_exit(scene, node_id)} -> {_end_id(node_id)}{_arrow(scene, node_id, None, taken, (node_id, '$' + node_id))};"
            for child in node.children:
                for inner in scene.scopes.get(child, scope).states:
                    if scene.nodes[inner].terminal:
                        yield f'  {_end_id(inner)} -> {quote("exit_" + node_id)} [style=invis];'
        for edge in scope.edges:
            extra = [f"label={quote(edge.label)}"] if edge.label else []
            extra.append(f"tooltip={quote(edge.tooltip)}")
            if edge.kind == "catch":
                extra.append('style=dashed, color="#c4561b", fontcolor="#a8420f"')
            yield (f"  {_exit(scene, edge.source)} -> {_entry(scene, edge.target)}"
                   f"{_arrow(scene, edge.source, edge.target, taken, edge.key, extra)};")


def _entry(scene: Scene, node_id: str) -> str:
    return quote("header_" + node_id) if scene.nodes[node_id].children else quote(node_id)


def _exit(scene: Scene, node_id: str) -> str:
    return quote("exit_" + node_id) if scene.nodes[node_id].children else quote(node_id)


def _arrow(scene: Scene, source: str | None, target: str | None, taken: dict, key: tuple[str, str],
           extra: list[str] | None = None) -> str:
    attributes = list(extra or [])
    if source is not None and scene.nodes[source].children:
        attributes.append(f"ltail={quote('cluster_' + source)}")
    if target is not None and scene.nodes[target].children:
        attributes.append(f"lhead={quote('cluster_' + target)}")
    if key in taken:
        attributes.append('penwidth=2.4, color="#0b4f95"')
    return f" [{', '.join(attributes)}]" if attributes else ""
