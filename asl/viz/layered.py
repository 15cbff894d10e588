"""A layered (Sugiyama) layout of one acyclic graph of boxes, by grandalf.

grandalf (pure Python, no system binary) ranks the vertices, adds dummy vertices along
long edges, orders each layer to reduce crossings and assigns x coordinates (Brandes &
Köpf). Around it this module adds what a picture needs and grandalf does not promise:
every layer is a horizontal band of its own (boxes of one layer share a centre line, the
gap between two bands holds no box), boxes of one layer never overlap (grandalf averages
four alignments, which can bring two neighbours too close: they are pushed apart), and the
components of a disconnected graph sit side by side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable

GAP_X = 26.0  # between two boxes of one layer
GAP_DUMMY = 12.0  # next to an edge's dummy vertex
GAP_Y = 34.0  # between two layers: room for the edges' curves
GAP_COMPONENTS = 40.0
DUMMY_W = 2.0
ORDERING_ROUNDS = 2.5  # grandalf's ``draw(N)``: down-up sweeps reducing crossings


@dataclass(frozen=True)
class Station:
    """Where an edge crosses one layer: at ``x``, between ``top`` and ``bottom``."""
    x: float
    top: float
    bottom: float
    key: Hashable | None  # the vertex there, None for grandalf's dummy vertices


@dataclass
class Layered:
    centers: dict[Hashable, tuple[float, float]] = field(default_factory=dict)
    stations: dict[tuple[Hashable, Hashable], list[Station]] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


class _View:
    """What grandalf reads (``w``, ``h``) and writes (``xy``) on a vertex."""
    __slots__ = ("w", "h", "xy")

    def __init__(self, w: float, h: float):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


def layered(sizes: dict[Hashable, tuple[float, float]], links: list[tuple[Hashable, Hashable]],
            roots: list[Hashable]) -> Layered:
    """Lay out the DAG ``links`` over the boxes ``sizes`` (w, h), ``roots`` on top.

    Every link must go between two different keys of ``sizes`` and the links must form
    no cycle and hold no pair twice: the caller turns back edges round and splits
    repeated pairs before calling."""
    from grandalf.graphs import Edge, Graph, Vertex

    vertices = {key: Vertex(key) for key in sizes}
    for key, vertex in vertices.items():
        vertex.view = _View(*sizes[key])
    edges = {link: Edge(vertices[link[0]], vertices[link[1]]) for link in links}
    graph = Graph(list(vertices.values()), list(edges.values()))
    result = Layered()
    x_offset = 0.0
    for component in graph.C:
        part = _component(component, edges, set(roots))
        for key, (x, y) in part.centers.items():
            result.centers[key] = (x + x_offset, y)
        for link, stations in part.stations.items():
            result.stations[link] = [Station(s.x + x_offset, s.top, s.bottom, s.key) for s in stations]
        x_offset += part.width + GAP_COMPONENTS
        result.height = max(result.height, part.height)
    result.width = max(x_offset - GAP_COMPONENTS, 0.0)
    return result


def _component(component: object, edges: dict[tuple[Hashable, Hashable], object], roots: set[Hashable]) -> Layered:
    from grandalf.layouts import SugiyamaLayout

    sugiyama = SugiyamaLayout(component)
    sugiyama.xspace, sugiyama.yspace = GAP_X, GAP_Y
    sugiyama.dw, sugiyama.dh = DUMMY_W, 1.0
    vertices = list(component.sV)  # type: ignore[attr-defined]
    tops = [v for v in vertices if v.data in roots] or [v for v in vertices if not v.e_in()]
    sugiyama.init_all(roots=tops, inverted_edges=[])
    sugiyama.draw(ORDERING_ROUNDS)
    bands = _bands(sugiyama.layers)
    xs = _separated_xs(sugiyama.layers)
    left = min((xs[v] - v.view.w / 2 for layer in sugiyama.layers for v in layer), default=0.0)
    right = max((xs[v] + v.view.w / 2 for layer in sugiyama.layers for v in layer), default=0.0)
    part = Layered(width=right - left, height=bands[-1][1] if bands else 0.0)
    for rank, layer in enumerate(sugiyama.layers):
        top, bottom = bands[rank]
        for v in layer:
            if _is_real(v):
                part.centers[v.data] = (xs[v] - left, (top + bottom) / 2)
    for link, edge in edges.items():
        if link[0] not in part.centers:
            continue
        part.stations[link] = _stations(sugiyama, edge, bands, xs, left)
    return part


def _is_real(vertex: object) -> bool:
    return not hasattr(vertex, "ctrl")  # grandalf's DummyVertex carries its edge's ``ctrl``


def _bands(layers: list[list[object]]) -> list[tuple[float, float]]:
    bands = []
    y = 0.0
    for layer in layers:
        height = max((v.view.h for v in layer), default=0.0)  # type: ignore[attr-defined]
        bands.append((y, y + height))
        y += height + GAP_Y
    return bands


def _separated_xs(layers: list[list[object]]) -> dict[object, float]:
    """grandalf's x coordinates, pushed right where two neighbours would overlap."""
    xs: dict[object, float] = {}
    for layer in layers:
        previous = None
        for v in layer:
            x = float(v.view.xy[0])  # type: ignore[attr-defined]
            if previous is not None:
                gap = GAP_X if _is_real(v) and _is_real(previous) else GAP_DUMMY
                least = xs[previous] + (previous.view.w + v.view.w) / 2 + gap  # type: ignore[attr-defined]
                x = max(x, least)
            xs[v] = x
            previous = v
    return xs


def _stations(sugiyama: object, edge: object, bands: list[tuple[float, float]], xs: dict[object, float],
              left: float) -> list[Station]:
    grx = sugiyama.grx  # type: ignore[attr-defined]
    upper, lower = edge.v  # type: ignore[attr-defined]
    chain = [upper]
    controls = sugiyama.ctrls.get(edge)  # type: ignore[attr-defined]
    if controls:
        chain = [controls[rank] for rank in range(grx[upper].rank, grx[lower].rank + 1)]
    else:
        chain.append(lower)
    stations = []
    for v in chain:
        top, bottom = bands[grx[v].rank]
        stations.append(Station(xs[v] - left, top, bottom, v.data if _is_real(v) else None))
    return stations
