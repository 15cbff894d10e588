"""The default Map Run executor: child executions run one after another, in-process.

Children are ordinary executions of the item processor, answered by the same tasks and
mocks as the parent (state names are unique across a whole definition, so a mock keyed by
a child's state name is unambiguous). They run on the parent's virtual clock; the Map Run
lasts as long as its longest child.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Optional

from asl.core.messages import MapRunRequest


@dataclass
class MapRunOutcome:
    ok: bool
    output: Any = None
    error: Optional[str] = None
    cause: Optional[str] = None
    duration: float = 0.0
    children: list[Any] = field(default_factory=list)


class InProcessExecutor:
    def run(self, request: MapRunRequest, resolver: Any, now: float) -> MapRunOutcome:
        from asl.machine import StateMachine

        if request.items is None:
            return MapRunOutcome(False, error="States.ItemReaderFailed",
                                 cause="ItemReader needs a Map Run executor that reads items")
        machine = StateMachine(request.processor, machine_type=request.execution_type,
                               name=f"{request.state_name}-child")
        start = datetime.fromtimestamp(now, tz=timezone.utc)
        run_id = request.map_run_arn.rsplit(":", 1)[-1]
        outputs: list[Any] = []
        children = []
        failures = 0
        end = now
        for index, item in enumerate(request.items):
            value = request.select(index, item) if request.select is not None else item
            child = machine.start(value, start_time=start, name=f"{run_id}:{index}", _resolver=resolver)
            result = child.run_until_blocked(wait_for_callbacks=False).result()
            children.append(result)
            end = max(end, child.now.timestamp())
            if result.status == "SUCCEEDED":
                outputs.append(result.output)
                continue
            failures += 1
            outputs.append({"Error": result.error, "Cause": result.cause})
            if _exceeded(request, failures, len(request.items)):
                if request.tolerated_count is None and request.tolerated_percentage is None:
                    return MapRunOutcome(False, error=result.error, cause=result.cause, duration=end - now, children=children)
                return MapRunOutcome(False, error="States.ExceedToleratedFailureThreshold",
                                     cause="The specified tolerated failure threshold was exceeded",
                                     duration=end - now, children=children)
        return MapRunOutcome(True, outputs, duration=end - now, children=children)


def _exceeded(request: MapRunRequest, failures: int, total: int) -> bool:
    count, percentage = request.tolerated_count, request.tolerated_percentage
    if count is None and percentage is None:
        return failures > 0
    if count is not None and failures > count:
        return True
    return percentage is not None and total > 0 and failures * 100.0 / total > percentage
