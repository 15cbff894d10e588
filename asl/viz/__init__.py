"""Pictures of state machines and executions: SVG, HTML, DOT, Mermaid, Jupyter.

``StateMachine.to_svg()`` and friends, ``ExecutionResult.to_svg()`` and friends and both
objects' ``_repr_mimebundle_`` land here. An execution picture is drawn from the history
events alone (``history_svg(machine, events)``), so a history stored as JSON (``asl run
--json --history``, or AWS's GetExecutionHistory ``events``) draws the same picture as
the live result.

Everything is offline and static: an SVG with no script and no external resource, shown
alike by JupyterLab, classic Notebook, VS Code, exported HTML and viewers that run no
JavaScript. The layout (the costly part) is computed once per machine and kept while the
machine lives.
"""
from __future__ import annotations

import weakref
from typing import Any, Sequence

from asl.viz.layout import Layout, layout_scene
from asl.viz.overlay import Overlay, read_history
from asl.viz.scene import Scene, build_scene

__all__ = [
    "machine_svg", "machine_html", "machine_dot", "machine_mermaid", "machine_mimebundle",
    "execution_svg", "execution_html", "execution_dot", "execution_mermaid", "execution_mimebundle",
    "history_svg", "history_html", "history_dot", "history_mermaid", "history_table_html", "read_history",
    "step_through",
]

_LAYOUTS: "weakref.WeakKeyDictionary[Any, dict[bool, Layout]]" = weakref.WeakKeyDictionary()


def _layout(machine: Any, scene: Scene, annotated: bool) -> Layout:
    try:
        cached = _LAYOUTS.setdefault(machine, {})
    except TypeError:  # not weak-referenceable: no cache
        cached = {}
    if annotated not in cached:
        cached[annotated] = layout_scene(scene, annotated)
    return cached[annotated]


def _overlay(machine: Any, events: Sequence[Any]) -> tuple[Scene, Overlay]:
    scene = build_scene(machine)
    return scene, read_history(scene, list(events))


def _state_names(scene: Scene, overlay: Overlay) -> list[str | None]:
    """The name of the state each event belongs to, as the history table shows it."""
    return [scene.nodes[node].name if node is not None else None for node in overlay.event_nodes]


def _execution_figure(machine: Any, events: list[Any], title: str | None, history: bool) -> tuple[str, str]:
    """The execution's SVG, and the HTML holding it (with the history table folded below)."""
    from asl.viz.html import figure
    from asl.viz.svg import render_svg
    from asl.viz.table import history_table

    scene, overlay = _overlay(machine, events)
    svg = render_svg(scene, _layout(machine, scene, True), overlay, title=title)
    table = history_table(events, _state_names(scene, overlay)) if history else None
    return svg, figure(svg, table, len(events))


def _events(result: Any) -> list[Any]:
    return list(result.history)


# ---------------------------------------------------------------- machines
def machine_svg(machine: Any, *, title: str | None = None) -> str:
    from asl.viz.svg import render_svg

    scene = build_scene(machine)
    return render_svg(scene, _layout(machine, scene, False), title=title)


def machine_html(machine: Any, *, title: str | None = None) -> str:
    from asl.viz.html import figure

    return figure(machine_svg(machine, title=title))


def machine_dot(machine: Any) -> str:
    from asl.viz.dot import render_dot

    return render_dot(build_scene(machine))


def machine_mermaid(machine: Any) -> str:
    from asl.viz.mermaid import render_mermaid

    return render_mermaid(build_scene(machine))


def machine_mimebundle(machine: Any) -> dict[str, str]:
    svg = machine_svg(machine)
    from asl.viz.html import figure

    count = len(machine.graph)
    plain = f"<StateMachine {machine.name!r}: {count} state{'s' * (count != 1)}>"
    return {"text/plain": plain, "image/svg+xml": svg, "text/html": figure(svg)}


# ---------------------------------------------------------------- stored histories
def history_svg(machine: Any, events: Sequence[Any], *, title: str | None = None) -> str:
    """The machine coloured by what the execution in ``events`` did."""
    from asl.viz.svg import render_svg

    scene, overlay = _overlay(machine, events)
    return render_svg(scene, _layout(machine, scene, True), overlay, title=title)


def history_html(machine: Any, events: Sequence[Any], *, title: str | None = None, history: bool = True) -> str:
    """The execution picture, and (``history=True``) the history table folded below it."""
    return _execution_figure(machine, list(events), title, history)[1]  # a list: read twice


def history_dot(machine: Any, events: Sequence[Any]) -> str:
    from asl.viz.dot import render_dot

    scene, overlay = _overlay(machine, events)
    return render_dot(scene, overlay)


def history_mermaid(machine: Any, events: Sequence[Any]) -> str:
    from asl.viz.mermaid import render_mermaid

    scene, overlay = _overlay(machine, events)
    return render_mermaid(scene, overlay)


def history_table_html(events: Sequence[Any], machine: Any = None, *, state: str | None = None) -> str:
    """The history as an HTML table; with ``machine`` every event is filed under its state."""
    from asl.viz.table import history_table

    events = list(events)
    names: Sequence[str | None] = ()
    if machine is not None:
        names = _state_names(*_overlay(machine, events))
    return history_table(events, names, state=state)


# ---------------------------------------------------------------- execution results
def execution_svg(result: Any, *, title: str | None = None) -> str:
    return history_svg(result.machine, _events(result), title=title)


def execution_html(result: Any, *, title: str | None = None, history: bool = True) -> str:
    return history_html(result.machine, _events(result), title=title, history=history)


def execution_dot(result: Any) -> str:
    return history_dot(result.machine, _events(result))


def execution_mermaid(result: Any) -> str:
    return history_mermaid(result.machine, _events(result))


def execution_mimebundle(result: Any) -> dict[str, str]:
    svg, html = _execution_figure(result.machine, _events(result), None, True)
    return {"text/plain": repr(result), "image/svg+xml": svg, "text/html": html}


def step_through(result: Any, machine: Any = None) -> Any:
    """A slider over the history redrawing the picture at each event (needs ipywidgets:
    ``pip install 'asl[widget]'``). ``result`` may also be a list of events with ``machine``."""
    from asl.viz.widget import step_through as build

    return build(result, machine)
