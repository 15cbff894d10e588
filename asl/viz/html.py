"""HTML around a picture: the SVG inline (so its tooltips and hover work) and, for an
execution, the history table folded underneath in a ``<details>``, which needs no script."""
from __future__ import annotations

from asl.viz.text import FONT_FAMILY


def figure(svg: str, table: str | None = None, events: int = 0) -> str:
    parts = [f'<div class="asl-figure" style="font-family:{FONT_FAMILY};max-width:100%;overflow-x:auto">', svg]
    if table is not None:
        parts.append(f'<details class="asl-history-fold"><summary style="cursor:pointer;margin:6px 0">History '
                     f"({events} event{'s' * (events != 1)})</summary>{table}</details>")
    parts.append("</div>")
    return "\n".join(parts)
