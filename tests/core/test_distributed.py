"""Distributed Map in the core: a Map Run handed to the executor, children apart."""
from __future__ import annotations

import asl

DISTRIBUTED = {
    "StartAt": "M",
    "States": {"M": {
        "Type": "Map",
        "ItemsPath": "$.items",
        "ItemSelector": {"n.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index", "tag.$": "$.tag"},
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work",
            "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "double", "Payload.$": "$"},
                                "OutputPath": "$.Payload", "End": True}},
        },
        "End": True,
    }},
}


def test_children_run_as_executions_of_their_own_and_the_parent_sees_the_map_run():
    result = asl.parse(DISTRIBUTED).run({"items": [1, 2, 3], "tag": "t"}, {"double": lambda e: e["n"] * 2})
    assert result.status == "SUCCEEDED"
    assert result.output == [2, 4, 6]
    types = [e["type"] for e in result.history]
    assert types == ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                     "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]
    (run_arn, outcome), = result.map_runs.items()
    assert ":mapRun:" in run_arn
    assert [child.output for child in outcome.children] == [2, 4, 6]
    assert [e["type"] for e in outcome.children[0].history][0] == "ExecutionStarted"
    assert "Work" not in result.path  # the children's states are not the parent's


def test_a_failing_child_fails_the_map_run_and_tolerance_keeps_it_going():
    def flaky(event):
        if event["n"] == 2:
            raise ValueError("two")
        return event["n"]

    result = asl.parse(DISTRIBUTED).run({"items": [1, 2, 3], "tag": "t"}, {"double": flaky})
    assert (result.status, result.error) == ("FAILED", "ValueError")
    assert [e["type"] for e in result.history][-4:] == ["MapRunStarted", "MapRunFailed", "MapStateFailed", "ExecutionFailed"]

    tolerant = dict(DISTRIBUTED, States={"M": dict(DISTRIBUTED["States"]["M"], ToleratedFailureCount=1)})
    result = asl.parse(tolerant).run({"items": [1, 2, 3], "tag": "t"}, {"double": flaky})
    assert result.status == "SUCCEEDED"
    assert result.output[0] == 1 and result.output[2] == 3
