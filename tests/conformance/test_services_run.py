"""The worker of the moto run: a delivered task token answered as the recording shows."""
from __future__ import annotations

from typing import Any

from conformance.cases import case_from_dict
from conformance.services_run import drive

CAUSE = {"errorMessage": "boom", "requestId": "<uuid:1>"}
SHOWN = '{"errorMessage": "boom", "requestId": "<uuid:7>"}'  # as a Catch's error output holds it


class Execution:
    """Blocked on one token until it is answered."""

    def __init__(self) -> None:
        self.status = "RUNNING"
        self.pending_tokens = ["token-1"]
        self.sent: list[tuple[Any, ...]] = []

    def run_until_blocked(self, wait_for_callbacks: bool = True) -> None:
        pass

    def send_task_success(self, token: str, output: Any) -> None:
        self._answered(("success", token, output))

    def send_task_failure(self, token: str, error: Any, cause: Any) -> None:
        self._answered(("failure", token, error, cause))

    def _answered(self, answer: tuple[Any, ...]) -> None:
        self.sent.append(answer)
        self.pending_tokens, self.status = [], "SUCCEEDED"


class Services:
    """An SQS client whose queue holds the token, as the test's worker found it."""

    def client(self, name: str) -> Any:
        return self

    def receive_message(self, **_: Any) -> dict[str, Any]:
        return {"Messages": [{"Body": '{"token": "token-1"}'}]}


def _case(entry: dict[str, Any]) -> Any:
    scheduled = {"state": "W", "event": "TaskScheduled", "resource": "sqs:sendMessage.waitForTaskToken",
                 "input": {"QueueUrl": "q"}}
    return case_from_dict({
        "name": "callback", "definition": {}, "input": {}, "task_results": [{**scheduled, **entry}],
        "expected": {"status": "SUCCEEDED", "output": {"caught": {"Error": "E", "Cause": SHOWN}}},
    })


def _answers(entry: dict[str, Any]) -> list[tuple[Any, ...]]:
    execution = Execution()
    drive(execution, _case(entry), Services(), ["q"])
    return execution.sent


def test_a_parsed_cause_is_sent_back_as_the_text_the_recording_shows() -> None:
    sent = _answers({"error": "E", "cause": CAUSE, "outcome_event": "TaskFailed"})
    assert sent == [("failure", "token-1", "E", '{"errorMessage": "boom", "requestId": "uuid-1"}')]


def test_a_recorded_result_is_sent_with_real_looking_values() -> None:
    sent = _answers({"result": {"arn": "arn:<partition>:sqs:<region>:1:q"}, "outcome_event": "TaskSucceeded"})
    assert sent == [("success", "token-1", {"arn": "arn:aws:sqs:us-east-1:1:q"})]


def test_a_worker_that_never_answered_leaves_the_token_pending() -> None:
    assert _answers({"error": "States.Timeout", "outcome_event": "TaskTimedOut"}) == []
