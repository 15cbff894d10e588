"""The step-through widget, with and without ipywidgets."""
from __future__ import annotations

import sys

import pytest

from asl import viz
from asl.viz.widget import INSTALL_HINT, frame

from .test_overlay import order_run


def test_frames_grow_with_the_history() -> None:
    result = order_run()
    events = list(result.history)
    empty, caption = frame(result.machine, events, 0)
    assert "before the first event" in caption and 's-idle"' in empty and 's-succeeded"' not in empty
    middle, caption = frame(result.machine, events, 9)
    assert "event 9 of 40: TaskStateEntered · ChargePayment" in caption
    assert "RUNNING ·" in middle and 's-running"' in middle  # ChargePayment is in progress there
    last, _ = frame(result.machine, events, len(events))
    assert "FAILED ·" in last


def test_without_ipywidgets_only_the_widget_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    result = order_run()
    with pytest.raises(ImportError, match="asl\\[widget\\]"):
        viz.step_through(result)
    assert result.to_svg() and result._repr_mimebundle_()["text/html"]
    assert INSTALL_HINT.startswith("asl.viz.step_through")


def test_the_slider_redraws_the_picture() -> None:
    pytest.importorskip("ipywidgets", reason="ipywidgets (the 'widget' extra) is not installed")
    result = order_run()
    box = viz.step_through(result)
    slider, caption, picture = box.children
    assert slider.max == slider.value == 40 and "FAILED ·" in picture.value
    slider.value = 2
    assert "ValidateOrder" in caption.value and "RUNNING ·" in picture.value
