"""A worker for ``sqs_callback.asl.json``: read the queue, do the work, answer the token.

Step Functions puts the task token in the message (``$$.Task.Token``); whoever reads
the message answers the waiting task with ``send_task_success`` (or
``send_task_failure``), here on an ``asl`` execution or engine, on AWS on the
``stepfunctions`` client: both take the same token and output.

    execution = machine.start({"queueUrl": url, "orderId": "o-1"}, services="boto3")
    execution.run_until_blocked()          # the message is in the queue now
    work_once(boto3.client("sqs"), url, execution)
"""
from __future__ import annotations

import json
from typing import Any, Callable


def pack(order: dict[str, Any]) -> dict[str, Any]:
    """The work itself: what the workflow waits for."""
    return {"orderId": order["orderId"], "packed": True}


def work_once(sqs: Any, queue_url: str, answerer: Any, work: Callable[[dict[str, Any]], Any] = pack) -> int:
    """Answer every message waiting in the queue; the number answered.

    ``answerer`` has ``send_task_success(token, output)`` and
    ``send_task_failure(token, error, cause)`` (an ``asl`` execution), or their
    keyword forms (``asl.Engine`` or boto3's ``stepfunctions`` client)."""
    answered = 0
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    for message in messages:
        body = json.loads(message["Body"])
        token = body.pop("taskToken")
        try:
            output = work(body)
        except Exception as exc:  # the workflow's Catch/Retry decide what a failure means
            _answer_failure(answerer, token, type(exc).__name__, str(exc))
        else:
            _answer_success(answerer, token, output)
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        answered += 1
    return answered


def _is_execution(answerer: Any) -> bool:
    """An ``asl`` execution takes (token, output); the boto3-shaped APIs take keywords."""
    return hasattr(answerer, "pending_tokens")


def _answer_success(answerer: Any, token: str, output: Any) -> None:
    if _is_execution(answerer):
        answerer.send_task_success(token, output)
    else:
        answerer.send_task_success(taskToken=token, output=json.dumps(output))


def _answer_failure(answerer: Any, token: str, error: str, cause: str) -> None:
    if _is_execution(answerer):
        answerer.send_task_failure(token, error, cause)
    else:
        answerer.send_task_failure(taskToken=token, error=error, cause=cause)
