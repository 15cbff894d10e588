"""Same definition + input + seed + task behaviour => byte-identical history.

Machines are generated: a forward-only graph (so every run ends) of Pass, Wait, Task,
Choice, Parallel and Map states using random intrinsics, retries with jitter, catchers
and task answers that succeed or fail as drawn.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asl
from asl.core.history import json_safe

ERRORS = ["Boom", "States.Timeout", "Custom.Error"]


@st.composite
def machines(draw):
    count = draw(st.integers(2, 8))
    names = [f"S{i}" for i in range(count)]
    states = {}
    answers = {}
    for i, name in enumerate(names):
        after = names[i + 1] if i + 1 < count else None
        kind = draw(st.sampled_from(["Pass", "Wait", "Task", "Choice", "Parallel", "Map"] if after else ["Pass", "Task"]))
        state = _state(draw, kind, name, after, names[i + 1:], answers)
        states[name] = state
    return {"StartAt": names[0], "States": states}, answers


def _link(state, after):
    if after is None:
        state["End"] = True
    else:
        state["Next"] = after
    return state


def _answers(draw):
    success = st.fixed_dictionaries({"Return": st.fixed_dictionaries({"v": st.integers(-5, 5)})})
    failure = st.fixed_dictionaries({"Throw": st.fixed_dictionaries({"Error": st.sampled_from(ERRORS),
                                                                      "Cause": st.text(max_size=5)})})
    return draw(st.lists(st.one_of(success, failure), min_size=40, max_size=40))


def _task(draw, name, after, answers):
    state = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
             "Parameters": {"QueueUrl": "q", "MessageBody.$": "States.Format('{}', $$.State.RetryCount)"},
             "ResultPath": f"$.{name}"}
    if draw(st.booleans()):
        state["Retry"] = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": draw(st.integers(1, 5)),
                           "MaxAttempts": draw(st.integers(0, 3)), "JitterStrategy": draw(st.sampled_from(["FULL", "NONE"]))}]
    if after is not None and draw(st.booleans()):
        state["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": after}]
    answers[name] = _answers(draw)
    return _link(state, after)


def _state(draw, kind, name, after, later, answers):
    if kind == "Pass":
        return _link({"Type": "Pass", "Parameters": {"id.$": "States.UUID()", "n.$": "States.MathRandom(0, 100)",
                                                     "in.$": "$"}, "ResultPath": f"$.{name}"}, after)
    if kind == "Wait":
        return _link({"Type": "Wait", "Seconds": draw(st.integers(0, 10 ** 6))}, after)
    if kind == "Task":
        return _task(draw, name, after, answers)
    if kind == "Choice":
        targets = draw(st.lists(st.sampled_from(later), min_size=1, max_size=3))
        rules = [{"Variable": "$.n", "NumericLessThan": draw(st.integers(-3, 3)), "Next": t} for t in targets]
        return {"Type": "Choice", "Choices": rules, "Default": after}
    inner = {"StartAt": f"{name}_in", "States": {f"{name}_in": {"Type": "Wait", "Seconds": draw(st.integers(0, 99)),
                                                                 "End": True}}}
    if kind == "Parallel":
        other = {"StartAt": f"{name}_b", "States": {f"{name}_b": {"Type": "Pass", "Result": {"r.$": "States.UUID()"},
                                                                   "End": True}}}
        return _link({"Type": "Parallel", "Branches": [inner, other], "ResultPath": f"$.{name}"}, after)
    return _link({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": draw(st.integers(0, 3)),
                  "ItemProcessor": inner, "ResultPath": f"$.{name}"}, after)


def _history_text(definition, answers, value, seed):
    machine = asl.parse(definition)
    result = machine.run(value, mocks=answers, seed=seed, start_time=datetime(2024, 1, 1, tzinfo=timezone.utc))
    return json.dumps(json_safe(list(result.history)), sort_keys=True), result


inputs = st.fixed_dictionaries({"n": st.integers(-5, 5), "items": st.lists(st.integers(), max_size=4)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(machines(), inputs, st.integers(0, 2 ** 32))
def test_same_inputs_and_seed_give_byte_identical_histories(generated, value, seed):
    definition, answers = generated
    first, result = _history_text(definition, answers, value, seed)
    second, _ = _history_text(definition, answers, value, seed)
    assert first == second
    assert result.status in ("SUCCEEDED", "FAILED")
    ids = [e["id"] for e in result.history]
    assert ids == list(range(1, len(ids) + 1))
    assert all(0 <= e["previousEventId"] < e["id"] for e in result.history)


def test_the_seed_drives_generated_values():
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": True}}}
    machine = asl.parse(definition)
    assert machine.run({}, seed=1).output == machine.run({}, seed=1).output
    assert machine.run({}, seed=1).output != machine.run({}, seed=2).output
