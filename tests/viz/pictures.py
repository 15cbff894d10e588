"""Reading pictures back for the tests: the geometry an SVG from ``asl.viz`` holds, and the
checks every picture must pass (one box per state, nothing on top of anything else)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Iterator

from asl.viz.geometry import Rect

SVG = "{http://www.w3.org/2000/svg}"
TOLERANCE = 1.0  # pixels: a path may touch a box's border, never go inside it


@dataclass
class Picture:
    boxes: dict[str, Rect] = field(default_factory=dict)
    box_counts: dict[str, int] = field(default_factory=dict)  # rect.box elements in each state's group
    clusters: set[str] = field(default_factory=set)
    labels: list[tuple[str, str, Rect]] = field(default_factory=list)
    routes: list[tuple[str, str, list[tuple[float, float]]]] = field(default_factory=list)
    markers: list[Rect] = field(default_factory=list)


def _rect(element: ET.Element) -> Rect:
    return Rect(*(float(element.get(name, "0")) for name in ("x", "y", "width", "height")))


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def read_svg(text: str) -> Picture:
    """Parses ``text`` (fails on malformed XML) and collects its geometry."""
    root = ET.fromstring(text)
    picture = Picture()
    for group in root.iter(SVG + "g"):
        classes = _classes(group)
        if classes & {"state", "cluster"}:
            node = group.get("data-id", "")
            boxes = [r for r in group.findall(SVG + "rect") if "box" in _classes(r)]
            picture.box_counts[node] = picture.box_counts.get(node, 0) + len(boxes)
            if boxes:
                picture.boxes[node] = _rect(boxes[0])
            if "cluster" in classes:
                picture.clusters.add(node)
        elif "label" in classes:
            picture.labels.append((group.get("data-from", ""), group.get("data-to", ""),
                                   _rect(group.find(SVG + "rect"))))  # type: ignore[arg-type]
        elif "edge" in classes:
            path = group.find(SVG + "path")
            points = sample_path(path.get("d", "")) if path is not None else []
            picture.routes.append((group.get("data-from", ""), group.get("data-to", ""), points))
        elif "marker" in classes:
            shape = group.find(SVG + "rect")
            if shape is None:
                circle = group.find(SVG + "circle")
                cx, cy, r = (float(circle.get(k, "0")) for k in ("cx", "cy", "r"))  # type: ignore[union-attr]
                picture.markers.append(Rect(cx - r, cy - r, 2 * r, 2 * r))
            else:
                picture.markers.append(_rect(shape))
    return picture


def sample_path(d: str, steps: int = 12) -> list[tuple[float, float]]:
    """Points along an SVG path made of M, L and C commands."""
    tokens = re.findall(r"[MLC]|-?\d+(?:\.\d+)?", d)
    points: list[tuple[float, float]] = []
    i, command, here = 0, "M", (0.0, 0.0)
    while i < len(tokens):
        if tokens[i] in "MLC":
            command = tokens[i]
            i += 1
            continue
        count = 6 if command == "C" else 2
        values = [float(t) for t in tokens[i:i + count]]
        i += count
        if command == "M":
            here = (values[0], values[1])
            points.append(here)
        elif command == "L":
            end = (values[0], values[1])
            points += [(here[0] + (end[0] - here[0]) * t / steps, here[1] + (end[1] - here[1]) * t / steps)
                       for t in range(1, steps + 1)]
            here = end
        else:
            c1, c2, end = (values[0], values[1]), (values[2], values[3]), (values[4], values[5])
            for step in range(1, steps + 1):
                t = step / steps
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                points.append((a * here[0] + b * c1[0] + c * c2[0] + e * end[0],
                               a * here[1] + b * c1[1] + c * c2[1] + e * end[1]))
            here = end
    return points


# ---------------------------------------------------------------- nesting
def ancestors(graph: Any, node: str) -> set[str]:
    """The Map/Parallel states around ``node`` (its clusters)."""
    found: set[str] = set()
    parent = graph.nodes[node].get("parent") if node in graph else None
    while parent is not None and parent not in found:
        found.add(parent)
        parent = graph.nodes[parent].get("parent")
    return found


def around(graph: Any, end: str) -> set[str]:
    """The boxes an arrow or label end may sit in: its state (or the state a marker belongs
    to) and that state's clusters."""
    if end in graph:
        return {end} | ancestors(graph, end)
    if end.startswith("$") and end[1:] in graph:
        return {end[1:]} | ancestors(graph, end[1:])
    if end.startswith("^"):
        scope = end[1:]
        owner = scope if scope in graph else scope.rpartition("/")[0]
        return ({owner} | ancestors(graph, owner)) if owner in graph else set()
    return set()


# ---------------------------------------------------------------- checks
def _inside(point: tuple[float, float], rect: Rect) -> bool:
    x, y = point
    return (rect.x + TOLERANCE < x < rect.right - TOLERANCE
            and rect.y + TOLERANCE < y < rect.bottom - TOLERANCE)


def problems(picture: Picture, graph: Any) -> Iterator[str]:
    """Everything wrong with a picture of ``graph``, in words (nothing for a good one)."""
    for node in graph.nodes:
        if picture.box_counts.get(node) != 1:
            yield f"state {node!r} has {picture.box_counts.get(node, 0)} boxes"
    for extra in set(picture.box_counts) - set(graph.nodes):
        yield f"a box for {extra!r}, which is no state"
    names = sorted(picture.boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ra, rb = picture.boxes[a], picture.boxes[b]
            nested = (a in ancestors(graph, b) and ra.contains(rb)) or (b in ancestors(graph, a) and rb.contains(ra))
            if ra.overlaps(rb) and not nested:
                yield f"boxes {a!r} and {b!r} overlap"
        for parent in ancestors(graph, a):
            if parent in picture.boxes and not picture.boxes[parent].contains(picture.boxes[a]):
                yield f"box {a!r} sticks out of {parent!r}"
    for source, target, rect in picture.labels:
        allowed = around(graph, source)
        for node, box in picture.boxes.items():
            if box.overlaps(rect) and not (node in allowed and node in picture.clusters and box.contains(rect)):
                yield f"label of {source!r} -> {target!r} overlaps box {node!r}"
    for rect in picture.markers:
        for node, box in picture.boxes.items():
            if box.overlaps(rect) and not (node in picture.clusters and box.contains(rect)):
                yield f"a marker overlaps box {node!r}"
    for source, target, points in picture.routes:
        allowed = around(graph, source) | around(graph, target)
        for node, box in picture.boxes.items():
            if node not in allowed and any(_inside(p, box) for p in points):
                yield f"arrow {source!r} -> {target!r} crosses box {node!r}"
