"""What an execution did, read from its history alone."""
from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import asl
from asl.core.history import json_safe
from asl.viz.overlay import read_history
from asl.viz.scene import build_scene

from .test_text import JSON

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"


def order_run() -> Any:
    """The order example: a retried charge, a Map with one failing item (caught), a refund."""
    machine = asl.parse("examples/order.asl.json")
    calls = {"charge": 0}

    def charge(_: Any) -> Any:
        calls["charge"] += 1
        if calls["charge"] == 1:
            raise asl.TaskFailed("States.Timeout", "slow")
        return {"charged": True}

    def reserve(item: Any) -> Any:
        if item["sku"] == "B":
            raise asl.TaskFailed("OutOfStock", "none left")
        return {"ok": 1}

    tasks = {"validate-order": lambda i: {"valid": True, "total": 50}, "charge-payment": charge,
             "reserve-stock": reserve, "refund-payment": lambda i: {"refunded": True},
             "ship-order": lambda i: 1, "send-confirmation": lambda i: 2}
    order = {"order": {"id": "o1", "lineItems": [{"sku": "A", "quantity": 1}, {"sku": "B", "quantity": 2}]}}
    return machine.run(order, tasks)


def overlay_of(result: Any, events: Any = None) -> Any:
    return read_history(build_scene(result.machine), list(result.history) if events is None else events)


def test_statuses_retries_iterations_and_path_of_a_failed_order() -> None:
    overlay = overlay_of(order_run())
    states = overlay.states
    assert overlay.status == "FAILED" and overlay.error == "OrderFailed"
    assert states["ValidateOrder"].status == "succeeded"
    assert states["ChargePayment"].status == "succeeded" and states["ChargePayment"].retries == 1
    assert states["ChargePayment"].seconds and states["ChargePayment"].seconds > 1  # the retry's back-off
    assert states["ReserveLineItems"].status == "caught" and states["ReserveLineItems"].iterations == 2
    stock = states["ReserveLineItems/ReserveStock"]
    assert stock.status == "failed" and stock.visits == 2 and stock.error == "OutOfStock"
    assert dict(stock.outcomes) == {"failed": 1, "succeeded": 1}
    assert states["OrderFailed"].status == "failed"
    assert "HoldForReview" not in states and "Fulfil" not in states
    assert set(overlay.taken) >= {("^", "ValidateOrder"), ("CheckAmount", "ChargePayment"),
                                  ("ReserveLineItems", "RefundPayment"), ("OrderFailed", "$OrderFailed"),
                                  ("ReserveLineItems", "^ReserveLineItems")}
    assert ("CheckAmount", "HoldForReview") not in overlay.taken
    assert overlay.taken[("^ReserveLineItems", "ReserveLineItems/ReserveStock")] == 2
    assert json.loads(states["ValidateOrder"].output)["validation"] == {"valid": True, "amount": 50}


def test_a_stored_history_reads_as_the_live_one() -> None:
    result = order_run()
    stored = json.loads(json.dumps(json_safe(list(result.history))))
    assert overlay_of(result, stored) == overlay_of(result)


def test_a_loop_counts_its_turns() -> None:
    machine = asl.parse({"StartAt": "Add", "QueryLanguage": "JSONata", "States": {
        "Add": {"Type": "Pass", "Output": {"n": "{% $states.input.n + 1 %}"}, "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n < 3 %}", "Next": "Add"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}})
    overlay = overlay_of(machine.run({"n": 0}))
    assert overlay.states["Add"].visits == 3 and overlay.states["Again"].visits == 3
    assert overlay.taken[("Again", "Add")] == 2 and overlay.taken[("Add", "Again")] == 3
    assert overlay.taken[("^", "Add")] == 1


def test_a_pending_callback_is_in_progress() -> None:
    machine = asl.parse({"StartAt": "Ask", "States": {
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
    execution = machine.start({}, tasks={"arn:aws:states:::sqs:sendMessage.waitForTaskToken": lambda i: {}})
    execution.run_until_blocked()
    overlay = overlay_of(execution.result())
    assert overlay.status == "RUNNING" and overlay.states["Ask"].status == "running"
    execution.send_task_success(execution.pending_tokens[0], {"ok": True})
    assert overlay_of(execution.result()).states["Ask"].status == "succeeded"


def test_a_failing_branch_fails_its_parallel_and_cancels_the_other() -> None:
    machine = asl.parse({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 100, "End": True}}},
        {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": LAMBDA + "bad", "End": True}}}]}}})

    def bad(_: Any) -> Any:
        raise asl.TaskFailed("Broken", "no")

    overlay = overlay_of(machine.run({}, tasks={"bad": bad}))
    assert overlay.states["Both/1/Bad"].status == "failed"
    assert overlay.states["Both/0/Nap"].status == "cancelled"
    assert overlay.states["Both"].status == "failed"
    assert overlay.status == "FAILED" and overlay.error == "Broken"


@settings(max_examples=150, deadline=None)
@given(st.lists(JSON, max_size=12))
def test_any_list_of_values_reads_without_error(events: list) -> None:
    machine = asl.parse("examples/order.asl.json")
    overlay = read_history(build_scene(machine), events)
    assert len(overlay.event_nodes) == len(events)


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 3))
def test_damaged_histories_read_without_error(rnd: random.Random, damage: int) -> None:
    result = order_run()
    events = json_safe(list(result.history))
    if damage == 0:
        rnd.shuffle(events)
    elif damage == 1:
        events = [e for e in events if rnd.random() < 0.6]
    elif damage == 2:
        for event in events:
            event["previousEventId"] = rnd.choice([0, -1, "x", None, event["id"], 10 ** 9])
    else:
        for event in events:
            event.pop(rnd.choice(list(event)))
    overlay = read_history(build_scene(result.machine), events)
    assert set(overlay.states) <= set(result.machine.graph.nodes)
