"""1,000 executions at once in one process, their async tasks really overlapping."""
from __future__ import annotations

import asyncio
import json
from typing import Any

import asl
from engine_fixtures import ROLE, machine, task


def test_a_thousand_concurrent_executions_complete() -> None:
    in_flight = {"now": 0, "most": 0, "held": 0}
    hundred_at_once = asyncio.Event()

    async def work(value: dict[str, Any]) -> dict[str, Any]:
        """The first 100 calls wait until 100 are in flight together; the rest sleep 10 ms."""
        in_flight["now"] += 1
        in_flight["most"] = max(in_flight["most"], in_flight["now"])
        if in_flight["most"] >= 100:
            hundred_at_once.set()
        if in_flight["held"] < 100:
            in_flight["held"] += 1
            await asyncio.wait_for(hundred_at_once.wait(), 120)
        else:
            await asyncio.sleep(0.01)
        in_flight["now"] -= 1
        return {"n": value["n"] + 1}

    definition = machine({"A": task("work", Next="B"), "B": task("work", Next="C"), "C": task("work", End=True)})

    async def scenario() -> list[dict[str, Any]]:
        async with asl.AsyncEngine(":memory:", tasks={"work": work}) as engine:
            arn = (await engine.create_state_machine(name="Load", definition=definition, roleArn=ROLE))[
                "stateMachineArn"]
            started = [await engine.start_execution(stateMachineArn=arn, input=json.dumps({"n": i}))
                       for i in range(1000)]
            return list(await asyncio.gather(*(engine.wait(s["executionArn"]) for s in started)))

    ends = asyncio.run(scenario())
    assert [json.loads(e["output"]) for e in ends] == [{"n": i + 3} for i in range(1000)]
    assert {e["status"] for e in ends} == {"SUCCEEDED"}
    assert in_flight["most"] >= 100, "the executions' tasks did not overlap"
