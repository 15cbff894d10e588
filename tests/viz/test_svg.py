"""The SVG itself: self-contained, escaped, with tooltips and execution colours."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings

import asl

from .machines import machines
from .pictures import SVG
from .test_overlay import order_run

ODD = 'A <b>&"quoted"\' \u0007bell'


def _groups(svg: str, cls: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("data-id", ""): g for g in root.iter(SVG + "g") if cls in (g.get("class") or "").split()}


def test_self_contained_no_script_no_network() -> None:
    svg = order_run().to_svg()
    assert "<script" not in svg.lower()
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]
    assert "<style>" in svg and "xlink:href" not in svg


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(machines)
def test_any_names_give_well_formed_svg(definition: dict) -> None:
    machine = asl.parse(definition)
    root = ET.fromstring(machine.to_svg())
    titles = [t.text or "" for t in root.iter(SVG + "title")]
    for name in machine.graph.nodes:
        full = machine.graph.nodes[name]["name"]
        assert any(t.startswith(full) for t in titles)  # every full name is in a tooltip


def test_odd_characters_are_escaped_and_long_names_shortened() -> None:
    long_name = "A" + "VeryLong" * 9  # 73 characters: AWS allows 80
    machine = asl.parse({"StartAt": ODD, "States": {
        ODD: {"Type": "Pass", "Next": long_name}, long_name: {"Type": "Succeed"}}})
    svg = machine.to_svg()
    states = _groups(svg, "state")
    assert set(states) == {ODD.replace("\u0007", "\ufffd"), long_name}
    shown = states[long_name].find(SVG + "text").text
    assert shown.endswith("…") and len(shown) < len(long_name)
    assert states[long_name].find(SVG + "title").text.startswith(long_name)


def test_two_pictures_in_one_page_do_not_share_ids() -> None:
    one = asl.parse({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}).to_svg()
    two = asl.parse({"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}).to_svg()
    first, second = (ET.fromstring(s).get("id") for s in (one, two))
    assert first != second and f"#{first} " in one  # the style sheet is scoped to the picture


def test_execution_picture_colours_states_and_explains_them() -> None:
    svg = order_run().to_svg()
    states = {**_groups(svg, "state"), **_groups(svg, "cluster")}
    classes = {node: g.get("class").split() for node, g in states.items()}
    assert "s-succeeded" in classes["ChargePayment"] and "s-failed" in classes["OrderFailed"]
    assert "s-caught" in classes["ReserveLineItems"] and "s-idle" in classes["HoldForReview"]
    tip = states["ChargePayment"].find(SVG + "title").text
    assert "Status: Succeeded" in tip and "retries: 1" in tip and '"charged":true' in tip
    def note(node: str) -> str:
        return next(t.text for t in states[node].iter(SVG + "text") if t.get("class") == "note")

    assert note("ChargePayment") == "↻1 · 1.69s"  # a success says no word: its colour does
    assert note("ReserveLineItems") == "caught · 2 items"
    assert note("ReserveLineItems/ReserveStock") == "failed · ×2"
    assert note("ValidateOrder") == "✓" and note("HoldForReview") == "not visited"
    stock = states["ReserveLineItems/ReserveStock"].find(SVG + "title").text
    assert "Visits: 2 (1 failed, 1 succeeded)" in stock and "Error: OutOfStock — none left" in stock
    for word in ("Succeeded", "Failed", "Caught error", "In progress", "Cancelled", "Not visited", "path taken"):
        assert f">{word}<" in svg
    assert "FAILED · OrderFailed: none left" in svg


def test_the_path_taken_is_highlighted() -> None:
    root = ET.fromstring(order_run().to_svg())
    taken = {(g.get("data-from"), g.get("data-to")) for g in root.iter(SVG + "g")
             if {"edge", "taken"} <= set((g.get("class") or "").split())}
    assert ("CheckAmount", "ChargePayment") in taken and ("ReserveLineItems", "RefundPayment") in taken
    assert ("CheckAmount", "HoldForReview") not in taken and ("Fulfil", "OrderCompleted") not in taken


def test_edge_labels_say_the_rule_default_and_errors() -> None:
    root = ET.fromstring(asl.parse("examples/order.asl.json").to_svg())
    labels = {(g.get("data-from"), g.get("data-to")): (g.get("class"), g.find(SVG + "text").text)
              for g in root.iter(SVG + "g") if "label" in (g.get("class") or "").split()}
    assert labels[("CheckAmount", "HoldForReview")] == ("label choice", "$.validation.amount > 1000")
    assert labels[("CheckAmount", "ChargePayment")] == ("label default", "Default")
    assert labels[("ValidateOrder", "OrderRejected")] == ("label catch", "InvalidOrder")
    catch = next(g for g in root.iter(SVG + "g") if g.get("class") == "edge catch")
    assert catch.get("data-from") == "ValidateOrder"
