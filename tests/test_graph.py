"""``machine.graph``: nodes, qualified ids, node attributes and labelled edges."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import networkx as nx
from hypothesis import HealthCheck, given, settings

import asl
from asl.graph import build_graph, segment, transitions

sys.path.insert(0, str(Path(__file__).parent / "validation"))
from definitions_strategy import definitions  # noqa: E402

EXAMPLE = Path(__file__).parent.parent / "examples" / "order.asl.json"


def _edges(graph: nx.DiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    return {(u, v): {k: d[k] for k in d if k != "transitions"} for u, v, d in graph.edges(data=True)}


def test_example_graph() -> None:
    graph = asl.parse(EXAMPLE).graph
    assert isinstance(graph, nx.DiGraph) and graph.graph["start"] == "ValidateOrder"
    assert set(graph.nodes) >= {"Fulfil/0/ShipOrder", "Fulfil/1/SendConfirmation", "ReserveLineItems/ReserveStock"}
    edges = _edges(graph)
    assert edges[("CheckAmount", "HoldForReview")] == {"kind": "choice", "rule": 0}
    assert edges[("CheckAmount", "ChargePayment")] == {"kind": "default"}
    assert edges[("ValidateOrder", "OrderRejected")] == {"kind": "catch", "index": 0, "errors": ["InvalidOrder"]}
    assert edges[("Fulfil", "Fulfil/1/SendConfirmation")] == {"kind": "branch", "index": 1}
    assert edges[("ReserveLineItems", "ReserveLineItems/ReserveStock")] == {"kind": "items"}
    assert edges[("HoldForReview", "ChargePayment")] == {"kind": "next"}


def test_node_attributes() -> None:
    graph = asl.parse(EXAMPLE).graph
    ship = graph.nodes["Fulfil/0/ShipOrder"]
    assert ship["name"] == "ShipOrder" and ship["type"] == "Task" and ship["scope"] == "Fulfil/0"
    assert ship["parent"] == "Fulfil" and ship["start"] is True and ship["end"] is True
    validate = graph.nodes["ValidateOrder"]
    assert validate["scope"] == "" and validate["parent"] is None and validate["start"] is True
    assert validate["comment"].startswith("Checks the customer")
    assert validate["state"]["Resource"].endswith(":function:validate-order")
    assert graph.nodes["OrderFailed"]["end"] is True and graph.nodes["CheckAmount"]["end"] is False


def test_parallel_transitions_between_the_same_states_are_all_kept() -> None:
    definition = {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Default": "D", "Choices": [
            {"Variable": "$.a", "IsNull": True, "Next": "D"}, {"Variable": "$.b", "IsNull": True, "Next": "D"}]},
        "D": {"Type": "Succeed"}}}
    data = asl.parse(definition).graph.edges["C", "D"]
    assert data["kind"] == "choice" and data["rule"] == 0
    assert data["transitions"] == [{"kind": "choice", "rule": 0}, {"kind": "choice", "rule": 1}, {"kind": "default"}]


def test_ids_with_slashes_stay_unambiguous() -> None:
    definition = {"StartAt": "a/b", "States": {"a/b": {"Type": "Map", "End": True, "ItemProcessor": {
        "StartAt": "100%", "States": {"100%": {"Type": "Succeed"}}}}}}
    graph = asl.parse(definition).graph
    assert set(graph.nodes) == {"a%2Fb", "a%2Fb/100%25"}
    assert graph.nodes["a%2Fb/100%25"]["name"] == "100%" and segment("a/b") == "a%2Fb"


def test_transitions_of_odd_states() -> None:
    assert transitions(None) == [] and transitions({"Next": 5, "Catch": "x", "Choices": [1]}) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_one_node_per_state_and_every_node_reachable(definition: dict[str, Any]) -> None:
    graph = build_graph(definition)
    count, pending = 0, [definition]
    while pending:
        machine = pending.pop()
        for state in machine["States"].values():
            count += 1
            pending.extend(state.get("Branches", []))
            pending.extend(s for s in (state.get("ItemProcessor"), state.get("Iterator")) if s)
    assert graph.number_of_nodes() == count
    assert nx.descendants(graph, graph.graph["start"]) | {graph.graph["start"]} == set(graph.nodes)
