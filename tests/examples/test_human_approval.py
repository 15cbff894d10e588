"""Human approval: a ``.waitForTaskToken`` task answered through its token, by a mock,
or by nobody (then the 24-hour timeout escalates)."""
from __future__ import annotations

import pytest

import asl
from example_paths import example

EXPENSE = {"expense": {"id": "e-7", "amount": 120}, "manager": "ann"}


@pytest.fixture(scope="module")
def machine():
    return asl.parse(example("human_approval"))


def _queue(sent: list):
    def send(message: dict) -> dict:
        sent.append(message)
        return {"MessageId": f"m{len(sent)}"}
    return send


def _pay(expense: dict) -> dict:
    return {"paymentId": "p-" + expense["id"]}


def test_the_manager_approves_through_the_task_token(machine) -> None:
    sent: list = []
    execution = machine.start(EXPENSE, {"RequestApproval": _queue(sent), "pay-expense": _pay}).run_until_blocked()
    token = sent[0]["MessageBody"]["taskToken"]
    assert execution.pending_tokens == [token]
    execution.send_task_success(token, {"approved": True})
    result = execution.result()
    result.assert_path(["RequestApproval", "IsApproved", "PayExpense", "Approved"])
    assert result.output["payment"] == {"paymentId": "p-e-7"}


def test_the_manager_rejects_with_a_reason(machine) -> None:
    sent: list = []
    execution = machine.start(EXPENSE, {"RequestApproval": _queue(sent)}).run_until_blocked()
    execution.send_task_success(sent[0]["MessageBody"]["taskToken"], {"approved": False, "reason": "over budget"})
    result = execution.result()
    assert (result.status, result.error, result.cause) == ("FAILED", "ExpenseRejected", "over budget")


def test_no_answer_within_a_day_escalates(machine) -> None:
    published: list = []
    execution = machine.start(EXPENSE, {"RequestApproval": _queue([]), "Escalate": published.append}).run_until_blocked()
    execution.advance()  # nobody answers: the clock moves to the task's timeout
    result = execution.result()
    assert (result.status, result.error) == ("FAILED", "ApprovalTimedOut")
    result.assert_path(["RequestApproval", "Escalate", "TimedOut"])
    assert published[0]["Message"] == "Expense e-7 was not approved in time"
    timed_out = next(e for e in result.history if e["type"] == "TaskTimedOut")
    assert (timed_out["timestamp"] - result.history[0]["timestamp"]).total_seconds() == 86400


def test_a_mocked_callback_completes_without_a_token(machine) -> None:
    mocks = {"RequestApproval": {"Return": {"approved": True}}, "PayExpense": {"Return": {"Payload": {"paymentId": "p"}}}}
    result = machine.run(EXPENSE, mocks=mocks)
    assert result.status == "SUCCEEDED"
    assert result.visits("IsApproved")[0].input["decision"] == {"approved": True}
