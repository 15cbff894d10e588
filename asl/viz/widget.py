"""Step through an execution: a slider over its history that redraws the picture at each
event. Needs ipywidgets (the ``widget`` extra); nothing else in ``asl.viz`` imports it, so
without it every other picture works and only this function says what to install."""
from __future__ import annotations

from typing import Any, Sequence

from asl.viz.overlay import event_details, event_type
from asl.viz.svg import escape

INSTALL_HINT = "asl.viz.step_through needs ipywidgets: pip install 'asl[widget]' (or pip install ipywidgets)"


def frame(machine: Any, events: Sequence[Any], count: int) -> tuple[str, str]:
    """The picture after the first ``count`` events, and a line saying what the last one was."""
    from asl.viz import history_html

    count = max(0, min(count, len(events)))
    shown = list(events[:count])
    caption = "before the first event"
    if shown:
        last = shown[-1]
        name = event_details(last).get("name")
        where = f" · {name}" if isinstance(name, str) else ""
        caption = f"event {count} of {len(events)}: {event_type(last) or '?'}{where}"
    return history_html(machine, shown, history=False), f"<b>{escape(caption)}</b>"


def step_through(source: Any, machine: Any = None) -> Any:
    """An ipywidgets box: a slider, a caption and the picture. ``source`` is an execution
    result (or an ``Execution``), or a list of events given with their ``machine``."""
    try:
        import ipywidgets as widgets
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    if machine is None:
        machine = source.machine
        source = source.history
    events = list(source)
    slider = widgets.IntSlider(value=len(events), min=0, max=len(events), step=1, description="Event",
                               continuous_update=False, layout=widgets.Layout(width="100%"))
    caption, picture = widgets.HTML(), widgets.HTML()

    def redraw(_: Any = None) -> None:
        picture.value, caption.value = frame(machine, events, slider.value)

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, caption, picture])
