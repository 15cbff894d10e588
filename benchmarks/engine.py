"""The embedded engine under load: 1,000 concurrent executions, async tasks sleeping 10 ms.

    .venv/bin/python benchmarks/engine.py [--executions 1000] [--tasks 3] [--sleep 0.01] [--runs 3] [--json]

Each execution runs Pass -> Task x N -> Choice -> Succeed; every Task is an ``async``
callable that sleeps 10 ms. All executions are started at once through the async API
(``AsyncEngine.start_execution``) and awaited (``wait``). Reported, for the durable
engine (a SQLite file, every step written before its commands run) and the in-memory
one (``store=":memory:"``): wall seconds from the first start to the last end (median of
``--runs``), executions/s, and state transitions/s (``*StateEntered`` events per second,
counted in the histories). Each run uses a fresh engine and store.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asl

ROLE = "arn:aws:iam::123456789012:role/bench"


def definition(tasks: int) -> dict[str, Any]:
    states: dict[str, Any] = {"Init": {"Type": "Pass", "Result": {"n": 0}, "Next": "Task0"}}
    for index in range(tasks):
        following = f"Task{index + 1}" if index + 1 < tasks else "Check"
        states[f"Task{index}"] = {
            "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "Next": following,
        }
    states["Check"] = {
        "Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": tasks, "Next": "Done"}], "Default": "Failed",
    }
    states["Done"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "Bench.Wrong"}
    return {"StartAt": "Init", "States": states}


async def one_run(store: str, executions: int, tasks: int, sleep: float) -> dict[str, float]:
    async def work(value: dict[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(sleep)
        return {"n": value["n"] + 1}

    async with asl.AsyncEngine(store, tasks={"work": work}) as engine:
        created = await engine.create_state_machine(
            name="Bench", definition=json.dumps(definition(tasks)), roleArn=ROLE)
        begin = time.perf_counter()
        started = [
            await engine.start_execution(stateMachineArn=created["stateMachineArn"], name=f"e{i}")
            for i in range(executions)
        ]
        ends = await asyncio.gather(*(engine.wait(s["executionArn"]) for s in started))
        seconds = time.perf_counter() - begin
        failed = [e["executionArn"] for e in ends if e["status"] != "SUCCEEDED"]
        if failed:
            raise SystemExit(f"{len(failed)} executions did not succeed, e.g. {failed[0]}")
        entered = 0
        for item in started:
            pages = engine.get_paginator("get_execution_history").paginate(
                executionArn=item["executionArn"], includeExecutionData=False)
            async for page in pages:
                entered += sum(e["type"].endswith("StateEntered") for e in page["events"])
    return {"seconds": seconds, "executions_per_s": executions / seconds, "transitions_per_s": entered / seconds,
            "transitions": entered}


def measure(kind: str, executions: int, tasks: int, sleep: float, runs: int) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            store = ":memory:" if kind == "memory" else str(Path(folder) / "bench.db")
            results.append(asyncio.run(one_run(store, executions, tasks, sleep)))
    median = statistics.median(r["seconds"] for r in results)
    transitions = results[0]["transitions"]
    return {
        "store": kind, "executions": executions, "seconds": round(median, 3),
        "executions_per_s": round(executions / median, 1), "transitions_per_s": round(transitions / median, 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executions", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=3)
    parser.add_argument("--sleep", type=float, default=0.01)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [measure(kind, args.executions, args.tasks, args.sleep, args.runs) for kind in ("sqlite-file", "memory")]
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{args.executions} concurrent executions, {args.tasks} async tasks of {args.sleep * 1000:g} ms each, "
          f"median of {args.runs} runs")
    print(f"{'store':<12} {'seconds':>8} {'executions/s':>13} {'transitions/s':>14}")
    for row in rows:
        print(f"{row['store']:<12} {row['seconds']:>8} {row['executions_per_s']:>13} {row['transitions_per_s']:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
