"""Helpers of the engine tests: small definitions, a callback callable, waiting for events."""
from __future__ import annotations

import json
import threading
import time
from typing import Any

import asl

ROLE = "arn:aws:iam::123456789012:role/test"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
CALLBACK = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"


def machine(states: dict[str, Any], start: str | None = None, **top: Any) -> str:
    """Definition text with ``states`` (StartAt: the first state unless given)."""
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top})


def task(name: str, **fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": LAMBDA + name, **fields}


def callback(**fields: Any) -> dict[str, Any]:
    body = {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "input.$": "$"}}
    return {"Type": "Task", "Resource": CALLBACK, "Parameters": body, **fields}


def wait_for_event(engine: asl.Engine, execution: str, event_type: str) -> None:
    """Poll the history until an event of ``event_type`` was recorded (tasks run in threads)."""
    while not any(e["type"] == event_type for page in engine.get_paginator("get_execution_history").paginate(
            executionArn=execution) for e in page["events"]):
        time.sleep(0.005)


PASS_MACHINE = machine({"Hello": {"Type": "Pass", "Result": {"hello": "world"}, "End": True}})


class Tokens:
    """A callback task's callable that keeps the tokens it is handed.

    Tasks run in the engine's threads after ``start_execution`` returned: ``get(i)``
    waits until the i-th token was handed over.
    """

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self._changed = threading.Condition()

    def __call__(self, payload: dict[str, Any]) -> dict[str, Any]:
        with self._changed:
            self.tokens.append(payload["MessageBody"]["token"])
            self._changed.notify_all()
        return {"MessageId": str(len(self.tokens))}

    def get(self, index: int) -> str:
        with self._changed:
            self._changed.wait_for(lambda: len(self.tokens) > index)
            return self.tokens[index]
