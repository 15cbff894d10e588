"""Acceptance: executions survive the process being killed with SIGKILL, again and again.

A child process (``crash_workflow.py``) runs 50 executions of a ~200-state workflow with
real short Waits, a task per iteration and a callback. It is killed with SIGKILL 20
times, each time after a random number of task invocations (so every kill lands in the
middle of the work: during a store write, a task, a timer, a replay...), and restarted;
each restart recovers from the store. A last run goes to the end. Then every execution
must have succeeded with the output of an uninterrupted run, a history whose ids are
1..n with no gap or duplicate, the same event sequence as the uninterrupted run, and
nothing left pending.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import asl
from asl.store.sqlite import SQLiteStore

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import crash_workflow as workload  # noqa: E402

KILLS = 20
MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:CrashTest"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def _child(store: Path, queue: Path, ticks: bool) -> subprocess.Popen[str]:
    """The workload in a child process; its stderr goes to ``<store>.log``."""
    env = dict(os.environ, CRASH_TICKS="1" if ticks else "0", PYTHONUNBUFFERED="1")
    with open(f"{store}.log", "a") as log:
        return subprocess.Popen(
            [sys.executable, str(HERE / "crash_workflow.py"), str(store), str(queue)],
            stdout=subprocess.PIPE, stderr=log, text=True, env=env,
        )


def _log(store: Path) -> str:
    return Path(f"{store}.log").read_text()


def _kill_after(child: subprocess.Popen[str], ticks: int) -> int:
    """Read the child's output until ``ticks`` task invocations happened, then SIGKILL it."""
    seen = 0
    assert child.stdout is not None
    while seen < ticks:
        line = child.stdout.readline()
        if not line:
            break  # the child ended by itself (it must not: checked below)
        seen += line == "t\n"
    child.send_signal(signal.SIGKILL)
    child.communicate()
    return seen


def _run_to_end(store: Path, queue: Path) -> None:
    child = _child(store, queue, ticks=False)
    out, _ = child.communicate()
    assert child.returncode == 0, _log(store)
    assert out.splitlines()[-1] == "DONE"


def _results(store: Path) -> dict[str, dict[str, Any]]:
    """Per execution name: status, output and history as (id, previous id, type)."""
    with asl.Engine(store, recover=False) as engine:
        pages = engine.get_paginator("list_executions").paginate(stateMachineArn=MACHINE)
        results = {}
        for item in (e for page in pages for e in page["executions"]):
            arn = item["executionArn"]
            events = [
                (e["id"], e["previousEventId"], e["type"])
                for page in engine.get_paginator("get_execution_history").paginate(executionArn=arn)
                for e in page["events"]
            ]
            described = engine.describe_execution(executionArn=arn)
            results[item["name"]] = {
                "arn": arn,
                "status": described["status"],
                "output": json.loads(described.get("output") or "null"),
                "events": events,
            }
    return results


def test_sigkill_twenty_times_loses_nothing(tmp_path: Path) -> None:
    reference_store, reference_queue = tmp_path / "reference.db", tmp_path / "reference-queue.db"
    _run_to_end(reference_store, reference_queue)
    reference = _results(reference_store)

    store, queue = tmp_path / "engine.db", tmp_path / "queue.db"
    # kill points spread over 90% of the work (each execution invokes its step task STEPS times)
    total = workload.EXECUTIONS * workload.STEPS
    points = sorted(random.Random(20261129).sample(range(1, total * 9 // 10), KILLS))
    for wanted in (b - a for a, b in zip([0] + points, points)):
        child = _child(store, queue, ticks=True)
        seen = _kill_after(child, wanted)
        assert seen == wanted, f"the child stopped by itself before being killed: {_log(store)}"
        assert child.returncode == -signal.SIGKILL
    _run_to_end(store, queue)
    crashed = _results(store)
    assert "not resuming" not in _log(store), "a recovery found a replay that differs from the store"

    assert sorted(crashed) == sorted(reference) == [f"run-{i:02d}" for i in range(workload.EXECUTIONS)]
    for name, result in crashed.items():
        expected = workload.expected_output(int(name[4:]))
        assert result["status"] == "SUCCEEDED", name
        assert result["output"] == expected == reference[name]["output"], name
        ids = [event[0] for event in result["events"]]
        assert ids == list(range(1, len(ids) + 1)), f"{name}: history ids not contiguous"
        assert result["events"] == reference[name]["events"], f"{name}: history differs from an uninterrupted run"

    store_view = SQLiteStore(store)
    try:
        for result in crashed.values():
            assert store_view.pending(result["arn"]) == [], "a finished execution still has pending commands"
    finally:
        store_view.close()
