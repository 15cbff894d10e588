"""The HTML history table."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

import asl
from asl import viz
from asl.viz.table import history_table

from .test_overlay import order_run
from .test_text import JSON


def _rows(html: str) -> list[list[str]]:
    root = ET.fromstring(html)
    return [["".join(td.itertext()) for td in tr.findall("td")] for tr in root.iter("tr") if tr.findall("td")]


def test_one_row_an_event_with_its_state_even_for_task_events() -> None:
    result = order_run()
    html = viz.history_table_html(list(result.history), result.machine)
    rows = _rows(html)
    assert len(rows) == len(result.history)
    by_id = {row[0]: row for row in rows}
    assert by_id["3"][1:3] == ["LambdaFunctionScheduled", "ValidateOrder"]  # the event names no state
    # elapsed since the first event: the seeded retry jitter of ChargePayment, read back from the history
    events = list(result.history)
    elapsed = (events[12]["timestamp"] - events[0]["timestamp"]).total_seconds()
    assert 0 < elapsed < 10 and by_id["13"][4] == f"{elapsed:.3g}s"
    assert by_id["1"][3] == "2025-01-01T00:00:00.000Z"


def test_filter_by_state_in_python_and_in_css() -> None:
    result = order_run()
    events = list(result.history)
    only = _rows(viz.history_table_html(events, result.machine, state="ChargePayment"))
    assert {row[2] for row in only} == {"ChargePayment"} and len(only) == 8
    html = viz.history_table_html(events, result.machine)
    assert 'type="radio"' in html and ":checked~table tbody tr:not(.s" in html
    assert "<script" not in html


def test_details_are_folded_and_payloads_unfolded() -> None:
    result = order_run()
    html = viz.history_table_html(list(result.history), result.machine)
    root = ET.fromstring(html)
    folds = list(root.iter("details"))
    assert folds and all(f.find("summary") is not None and f.find("pre") is not None for f in folds)
    assert any('"validation": {' in (f.find("pre").text or "") for f in folds)  # JSON text shown as JSON


@settings(max_examples=100, deadline=None)
@given(st.lists(JSON, max_size=8))
def test_any_values_make_a_well_formed_table(events: list) -> None:
    ET.fromstring(history_table(events))


def test_nested_states_are_shown_by_their_own_names() -> None:
    """Events inside a Map are filed under the state's name, whatever characters it holds
    (node ids escape ``/`` and ``%``; the table shows the name, not the id)."""
    odd = "a/b %2F c%"
    machine = asl.parse({"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "End": True,
        "ItemProcessor": {"StartAt": odd, "States": {odd: {"Type": "Pass", "End": True}}}}}})
    result = machine.run([1, 2])
    rows = _rows(viz.history_table_html(list(result.history), machine))
    assert {row[2] for row in rows if row[1].startswith("PassState")} == {odd}
    assert len(_rows(viz.history_table_html(list(result.history), machine, state=odd))) == 4
