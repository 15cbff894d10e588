"""Plain geometry shared by the layout and the SVG writer: rectangles and path segments."""
from __future__ import annotations

from dataclasses import dataclass

Segment = tuple[str, tuple[float, ...]]  # ("M"|"L"|"C", coordinates x, y, x, y...)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def shifted(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors meet (touching edges do not count)."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def contains(self, other: Rect) -> bool:
        return (self.x <= other.x and self.y <= other.y
                and other.right <= self.right and other.bottom <= self.bottom)


def shift_segments(segments: tuple[Segment, ...], dx: float, dy: float) -> tuple[Segment, ...]:
    return tuple((cmd, tuple(v + (dx if i % 2 == 0 else dy) for i, v in enumerate(coords)))
                 for cmd, coords in segments)


def path_data(segments: tuple[Segment, ...]) -> str:
    """SVG path ``d`` text, one decimal place (a tenth of a pixel is below what anyone sees)."""
    return " ".join(cmd + " ".join(f"{v:.1f}" for v in coords) for cmd, coords in segments)


def vertical_path(points: list[tuple[float, float]], curves: list[bool]) -> tuple[Segment, ...]:
    """Segments through ``points``: straight lines, or S-curves leaving and arriving
    vertically (``curves[i]`` for the segment from point i to i+1), which stay inside the
    rectangle spanned by their two ends and so inside the gap between two layers."""
    if not points:
        return ()
    segments: list[Segment] = [("M", points[0])]
    for (x0, y0), (x1, y1), curve in zip(points, points[1:], curves):
        if curve and x0 != x1:
            mid = (y1 - y0) / 2
            segments.append(("C", (x0, y0 + mid, x1, y1 - mid, x1, y1)))
        else:
            segments.append(("L", (x1, y1)))
    return tuple(segments)
