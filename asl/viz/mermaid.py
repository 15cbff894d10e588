"""The picture as Mermaid flowchart text, for Markdown renderers that draw Mermaid.

Node ids are ``n0``, ``n1``... (state names may hold any character); labels use Mermaid's
``#quot;``-style entity codes for the characters its syntax reserves. Map and Parallel
become subgraphs, which Mermaid lets arrows start and end on.
"""
from __future__ import annotations

from typing import Iterator

from asl.viz.overlay import Overlay
from asl.viz.scene import Scene
from asl.viz.svg import STATUS_STYLE

_SHAPES = {"Choice": ("{", "}"), "Succeed": ("([", "])"), "Fail": ("([", "])")}
_ENTITIES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"))


def label(text: str) -> str:
    """Text inside a Mermaid double-quoted label, on one line."""
    text = " ".join(text.split())
    for char, entity in _ENTITIES:
        text = text.replace(char, entity)
    return '"' + text + '"'


def render_mermaid(scene: Scene, overlay: Overlay | None = None) -> str:
    ids = {node_id: f"n{i}" for i, node_id in enumerate(scene.nodes)}
    lines = ["flowchart TD"]
    lines += _scope(scene, "", ids, "  ")
    lines += _edges(scene, ids, overlay)
    if overlay is not None:
        lines += _classes(scene, ids, overlay)
    return "\n".join(lines) + "\n"


def _scope(scene: Scene, scope_id: str, ids: dict[str, str], indent: str) -> Iterator[str]:
    scope = scene.scopes[scope_id]
    start_word, end_word = ("Start", "End") if not scope_id else (" ", " ")
    yield f"{indent}{_start(scene, scope_id, ids)}(({label(start_word)}))"
    for node_id in scope.states:
        node = scene.nodes[node_id]
        if node.children:
            yield f"{indent}subgraph {ids[node_id]} [{label(node.name + ' · ' + node.subtitle)}]"
            yield f"{indent}  direction TB"
            for child in node.children:
                if child in scene.scopes:
                    yield from _scope(scene, child, ids, indent + "  ")
            yield f"{indent}end"
        else:
            opening, closing = _SHAPES.get(node.type, ("(", ")"))
            yield f"{indent}{ids[node_id]}{opening}{label(node.name)[:-1]}<br/>{label(node.subtitle)[1:]}{closing}"
        if node.terminal:
            yield f"{indent}{ids[node_id]}_end(({label(end_word)}))"


def _start(scene: Scene, scope_id: str, ids: dict[str, str]) -> str:
    scope = scene.scopes[scope_id]
    if scope.owner not in ids:
        return "start"
    return f"{ids[scope.owner]}_start{'' if scope.index is None else scope.index}"


def _edges(scene: Scene, ids: dict[str, str], overlay: Overlay | None) -> Iterator[str]:
    taken = overlay.taken if overlay is not None else {}
    count = 0
    thick: list[int] = []
    for scope in scene.scopes.values():
        arrows: list[tuple[str, str, str, tuple[str, str]]] = []
        if scope.start is not None:
            arrows.append((_start(scene, scope.id, ids), "-->", ids[scope.start], ("^" + scope.id, scope.start)))
        for node_id in scope.states:
            if scene.nodes[node_id].terminal:
                arrows.append((ids[node_id], "-->", ids[node_id] + "_end", (node_id, "$" + node_id)))
        for edge in scope.edges:
            text = f"|{label(edge.label)}|" if edge.label else ""
            arrow = ("-.->" if edge.kind == "catch" else "-->") + text
            arrows.append((ids[edge.source], arrow, ids[edge.target], edge.key))
        for source, arrow, target, key in arrows:
            if key in taken:
                thick.append(count)
            count += 1
            yield f"  {source} {arrow} {target}"
    if thick:
        yield f"  linkStyle {','.join(map(str, thick))} stroke:#0b4f95,stroke-width:3px"


def _classes(scene: Scene, ids: dict[str, str], overlay: Overlay) -> Iterator[str]:
    members: dict[str, list[str]] = {}
    for node_id in scene.nodes:
        run = overlay.states.get(node_id)
        members.setdefault(run.status if run is not None else "idle", []).append(ids[node_id])
    for status, (fill, stroke, _) in STATUS_STYLE.items():
        if status in members:
            yield f"  classDef {status} fill:{fill},stroke:{stroke},stroke-width:2px"
            yield f"  class {','.join(members[status])} {status}"
