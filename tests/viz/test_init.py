"""The entry points the StateMachine and ExecutionResult hooks call, and Jupyter's bundle."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import asl
from asl import viz
from asl.core.history import json_safe

from .test_overlay import order_run


def test_machine_hooks_and_bundle() -> None:
    machine = asl.parse("examples/order.asl.json")
    bundle = machine._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "image/svg+xml", "text/html"}
    assert bundle["text/plain"] == "<StateMachine 'StateMachine': 13 states>"
    assert bundle["image/svg+xml"] == machine.to_svg()
    assert bundle["text/html"] == machine.to_html() and machine.to_svg() in machine.to_html()
    assert machine.to_dot().startswith("digraph") and machine.to_mermaid().startswith("flowchart TD")
    ET.fromstring(bundle["text/html"])


def test_execution_hooks_and_bundle() -> None:
    result = order_run()
    bundle = result._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "image/svg+xml", "text/html"}
    assert bundle["text/plain"] == repr(result)
    assert bundle["image/svg+xml"] == result.to_svg()
    html = result.to_html()
    assert html == bundle["text/html"] and "History (40 events)" in html and "<details" in html
    assert "<table>" not in result.to_html(history=False)


def test_a_stored_history_draws_the_same_pictures() -> None:
    result = order_run()
    stored = json.loads(json.dumps(json_safe(list(result.history))))
    assert viz.history_svg(result.machine, stored) == result.to_svg()
    assert viz.history_dot(result.machine, stored) == result.to_dot()
    assert viz.history_mermaid(result.machine, stored) == result.to_mermaid()


def test_layout_is_computed_once_per_machine() -> None:
    machine = asl.parse("examples/order.asl.json")
    machine.to_svg()
    first = viz._LAYOUTS[machine][False]
    machine.to_svg()
    assert viz._LAYOUTS[machine][False] is first


def test_events_may_come_as_any_iterable() -> None:
    result = order_run()
    html = viz.history_html(result.machine, iter(list(result.history)))
    assert "FAILED ·" in html and html.count("<tr") == 41  # the header and one row an event
