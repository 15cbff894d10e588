"""The picture as one self-contained SVG document: no script, no font or image to fetch.

Hover needs no JavaScript either: every state, label and arrow carries an SVG ``<title>``
(the tooltip: full name, rule, and for an execution the input, output and error), and a
CSS ``:hover`` rule outlines what is under the pointer. The style sheet is scoped to the
picture's own id, so several pictures in one notebook or page do not restyle each other.
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterable

from asl.viz.geometry import Rect, path_data
from asl.viz.layout import (BOLD, BOX_PAD, LABEL_SIZE, NOTE_H, SUBTITLE_SIZE, TITLE_SIZE, Label, Layout, Marker,
                            Route)
from asl.viz.overlay import Overlay, StateRun
from asl.viz.scene import Edge, Node, Scene
from asl.viz.text import FONT_FAMILY, TOOLTIP_CLIP, clip, duration_text, shorten, text_width

TYPE_COLOURS = {
    "Task": "#0972d3", "Choice": "#b86e00", "Wait": "#7d4cc4", "Pass": "#687078", "Parallel": "#00838f",
    "Map": "#00838f", "Succeed": "#2e7d32", "Fail": "#d13212",
}
STATUS_STYLE = {  # fill, stroke, legend text
    "succeeded": ("#e7f4e8", "#2e7d32", "Succeeded"),
    "failed": ("#fdeceb", "#d13212", "Failed"),
    "caught": ("#fff2df", "#e07700", "Caught error"),
    "running": ("#e6f1fc", "#0972d3", "In progress"),
    "cancelled": ("#eceff2", "#7d8998", "Cancelled"),
    "idle": ("#ffffff", "#c6ccd4", "Not visited"),
}
NOTE_WORDS = {"failed": "failed", "caught": "caught", "running": "running", "cancelled": "cancelled"}
LEGEND_H = 46.0
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    text = _INVALID_XML.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def picture_id(*parts: object) -> str:
    """A stable id for one picture: the same picture always gets the same one."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8", "replace")).hexdigest()
    return "asl-" + digest[:10]


def render_svg(scene: Scene, layout: Layout, overlay: Overlay | None = None, *, title: str | None = None) -> str:
    top = LEGEND_H if overlay is not None else 0.0
    width = max(layout.width, _legend_width(overlay) if overlay is not None else 0.0)
    height = layout.height + top
    pid = picture_id(scene.name, sorted(layout.boxes), width, height, overlay)
    caption = title if title is not None else scene.name
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{pid}" class="asl-graph" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{escape(caption)}" '
        f'style="max-width:100%;height:auto;background:#ffffff">',
        f"<title>{escape(caption)}</title>",
        _style(pid, overlay is not None),
        _defs(pid),
    ]
    if overlay is not None:
        out.append(_legend(overlay, width))
    out.append(f'<g transform="translate(0,{top:.0f})">')
    out.extend(_clusters(scene, layout, overlay))
    out.extend(f'<rect class="panel" x="{r.x:.1f}" y="{r.y:.1f}" width="{r.w:.1f}" height="{r.h:.1f}" rx="6"/>'
               for _, r in layout.panels)
    edges = scene.edges_by_key()
    out.extend(_route(pid, route, scene, edges.get(route.key), overlay) for route in layout.routes)
    out.extend(_label(label, edges.get(label.key)) for label in layout.labels)
    out.extend(_state(scene.nodes[node_id], rect, None, layout.texts[node_id], overlay)
               for node_id, rect in layout.boxes.items() if not scene.nodes[node_id].children)
    out.extend(_marker(marker) for marker in layout.markers)
    out.append("</g></svg>")
    return "\n".join(out)


# ---------------------------------------------------------------- style
def _style(pid: str, execution: bool) -> str:
    p = f"#{pid}"
    rules = [
        f"{p}{{font-family:{FONT_FAMILY}}}",
        f"{p} text{{fill:#16191f}}",
        f"{p} .box{{fill:#ffffff;stroke:#9ba7b6;stroke-width:1.2}}",
        f"{p} .state:hover .box,{p} .cluster:hover>.box{{stroke:#16191f;stroke-width:2.4}}",
        f"{p} .title{{font-size:{TITLE_SIZE}px;font-weight:600}}",
        f"{p} .subtitle,{p} .note{{font-size:{SUBTITLE_SIZE}px;fill:#5f6b7a}}",
        f"{p} .note{{fill:#16191f}}",
        f"{p} .cluster>.box{{fill:#f7f9fb}}",
        f"{p} .panel{{fill:#ffffff;stroke:#b4becb;stroke-dasharray:4 3}}",
        f"{p} .edge path{{fill:none;stroke:#7d8998;stroke-width:1.3}}",
        f"{p} .edge.catch path{{stroke:#c4561b;stroke-dasharray:5 3}}",
        f"{p} .edge:hover path{{stroke:#16191f;stroke-width:2.4}}",
        f"{p} .label text{{font-size:{LABEL_SIZE}px;fill:#414d5c}}",
        f"{p} .label.default text{{font-style:italic}}",
        f"{p} .label.catch text{{fill:#a8420f}}",
        f"{p} .label rect{{fill:#ffffff;fill-opacity:0.85}}",
        f"{p} .marker rect,{p} .marker circle{{fill:#232f3e}}",
        f"{p} .marker text{{fill:#ffffff;font-size:11px;font-weight:600}}",
        f"{p} .marker.end circle.ring{{fill:#ffffff;stroke:#232f3e;stroke-width:2}}",
    ]
    if execution:
        rules += [f"{p} .s-{name} .box{{fill:{fill};stroke:{stroke};stroke-width:1.8}}"
                  for name, (fill, stroke, _) in STATUS_STYLE.items()]
        rules += [
            f"{p} .s-idle text{{fill:#8d99a8}}",
            f"{p} .s-idle .box{{stroke-dasharray:3 2;stroke-width:1.2}}",
            f"{p} .edge path{{stroke:#c6ccd4}}",
            f"{p} .edge.taken path{{stroke:#0b4f95;stroke-width:2.4}}",
            f"{p} .edge.taken.catch path{{stroke:#e07700}}",
            f"{p} .legend text{{font-size:11px}}",
            f"{p} .summary{{font-size:12px;font-weight:600}}",
        ]
    return "<style>" + "".join(rules) + "</style>"


def _defs(pid: str) -> str:
    arrows = []
    for name, colour in (("", "#7d8998"), ("-catch", "#c4561b"), ("-faint", "#c6ccd4"), ("-taken", "#0b4f95"),
                         ("-taken-catch", "#e07700")):
        arrows.append(f'<marker id="{pid}-arrow{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
                      f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
                      f'fill="{colour}"/></marker>')
    return "<defs>" + "".join(arrows) + "</defs>"


# ---------------------------------------------------------------- states
def _state(node: Node, rect: Rect, header: Rect | None, texts: tuple[str, str], overlay: Overlay | None) -> str:
    """A state's box; a Map's or Parallel's (a cluster) has its texts in its ``header`` strip."""
    run = overlay.states.get(node.id) if overlay is not None else None
    head = rect if header is None else header
    body = [
        f'<g class="{"state" if header is None else "cluster"} t-{escape(node.type)}{_status_class(overlay, run)}" '
        f'data-id="{escape(node.id)}">',
        f"<title>{escape(_tooltip(node, run))}</title>",
        _box(rect),
        f'<rect class="accent" x="{rect.x:.1f}" y="{rect.y + 1:.1f}" width="4" height="{head.h - 2:.1f}" '
        f'rx="2" fill="{TYPE_COLOURS.get(node.type, "#687078")}"/>',
    ]
    if header is not None:
        body.append(f'<line x1="{rect.x:.1f}" y1="{header.bottom:.1f}" x2="{rect.right:.1f}" '
                    f'y2="{header.bottom:.1f}" stroke="#d5dbe1"/>')
    body += _texts(head, texts, run, overlay is not None)
    body.append("</g>")
    return "".join(body)


def _clusters(scene: Scene, layout: Layout, overlay: Overlay | None) -> Iterable[str]:
    """Map and Parallel boxes, outermost first so that inner ones are drawn over them."""
    clusters = [n for n in layout.boxes if scene.nodes[n].children]
    for node_id in sorted(clusters, key=lambda n: n.count("/")):
        rect = layout.boxes[node_id]
        yield _state(scene.nodes[node_id], rect, layout.headers.get(node_id, rect), layout.texts[node_id], overlay)


def _box(rect: Rect) -> str:
    return (f'<rect class="box" x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.w:.1f}" height="{rect.h:.1f}" '
            f'rx="6"/>')


def _texts(rect: Rect, texts: tuple[str, str], run: StateRun | None, execution: bool) -> list[str]:
    x = rect.x + BOX_PAD
    out = [f'<text class="title" x="{x:.1f}" y="{rect.y + 18:.1f}">{escape(texts[0])}</text>',
           f'<text class="subtitle" x="{x:.1f}" y="{rect.y + 33:.1f}">{escape(texts[1])}</text>']
    if execution:
        note = shorten(_note(run), SUBTITLE_SIZE, rect.w - 2 * BOX_PAD)
        out.append(f'<text class="note" x="{x:.1f}" y="{rect.y + 33 + NOTE_H:.1f}">{escape(note)}</text>')
    return out


def _status_class(overlay: Overlay | None, run: StateRun | None) -> str:
    if overlay is None:
        return ""
    return f" s-{run.status if run is not None else 'idle'}"


def _note(run: StateRun | None) -> str:
    """The figures line of an execution picture: ``caught · 3 items · ↻2 · 6s``. A success
    says no word (its colour, the legend and the tooltip do); anything else says what."""
    if run is None:
        return "not visited"
    parts = [] if run.status == "succeeded" else [NOTE_WORDS[run.status]]
    if run.visits > 1 and not run.iterations:
        parts.append(f"×{run.visits}")
    if run.iterations:
        parts.append(f"{run.iterations} item{'s' * (run.iterations != 1)}")
    if run.retries:
        parts.append(f"↻{run.retries}")
    if run.seconds:
        parts.append(duration_text(run.seconds))
    return " · ".join(parts) or "✓"


def _tooltip(node: Node, run: StateRun | None) -> str:
    lines = [node.tooltip]
    if run is not None:
        lines.append(f"Status: {STATUS_STYLE[run.status][2]}")
        outcomes = ", ".join(f"{count} {STATUS_STYLE[name][2].lower()}" for name, count in run.outcomes)
        lines.append(f"Visits: {run.visits}" + (f" ({outcomes})" if len(run.outcomes) > 1 else "")
                     + (f", retries: {run.retries}" if run.retries else "")
                     + (f", iterations: {run.iterations}" if run.iterations else ""))
        if run.seconds is not None:
            lines.append(f"Time: {duration_text(run.seconds)}")
        if run.error is not None or run.cause is not None:
            lines.append(f"Error: {run.error or ''}" + (f" — {run.cause}" if run.cause else ""))
        for name, value in (("Input", run.input), ("Output", run.output)):
            if value is not None:
                lines.append(f"{name}: {clip(value, TOOLTIP_CLIP)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- arrows, labels, markers
def _route(pid: str, route: Route, scene: Scene, edge: Edge | None, overlay: Overlay | None) -> str:
    taken = overlay is not None and route.key in overlay.taken
    classes = f"edge {route.kind}" + (" taken" if taken else "")
    arrow = "-catch" if route.kind == "catch" else ""
    if overlay is not None:
        arrow = ("-taken" + arrow) if taken else "-faint"
    tip = _edge_tooltip(route, scene, edge, overlay)
    title = f"<title>{escape(tip)}</title>" if tip else ""
    ends = f'data-from="{escape(route.key[0])}" data-to="{escape(route.key[1])}"'
    return (f'<g class="{classes}" {ends}>{title}<path d="{path_data(route.segments)}" '
            f'marker-end="url(#{pid}-arrow{arrow})"/></g>')


def _edge_tooltip(route: Route, scene: Scene, edge: Edge | None, overlay: Overlay | None) -> str:
    source, target = route.key
    text = ""
    if edge is not None:
        text = f"{scene.nodes[source].name} → {scene.nodes[target].name}\n{edge.tooltip}"
    if overlay is not None and route.key in overlay.taken:
        count = overlay.taken[route.key]
        text += ("\n" if text else "") + f"taken {count} time{'s' * (count != 1)}"
    return text


def _label(label: Label, edge: Edge | None) -> str:
    kind = edge.kind if edge is not None else "next"
    full = edge.tooltip if edge is not None else label.text
    r = label.rect
    ends = f'data-from="{escape(label.key[0])}" data-to="{escape(label.key[1])}"'
    return (f'<g class="label {kind}" {ends}><title>{escape(full)}</title>'
            f'<rect x="{r.x:.1f}" y="{r.y:.1f}" width="{r.w:.1f}" height="{r.h:.1f}" rx="3"/>'
            f'<text x="{r.x + 3:.1f}" y="{r.y + r.h - 4.5:.1f}">{escape(label.text)}</text></g>')


def _marker(marker: Marker) -> str:
    r = marker.rect
    if marker.top_level:
        word = "Start" if marker.kind == "start" else "End"
        return (f'<g class="marker {marker.kind}"><rect x="{r.x:.1f}" y="{r.y:.1f}" width="{r.w:.1f}" '
                f'height="{r.h:.1f}" rx="{r.h / 2:.1f}"/><text x="{r.cx:.1f}" y="{r.cy + 4:.1f}" '
                f'text-anchor="middle">{word}</text></g>')
    if marker.kind == "start":
        return f'<g class="marker start"><circle cx="{r.cx:.1f}" cy="{r.cy:.1f}" r="{r.w / 2 - 1:.1f}"/></g>'
    return (f'<g class="marker end"><circle class="ring" cx="{r.cx:.1f}" cy="{r.cy:.1f}" r="{r.w / 2 - 1:.1f}"/>'
            f'<circle cx="{r.cx:.1f}" cy="{r.cy:.1f}" r="{r.w / 2 - 4:.1f}"/></g>')


# ---------------------------------------------------------------- execution legend
def _summary(overlay: Overlay) -> str:
    text = overlay.status
    if overlay.error or overlay.cause:
        text += f" · {overlay.error or ''}" + (f": {overlay.cause}" if overlay.cause else "")
    if overlay.seconds is not None:
        text += f" · {duration_text(overlay.seconds)}"
    return text + f" · {len(overlay.event_nodes)} events"


def _legend_width(overlay: Overlay) -> float:
    swatches = sum(26 + text_width(word, 11) for _, _, word in STATUS_STYLE.values())
    return max(swatches + 110, min(text_width(_summary(overlay), 12 * BOLD) + 24, 900)) + 24


def _legend(overlay: Overlay, width: float) -> str:
    summary = shorten(_summary(overlay), 12 * BOLD, width - 24)
    out = [f'<g class="legend"><text class="summary" x="12" y="17">{escape(summary)}</text>']
    x = 12.0
    for fill, stroke, word in STATUS_STYLE.values():
        out.append(f'<rect x="{x:.1f}" y="26" width="16" height="12" rx="3" fill="{fill}" stroke="{stroke}"/>'
                   f'<text x="{x + 21:.1f}" y="36">{word}</text>')
        x += 26 + text_width(word, 11)
    out.append(f'<path d="M{x:.1f} 32 H{x + 26:.1f}" stroke="#0b4f95" stroke-width="2.4"/>'
               f'<text x="{x + 31:.1f}" y="36">path taken</text></g>')
    return "".join(out)
