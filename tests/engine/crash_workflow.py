"""The workload of the crash test: 50 executions of a ~200-state workflow with real
(tens of milliseconds) Waits, tasks and a callback, run by a child process that the test
kills with SIGKILL at random moments.

Run as ``python crash_workflow.py STORE QUEUE``: it opens the engine on ``STORE``
(recovering whatever was running), starts the 50 executions (idempotently: a name that
already ran is skipped), answers callbacks found in the ``QUEUE`` database (the stand-in
for an external system that got the task token, e.g. from an SQS message), prints
``READY`` once everything is started and ``DONE`` once no execution is running. With
``CRASH_TICKS=1`` it also prints a line ``t`` each time the step task is invoked.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable

EXECUTIONS = 50
STEPS = 100  # iterations of Step + Route: 2 states each
CALLBACK_AT = 50
PAUSE_EVERY = 10
PAUSE_SECONDS = 0.02
ROLE = "arn:aws:iam::123456789012:role/crash-test"
CALLBACK_RESOURCE = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"

DEFINITION: dict[str, Any] = {
    "Comment": "A counter loop with real pauses and one callback",
    "StartAt": "Init",
    "States": {
        "Init": {"Type": "Pass", "Parameters": {"i": 0, "acc.$": "$.seed", "cb": 0}, "Next": "Step"},
        "Step": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:step", "Next": "Route"},
        "Route": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.i", "NumericEquals": CALLBACK_AT, "Next": "Callback"},
                {"Variable": "$.i", "NumericGreaterThanEquals": STEPS, "Next": "Done"},
                {"Variable": "$.pause", "BooleanEquals": True, "Next": "Pause"},
            ],
            "Default": "Step",
        },
        "Pause": {"Type": "Wait", "TimestampPath": "$.until", "Next": "Step"},
        "Callback": {
            "Type": "Task",
            "Resource": CALLBACK_RESOURCE,
            "Parameters": {"QueueUrl": "crash-test", "MessageBody": {"token.$": "$$.Task.Token", "acc.$": "$.acc"}},
            "ResultPath": "$.answer",
            "Next": "AfterCallback",
        },
        "AfterCallback": {
            "Type": "Pass",
            "Parameters": {"i.$": "$.i", "acc.$": "$.acc", "cb.$": "$.answer.value", "pause": False},
            "Next": "Step",
        },
        "Done": {"Type": "Pass", "Parameters": {"i.$": "$.i", "acc.$": "$.acc", "cb.$": "$.cb"}, "End": True},
    },
}


def step(state: dict[str, Any]) -> dict[str, Any]:
    """One iteration; ``until`` (wall time) only steers the Wait and is dropped at the end."""
    if TICKS:
        _tick()
    i = state["i"]
    until = datetime.fromtimestamp(time.time() + PAUSE_SECONDS, tz=timezone.utc)
    return {
        "i": i + 1,
        "acc": (state["acc"] * 31 + i + 7) % 1000003,
        "cb": state["cb"],
        "pause": (i + 1) % PAUSE_EVERY == 0,
        "until": until.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


TICKS = os.environ.get("CRASH_TICKS") == "1"
_tick_lock = threading.Lock()


def _tick() -> None:
    """One line per task invocation, so the test can kill at a random point of the work."""
    with _tick_lock:
        sys.stdout.write("t\n")
        sys.stdout.flush()


def callback_answer(acc: int) -> dict[str, Any]:
    return {"value": acc * 2 + 1}


def enqueuer(queue_path: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The callback task: hand the token to the "external system" (a durable queue)."""

    def send_message(payload: dict[str, Any]) -> dict[str, Any]:
        body = payload["MessageBody"]
        with sqlite3.connect(queue_path, timeout=30) as db:
            db.execute("INSERT OR IGNORE INTO queue VALUES (?, ?)", (body["token"], body["acc"]))
        return {"MessageId": body["token"][-12:]}

    return send_message


def open_queue(path: str) -> None:
    with sqlite3.connect(path, timeout=30) as db:
        db.execute("CREATE TABLE IF NOT EXISTS queue(token TEXT PRIMARY KEY, acc INTEGER NOT NULL)")


def answer_callbacks(engine: Any, queue_path: str) -> int:
    """Answer every queued token (at least once: an answer already taken is fine)."""
    with sqlite3.connect(queue_path, timeout=30) as db:
        rows = db.execute("SELECT token, acc FROM queue").fetchall()
    for token, acc in rows:
        try:
            engine.send_task_success(taskToken=token, output=json.dumps(callback_answer(acc)))
        except (engine.exceptions.TaskTimedOut, engine.exceptions.TaskDoesNotExist):
            pass  # answered before the last crash
        with sqlite3.connect(queue_path, timeout=30) as db:
            db.execute("DELETE FROM queue WHERE token = ?", (token,))
    return len(rows)


def expected_output(index: int) -> dict[str, Any]:
    acc, cb = index, 0
    for i in range(STEPS):
        if i == CALLBACK_AT:
            cb = callback_answer(acc)["value"]
        acc = (acc * 31 + i + 7) % 1000003
    return {"i": STEPS, "acc": acc, "cb": cb}


def start_all(engine: Any) -> str:
    machine = engine.create_state_machine(name="CrashTest", definition=json.dumps(DEFINITION), roleArn=ROLE)
    arn = machine["stateMachineArn"]
    for index in range(EXECUTIONS):
        try:
            engine.start_execution(stateMachineArn=arn, name=f"run-{index:02d}", input=json.dumps({"seed": index}))
        except engine.exceptions.ExecutionAlreadyExists:
            pass  # it ended before a crash
    return arn


def running(engine: Any, arn: str) -> int:
    pages = engine.get_paginator("list_executions").paginate(stateMachineArn=arn, statusFilter="RUNNING")
    return sum(len(page["executions"]) for page in pages)


def main(store: str, queue: str) -> int:
    import asl

    open_queue(queue)
    tasks = {"step": step, CALLBACK_RESOURCE: enqueuer(queue)}
    with asl.Engine(store, tasks=tasks, seed=7) as engine:
        arn = start_all(engine)
        problems = engine.recover()["problems"]  # those the automatic recovery could not resume
        if problems:
            print(json.dumps(problems), file=sys.stderr)
            return 3
        print("READY", flush=True)
        while running(engine, arn):
            answer_callbacks(engine, queue)
            time.sleep(0.01)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
