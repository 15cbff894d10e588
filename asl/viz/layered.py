"""A layered (Sugiyama) layout of one acyclic graph of boxes, with grandalf.

grandalf (pure Python, no system binary) ranks the vertices, adds dummy vertices along
long edges and orders each layer to reduce crossings. Its x coordinates (Brandes & Köpf)
are not used: it averages four alignments without lining them up first, which makes a
tall graph drift sideways and can bring two boxes too close, so this module places the
vertices itself (``_placed_xs``). Every layer is a horizontal band of its own (boxes of
one layer hang from its top line, so a small box beside a tall Map reads with the Map's
header; the gap between two bands holds no box, only edges), and
the components of a disconnected graph sit side by side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable

GAP_X = 26.0  # between two boxes of one layer
GAP_DUMMY = 12.0  # next to an edge's dummy vertex
GAP_Y = 34.0  # between two layers: room for the edges' curves
GAP_COMPONENTS = 40.0
DUMMY_W = 2.0
ORDERING_ROUNDS = 2.5  # grandalf's ``draw(N)``: down-up sweeps reducing crossings
PLACEMENT_SWEEPS = 4  # down-up sweeps placing vertices near their neighbours
DUMMY_BONUS = 2.0  # a long edge's bends count a little more than a box's place


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
    from grandalf.graphs import Edge, Vertex

    vertices = {key: Vertex(key) for key in sizes}
    for key, vertex in vertices.items():
        vertex.view = _View(*sizes[key])
    edges = {link: Edge(vertices[link[0]], vertices[link[1]]) for link in links}
    result = Layered()
    x_offset = 0.0
    for component in _components(list(vertices.values()), list(edges.values())):
        part = _component(component, edges, set(roots))
        for key, (x, y) in part.centers.items():
            result.centers[key] = (x + x_offset, y)
        for link, stations in part.stations.items():
            result.stations[link] = [Station(s.x + x_offset, s.top, s.bottom, s.key) for s in stations]
        x_offset += part.width + GAP_COMPONENTS
        result.height = max(result.height, part.height)
    result.width = max(x_offset - GAP_COMPONENTS, 0.0)
    return result


def _components(vertices: list[Any], edges: list[Any]) -> list[Any]:
    """What grandalf's ``Graph(vertices, edges).C`` holds (the connected components, in the
    same order, their vertices in the same order), without its bookkeeping: it compares
    components by building sets of their vertices, for every edge, which took more than
    half the layout time of a 150-state machine. Each component gets its edges in the order
    given: ``Graph`` handed them over as a set, ordered by memory address, and the layout of
    some graphs changed from one call to the next."""
    from grandalf.graphs import graph_core

    group_of = {v: [v] for v in vertices}
    groups = {id(group): group for group in group_of.values()}  # in vertex order, as grandalf's
    for edge in edges:
        first, second = group_of[edge.v[0]], group_of[edge.v[1]]
        if first is not second:  # the second joins the first, as in grandalf
            first.extend(second)
            del groups[id(second)]
            for v in second:
                group_of[v] = first
    inner: dict[int, list[Any]] = {key: [] for key in groups}
    for edge in edges:
        inner[id(group_of[edge.v[0]])].append(edge)
    return [graph_core(group, inner[key]) for key, group in groups.items()]


def _component(component: object, edges: dict[tuple[Hashable, Hashable], object], roots: set[Hashable]) -> Layered:
    from grandalf.layouts import SugiyamaLayout

    sugiyama = SugiyamaLayout(component)
    sugiyama.dw, sugiyama.dh = DUMMY_W, 1.0  # the size grandalf gives the dummy vertices it adds
    vertices = list(component.sV)  # type: ignore[attr-defined]
    tops = [v for v in vertices if v.data in roots] or [v for v in vertices if not v.e_in()]
    sugiyama.init_all(roots=tops, inverted_edges=[])
    rounds = ORDERING_ROUNDS
    while rounds > 0:  # as grandalf's draw(): full down-up sweeps, then a last one-way sweep
        for _ in sugiyama.ordering_step(oneway=rounds < 1):
            pass
        rounds -= 1
    bands = _bands(sugiyama.layers)
    xs = _placed_xs(sugiyama)
    left = min((xs[v] - v.view.w / 2 for layer in sugiyama.layers for v in layer), default=0.0)
    right = max((xs[v] + v.view.w / 2 for layer in sugiyama.layers for v in layer), default=0.0)
    part = Layered(width=right - left, height=bands[-1][1] if bands else 0.0)
    for (top, _), layer in zip(bands, sugiyama.layers):
        for v in layer:
            if _is_real(v):  # boxes hang from the top of their layer
                part.centers[v.data] = (xs[v] - left, top + v.view.h / 2)
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


def _placed_xs(sugiyama: Any) -> dict[object, float]:
    """x of every vertex (dummies too), in grandalf's order within each layer.

    Each layer in turn, sweeping down then up a few times, puts every vertex as near as
    it can to its neighbours in the layer just done, keeping the order and the gaps: a
    weighted least-squares fit under ordering constraints, solved exactly by pooling
    adjacent violators. A vertex weighs as much as the longest path below it, and aims at
    the weighted median of its neighbours: so the main line of a workflow runs straight
    down and the side branches (a Fail state, a polling loop, a label) move aside, rather
    than every fork pushing the rest of the picture sideways."""
    layers = sugiyama.layers
    up, down = _layer_neighbours(sugiyama)
    weight: dict[object, float] = {}
    for layer in reversed(layers):
        for v in layer:
            weight[v] = 1.0 + max((weight[n] for n in down[v]), default=0.0) + (0.0 if _is_real(v) else DUMMY_BONUS)
    xs: dict[object, float] = {}
    for layer in layers:
        xs.update(_fit(layer, [0.0] * len(layer), [1.0] * len(layer)))
    for sweep in range(2 * PLACEMENT_SWEEPS + 1):
        downwards = sweep % 2 == 0
        order = layers[1:] if downwards else layers[-2::-1]
        final = sweep == 2 * PLACEMENT_SWEEPS
        for layer in order:
            targets = []
            for v in layer:
                near = up[v] + down[v] if final else (up[v] if downwards else down[v])
                targets.append(_weighted_median([(xs[n], weight[n]) for n in near]) if near else xs[v])
            xs.update(_fit(layer, targets, [weight[v] for v in layer]))
    return xs


def _layer_neighbours(sugiyama: Any) -> tuple[dict[object, list[object]], dict[object, list[object]]]:
    """For every vertex, its neighbours one layer up and one layer down (dummies included)."""
    up: dict[object, list[object]] = {v: [] for layer in sugiyama.layers for v in layer}
    down: dict[object, list[object]] = {v: [] for v in up}
    for edge in sugiyama.g.sE:
        chain = _chain(sugiyama, edge)
        for upper, lower in zip(chain, chain[1:]):
            down[upper].append(lower)
            up[lower].append(upper)
    return up, down


def _weighted_median(values: list[tuple[float, float]]) -> float:
    """The x at which half the weight lies on either side (the mean of two on a tie)."""
    values.sort()
    half = sum(w for _, w in values) / 2
    seen = 0.0
    for index, (x, w) in enumerate(values):
        seen += w
        if seen > half + 1e-9:
            return x
        if abs(seen - half) <= 1e-9:
            return (x + values[index + 1][0]) / 2 if index + 1 < len(values) else x
    return values[-1][0]


def _fit(layer: list[Any], targets: list[float], weights: list[float]) -> dict[object, float]:
    """The x nearest to ``targets`` (weighted least squares) keeping ``layer``'s order and gaps."""
    offsets = [0.0]
    for left, right in zip(layer, layer[1:]):
        gap = GAP_X if _is_real(left) and _is_real(right) else GAP_DUMMY
        offsets.append(offsets[-1] + (left.view.w + right.view.w) / 2 + gap)
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for target, offset, weight in zip(targets, offsets, weights):
        blocks.append([(target - offset) * weight, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, weight_sum, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight_sum
            blocks[-1][2] += count
    xs: dict[object, float] = {}
    index = 0
    for total, weight_sum, count in blocks:
        for _ in range(int(count)):
            xs[layer[index]] = total / weight_sum + offsets[index]
            index += 1
    return xs


def _chain(sugiyama: Any, edge: Any) -> list[Any]:
    """The vertices an edge passes, one a layer: its two ends and grandalf's dummies between."""
    first, last = edge.v
    controls = sugiyama.ctrls.get(edge)
    if not controls:
        return [first, last]
    return [controls[rank] for rank in range(sugiyama.grx[first].rank, sugiyama.grx[last].rank + 1)]


def _stations(sugiyama: Any, edge: object, bands: list[tuple[float, float]], xs: dict[object, float],
              left: float) -> list[Station]:
    stations = []
    for v in _chain(sugiyama, edge):
        top, bottom = bands[sugiyama.grx[v].rank]
        stations.append(Station(xs[v] - left, top, bottom, v.data if _is_real(v) else None))
    return stations
