"""Geometry of a picture: where every box, marker, edge label and arrow goes.

Each scope (the top level, a Map's processor, a Parallel's branch) is laid out on its own
by the layered layout of ``layered.py``; a Map or Parallel is one big box in its parent's
layout, holding its processor or its branches (side by side), laid out first. Edge labels
and Start/End markers are vertices of the layout like the states, so the layout keeps
them off the boxes; back edges (loops) are turned round for the layout and routed through
its dummy vertices, so they run between boxes, never across them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Hashable, Iterable

from asl.viz.geometry import Rect, Segment, shift_segments, vertical_path
from asl.viz.layered import layered
from asl.viz.scene import Edge, Node, Scene
from asl.viz.text import shorten, text_width

TITLE_SIZE = 13.0
SUBTITLE_SIZE = 10.5
LABEL_SIZE = 10.5
BOLD = 1.1  # titles are set bold: DejaVu Sans Bold is a tenth wider
BOX_PAD = 10.0
BOX_MIN_W = 96.0
NOTE_MIN_W = 124.0  # an execution picture's boxes fit "caught · 12 items · 6s"
BOX_MAX_W = 220.0
BOX_H = 42.0
NOTE_H = 15.0  # the execution line (visits, retries, time) of an execution picture
HEADER_H = 42.0
CLUSTER_PAD = 12.0
PANEL_PAD = 10.0
PANEL_GAP = 14.0
LABEL_H = 16.0
LABEL_MAX_W = 170.0
LABEL_INSET = 5.0  # the edge passes this far inside its label's vertex; the text follows
LOOP_W = 24.0
PILL = (50.0, 22.0)  # Start / End at the top level
DOT = (12.0, 12.0)  # start and end of a Map's processor or a Parallel's branch
MARGIN = 12.0

VertexKey = Hashable


@dataclass(frozen=True)
class Label:
    key: tuple[str, str]  # the edge (source, target)
    rect: Rect
    text: str  # as shown (maybe shortened)


@dataclass(frozen=True)
class Route:
    key: tuple[str, str]  # (source, target) of the arrow; markers are "^scope" and "$node"
    kind: str  # next, choice, default, catch, start, end, branch, items
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Marker:
    kind: str  # "start" or "end"
    rect: Rect
    owner: str  # the scope it starts, or the terminal state it ends
    top_level: bool


@dataclass
class Layout:
    width: float = 0.0
    height: float = 0.0
    boxes: dict[str, Rect] = field(default_factory=dict)  # every state, Map/Parallel included
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # title, subtitle as shown
    headers: dict[str, Rect] = field(default_factory=dict)  # the title strip of a Map/Parallel
    panels: list[tuple[str, Rect]] = field(default_factory=list)  # Parallel branches
    markers: list[Marker] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)

    def absorb(self, other: Layout, dx: float, dy: float) -> None:
        """Add ``other``'s items moved by (dx, dy)."""
        self.boxes.update({k: r.shifted(dx, dy) for k, r in other.boxes.items()})
        self.texts.update(other.texts)
        self.headers.update({k: r.shifted(dx, dy) for k, r in other.headers.items()})
        self.panels.extend((k, r.shifted(dx, dy)) for k, r in other.panels)
        self.markers.extend(replace(m, rect=m.rect.shifted(dx, dy)) for m in other.markers)
        self.labels.extend(replace(lb, rect=lb.rect.shifted(dx, dy)) for lb in other.labels)
        self.routes.extend(replace(r, segments=shift_segments(r.segments, dx, dy)) for r in other.routes)


def layout_scene(scene: Scene, annotated: bool = False) -> Layout:
    """The whole picture's geometry; ``annotated`` leaves room for an execution's figures."""
    inner = _scope_layout(scene, "", annotated)
    picture = Layout(width=inner.width + 2 * MARGIN, height=inner.height + 2 * MARGIN)
    picture.absorb(inner, MARGIN, MARGIN)
    return picture


# ---------------------------------------------------------------- one scope
Chain = tuple["Edge | None", list[VertexKey], bool]  # the edge, its vertices downwards, drawn upwards?


@dataclass
class _ScopeGraph:
    """The acyclic graph handed to the layered layout for one scope: a vertex per state,
    marker, edge label and relay, the links between them, and each arrow's chain of them."""
    sizes: dict[VertexKey, tuple[float, float]] = field(default_factory=dict)
    links: list[tuple[VertexKey, VertexKey]] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    labels: dict[VertexKey, str] = field(default_factory=dict)  # label vertex -> text shown

    def chain(self, edge: Edge | None, vertices: list[VertexKey], reverse: bool = False) -> None:
        self.links.extend(zip(vertices, vertices[1:]))
        self.chains.append((edge, vertices, reverse))

    def add_markers(self, scope: Any, nodes: list[Node], marker: tuple[float, float]) -> VertexKey:
        start: VertexKey = ("^", scope.id)
        self.sizes[start] = marker
        if scope.start is not None:
            self.chain(None, [start, scope.start])
        for node in nodes:
            if node.terminal:
                self.sizes[("$", node.id)] = marker
                self.chain(None, [node.id, ("$", node.id)])
        return start

    def widen_for_loops(self, loops: list[Edge], labels: dict[str, tuple[str, float]]) -> None:
        """A state with an arrow to itself (one at most) takes room on its right for the loop
        and its label."""
        for edge in loops:
            w, h = self.sizes[edge.source]
            self.sizes[edge.source] = (w + LOOP_W + labels.get(edge.source, ("", 0.0))[1], h)

    def add_edges(self, scope: Any) -> None:
        """Each arrow as a chain: through its label's vertex if it has a label, through a relay
        if two arrows join the same boxes, turned round if it closes a loop."""
        back = _back_edges(scope.start, scope.states, scope.edges)
        used = {frozenset(link) for link in self.links}
        for edge in scope.edges:
            if edge.source == edge.target:
                continue
            reverse = edge.key in back
            upper, lower = (edge.target, edge.source) if reverse else (edge.source, edge.target)
            middle: list[VertexKey] = []
            if edge.label:
                key: VertexKey = ("label", edge.source, edge.target)
                self.labels[key], width = _edge_label(edge.label)
                self.sizes[key] = (width + 2 * LABEL_INSET, LABEL_H)
                middle = [key]
            elif frozenset((upper, lower)) in used:
                key = ("relay", edge.source, edge.target)
                self.sizes[key] = (2.0, 1.0)
                middle = [key]
            used.add(frozenset((upper, lower)))
            self.chain(edge, [upper, *middle, lower], reverse)


def _scope_layout(scene: Scene, scope_id: str, annotated: bool) -> Layout:
    scope = scene.scopes[scope_id]
    top = scope_id == ""
    nodes = [scene.nodes[n] for n in scope.states]
    clusters = {n.id: _cluster_layout(scene, n, annotated) for n in nodes if n.children}
    boxes: dict[VertexKey, tuple[float, float]] = {n.id: (clusters[n.id].width, clusters[n.id].height) if n.id in clusters
             else (_box_width(n, annotated), BOX_H + NOTE_H * annotated) for n in nodes}
    graph = _ScopeGraph(sizes=dict(boxes))
    start = graph.add_markers(scope, nodes, PILL if top else DOT)
    loops = [e for e in scope.edges if e.source == e.target]
    loop_labels = {e.source: _edge_label(e.label) for e in loops if e.label}
    graph.widen_for_loops(loops, loop_labels)
    graph.add_edges(scope)
    laid = layered(graph.sizes, graph.links, [start])
    rects: dict[VertexKey, Rect] = {}
    for key, (cx, cy) in laid.centers.items():
        w, h = boxes.get(key, graph.sizes[key])  # a state's box, not the room its loop takes beside it
        rects[key] = Rect(cx - graph.sizes[key][0] / 2, cy - h / 2, w, h)
    out = Layout(width=laid.width, height=laid.height)
    for node in nodes:
        _place_node(out, node, rects[node.id], clusters.get(node.id))
    _place_markers_and_labels(out, rects, graph.labels, top)
    out.routes.extend(_routes(graph.chains, laid.stations, rects))
    for edge in loops:
        box = rects[edge.source]
        out.routes.append(_loop_route(edge, box))
        if edge.source in loop_labels:
            text, width = loop_labels[edge.source]
            out.labels.append(Label(edge.key, Rect(box.right + LOOP_W, box.cy - LABEL_H / 2, width, LABEL_H), text))
    return out


def _place_markers_and_labels(out: Layout, rects: dict[VertexKey, Rect], labels: dict[VertexKey, str],
                              top: bool) -> None:
    for key, rect in rects.items():
        if not isinstance(key, tuple):
            continue
        if key[0] in ("^", "$"):
            out.markers.append(Marker("start" if key[0] == "^" else "end", rect, key[1], top))
        elif key[0] == "label":  # the edge runs down the vertex's left side, the text follows
            text = Rect(rect.x + 2 * LABEL_INSET, rect.y, rect.w - 2 * LABEL_INSET, LABEL_H)
            out.labels.append(Label((key[1], key[2]), text, labels[key]))


def _edge_label(text: str) -> tuple[str, float]:
    """An edge label as shown (cut to ``LABEL_MAX_W``) and the width it takes."""
    shown = shorten(text, LABEL_SIZE, LABEL_MAX_W)
    return shown, text_width(shown, LABEL_SIZE) + 6.0


def _box_width(node: Node, annotated: bool) -> float:
    """The width a state's title and subtitle ask for, within the limits of a box."""
    wanted = max(text_width(node.name, TITLE_SIZE) * BOLD, text_width(node.subtitle, SUBTITLE_SIZE))
    return min(max(wanted + 2 * BOX_PAD, NOTE_MIN_W if annotated else BOX_MIN_W), BOX_MAX_W)


def _place_node(out: Layout, node: Node, rect: Rect, body: Layout | None) -> None:
    """The box, its title and subtitle as they fit in it (full texts go in tooltips), and
    for a Map or Parallel what it holds."""
    room = rect.w - 2 * BOX_PAD
    out.boxes[node.id] = rect
    out.texts[node.id] = shorten(node.name, TITLE_SIZE * BOLD, room), shorten(node.subtitle, SUBTITLE_SIZE, room)
    if body is not None:
        out.absorb(body, rect.x, rect.y)


def _back_edges(start: str | None, states: Iterable[str], edges: Iterable[Edge]) -> set[tuple[str, str]]:
    """Edges that close a loop, found by a depth-first walk from the start in definition
    order, so that the flow a reader follows runs downwards and only the loops go up."""
    outgoing: dict[str, list[str]] = {}
    for edge in edges:
        if edge.source != edge.target:
            outgoing.setdefault(edge.source, []).append(edge.target)
    back: set[tuple[str, str]] = set()
    done: set[str] = set()
    for root in ([start] if start is not None else []) + list(states):
        if root in done:
            continue
        on_path = {root}
        stack = [(root, iter(outgoing.get(root, ())))]
        done.add(root)
        while stack:
            node, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                stack.pop()
                on_path.discard(node)
            elif target in on_path:
                back.add((node, target))
            elif target not in done:
                done.add(target)
                on_path.add(target)
                stack.append((target, iter(outgoing.get(target, ()))))
    return back


# ---------------------------------------------------------------- Map and Parallel
def _cluster_layout(scene: Scene, node: Node, annotated: bool) -> Layout:
    """A Map or Parallel as one box: a header, then its processor or its branches side by side."""
    header_h = HEADER_H + NOTE_H * annotated
    children = [child for child in node.children if child in scene.scopes]
    parts = [_scope_layout(scene, child, annotated) for child in children]
    is_map = node.type == "Map"  # one processor, no panel; a Parallel's branches get one each
    pad = 0.0 if is_map else PANEL_PAD
    widths = [p.width + 2 * pad for p in parts]
    content_w = sum(widths) + PANEL_GAP * max(len(parts) - 1, 0)
    content_h = max((p.height + 2 * pad for p in parts), default=0.0)
    width = max(content_w + 2 * CLUSTER_PAD, _box_width(node, annotated))
    out = Layout(width=width, height=header_h + content_h + 2 * CLUSTER_PAD * bool(parts))
    out.headers[node.id] = Rect(0.0, 0.0, width, header_h)
    x = (width - content_w) / 2
    for scope_id, part, w in zip(children, parts, widths):
        y = header_h + CLUSTER_PAD
        if not is_map:
            out.panels.append((scope_id, Rect(x, y, w, part.height + 2 * pad)))
        out.absorb(part, x + pad, y + pad)
        x += w + PANEL_GAP
    for marker in out.markers:
        if marker.kind == "start" and marker.owner in node.children:
            kind = "items" if is_map else "branch"
            line = vertical_path([(marker.rect.cx, header_h), (marker.rect.cx, marker.rect.y)], [False])
            out.routes.append(Route((node.id, "^" + marker.owner), kind, line))
    return out


# ---------------------------------------------------------------- arrows
def _routes(chains: list[Chain], stations: dict, rects: dict) -> list[Route]:
    """One arrow per chain, through the stations the layout gave each of its links, leaving
    boxes at the bottom and entering them at the top at ports spread along the side."""
    paths = []
    for edge, chain, reverse in chains:
        path: list[Any] = []
        for link in zip(chain, chain[1:]):
            found = stations.get(link)
            if not found:
                break
            path.extend(found if not path else found[1:])
        else:
            paths.append((edge, chain, reverse, path))
    ports = _ports(paths, rects)
    routes = []
    for index, (edge, chain, reverse, path) in enumerate(paths):
        points = [(ports[(index, "out")], rects[chain[0]].bottom), (ports[(index, "out")], path[0].bottom)]
        curves = [False]
        for station in path[1:-1]:
            x = _through_x(station, rects)
            points += [(x, station.top), (x, station.bottom)]
            curves += [True, False]
        x_in = ports[(index, "in")]
        points += [(x_in, path[-1].top), (x_in, rects[chain[-1]].y)]
        curves += [True, False]
        points, curves = _drop_empty(points, curves)
        if reverse:
            points, curves = points[::-1], curves[::-1]
        if edge is None:
            start = chain[0]
            kind = "start" if isinstance(start, tuple) and start[0] == "^" else "end"
            key = (_marker_name(chain[0]), _marker_name(chain[-1]))
        else:
            kind, key = edge.kind, edge.key
        routes.append(Route(key, kind, vertical_path(points, curves)))
    return routes


def _marker_name(key: VertexKey) -> str:
    return key[0] + key[1] if isinstance(key, tuple) else str(key)


def _through_x(station: object, rects: dict) -> float:
    key = station.key  # type: ignore[attr-defined]
    if isinstance(key, tuple) and key[0] == "label":
        return rects[key].x + LABEL_INSET
    return station.x  # type: ignore[attr-defined]


def _drop_empty(points: list[tuple[float, float]], curves: list[bool]) -> tuple[list, list]:
    kept_points, kept_curves = [points[0]], []
    for point, curve in zip(points[1:], curves):
        last = kept_points[-1]
        if abs(point[0] - last[0]) < 0.05 and abs(point[1] - last[1]) < 0.05:
            continue
        kept_points.append(point)
        kept_curves.append(curve)
    if len(kept_points) == 1:  # nothing to draw but an arrowhead: keep a stub
        kept_points.append((points[-1][0], points[-1][1] + 0.1))
        kept_curves.append(False)
    return kept_points, kept_curves


def _ports(paths: list, rects: dict) -> dict[tuple[int, str], float]:
    """x of each arrow's end on its box: the arrows leaving (or entering) one box spread
    along its bottom (or top) in the order of where they go (or come from)."""
    sides: dict[tuple[VertexKey, str], list[tuple[float, int]]] = {}
    for index, (_, chain, _, path) in enumerate(paths):
        sides.setdefault((chain[0], "out"), []).append((path[1].x if len(path) > 1 else 0.0, index))
        sides.setdefault((chain[-1], "in"), []).append((path[-2].x if len(path) > 1 else 0.0, index))
    ports: dict[tuple[int, str], float] = {}
    for (key, side), ends in sides.items():
        rect = rects[key]
        ends.sort()
        spacing = min(16.0, rect.w * 0.7 / max(len(ends) - 1, 1))
        for i, (_, index) in enumerate(ends):
            ports[(index, side)] = rect.cx + (i - (len(ends) - 1) / 2) * spacing
    return ports


def _loop_route(edge: Edge, box: Rect) -> Route:
    """A state's arrow to itself: a loop on its right side."""
    y0, y1 = box.cy - 7, box.cy + 7
    reach = box.right + LOOP_W * 1.25
    return Route(edge.key, edge.kind, (("M", (box.right, y0)), ("C", (reach, y0 - 12, reach, y1 + 12, box.right, y1))))
