"""The order workflow, driven by its MockConfigFile.json exactly as Step Functions Local
would read it: one test per test case, plus a hybrid case answered partly by Python."""
from __future__ import annotations

import json

import pytest

import asl
from asl.testing import MockConfig
from example_paths import example

MACHINE = example("order_workflow")
CONFIG = MockConfig.load(example("order_workflow", "MockConfigFile.json"))
ORDER = json.loads(example("order_workflow", "order_input.json").read_text())


@pytest.fixture(scope="module")
def machine():
    m = asl.parse(MACHINE)
    m.name = "order_workflow"
    return m


def test_happy_path_ships_the_order(machine) -> None:
    result = machine.run(ORDER, mocks=CONFIG.test_case("order_workflow", "HappyPath"))
    result.assert_path(["ValidateOrder", "ReserveInventory", "ChargePayment", "ShipOrder", "OrderCompleted"])
    assert result.output["payment"] == {"chargeId": "ch_001"}
    assert result.output["shipment"] == {"messageId": "0f1e2d3c-4b5a-6978-8f1e-2d3c4b5a6978"}
    assert result.retries() == {}


def test_a_busy_payment_service_is_retried_three_times_then_charges(machine) -> None:
    result = machine.run(ORDER, mocks=CONFIG.test_case("order_workflow", "PaymentRetryPath"))
    assert result.status == "SUCCEEDED"
    assert result.retries("ChargePayment") == 3
    assert result.output["payment"] == {"chargeId": "ch_002"}
    # 2 + 4 + 8 seconds of back-off on the virtual clock
    charged = [e for e in result.history if e["type"] == "TaskSucceeded"][2]
    scheduled = [e for e in result.history if e["type"] == "TaskScheduled"][2]
    assert (charged["timestamp"] - scheduled["timestamp"]).total_seconds() == 14


def test_a_declined_payment_releases_the_reservation_before_failing(machine) -> None:
    result = machine.run(ORDER, mocks=CONFIG.test_case("order_workflow", "PaymentDeclinedPath"))
    assert (result.status, result.error) == ("FAILED", "OrderFailed")
    result.assert_path(["ValidateOrder", "ReserveInventory", "ChargePayment", "ReleaseInventory", "OrderFailed"])
    released = result.visits("ReleaseInventory")[0]
    assert released.input["error"] == {"Error": "PaymentDeclined", "Cause": "Insufficient funds."}


def test_an_invalid_order_is_rejected_with_the_validator_cause(machine) -> None:
    result = machine.run(ORDER, mocks=CONFIG.test_case("order_workflow", "InvalidOrderPath"))
    assert (result.status, result.error, result.cause) == ("FAILED", "OrderRejected", "Unknown SKU: X-999")


def test_hybrid_case_unmocked_states_fall_through_to_python_tasks(machine) -> None:
    shipped = []

    def ship(message: dict) -> dict:
        shipped.append(message)
        return {"MessageId": "m-local", "MD5OfMessageBody": "0" * 32}

    result = machine.run(ORDER, {"ShipOrder": ship}, mocks=CONFIG.test_case("order_workflow", "HybridPath"))
    assert result.status == "SUCCEEDED"
    assert shipped and shipped[0]["MessageBody"]["orderId"] == "o-1001"
    assert result.state_outputs("ShipOrder")[0]["shipment"] == {"messageId": "m-local"}


def test_an_unmocked_task_without_python_answer_is_a_clear_error(machine) -> None:
    from asl.tasks import TaskNotRegistered

    with pytest.raises(TaskNotRegistered, match="ShipOrder"):
        machine.run(ORDER, mocks=CONFIG.test_case("order_workflow", "HybridPath"))


def test_the_asl_run_fixture_reads_the_mock_config_by_file_name(asl_run) -> None:
    result = asl_run(MACHINE, ORDER, mock_config=example("order_workflow", "MockConfigFile.json"),
                     test_case="HappyPath")
    assert result.status == "SUCCEEDED"
