"""Judging outcomes and histories: on the AWS recordings themselves and on small
hand-made histories."""
from __future__ import annotations

import copy
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.cases import Expected
from conformance.compare import (
    MISSING,
    Difference,
    details_difference,
    event_details,
    json_difference,
    json_text,
    outcome_difference,
    short,
    types_difference,
)
from conformance_fixtures import engine_shaped

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def _event(id: int, prev: int, type: str, **details: object) -> dict:
    event: dict = {"id": id, "previousEventId": prev, "timestamp": "timestamp", "type": type}
    if details:
        member = "stateEnteredEventDetails" if type.endswith("StateEntered") else (
            "stateExitedEventDetails" if type.endswith("StateExited") else type[0].lower() + type[1:] + "EventDetails")
        event[member] = details
    return event


SMALL = [
    _event(1, 0, "ExecutionStarted", input={"a": 1}, roleArn="snf_role_arn"),
    _event(2, 0, "PassStateEntered", input={"a": 1}, name="P"),
    _event(3, 2, "PassStateExited", output='["Hello", "World"]', name="P"),
    _event(4, 3, "ExecutionSucceeded", output='["Hello", "World"]'),
]

# a normalised Parallel: branch events renumbered [0], the closing event (id 6) dropped
PARALLEL = [
    _event(1, 0, "ExecutionStarted", input={}),
    _event(2, 0, "ParallelStateEntered", input={}, name="Par"),
    _event(3, 2, "ParallelStateStarted"),
    {**_event(0, 0, "PassStateEntered", input={}, name="A"), "id": [0]},
    {**_event(0, 0, "PassStateExited", output={"x": "<uuid:1>"}, name="A"), "id": [0]},
    _event(7, 5, "ParallelStateExited", output="[{}]", name="Par"),
    _event(8, 7, "ExecutionSucceeded", output="[{}]"),
]


def _ours_parallel(order: list[int]) -> list[dict]:
    """What the engine would return for PARALLEL, branch events in ``order``."""
    branch = [
        _event(4, 3, "PassStateEntered", input="{}", name="A"),
        _event(5, 4, "PassStateExited", output='{"x":"a7f3"}', name="A"),
    ]
    return [
        _event(1, 0, "ExecutionStarted", input="{}"),
        _event(2, 0, "ParallelStateEntered", input="{}", name="Par"),
        _event(3, 2, "ParallelStateStarted"),
        *[branch[i] for i in order],
        _event(6, 5, "ParallelStateSucceeded"),
        _event(7, 5, "ParallelStateExited", output="[{}]", name="Par"),
        _event(8, 7, "ExecutionSucceeded", output="[{}]"),
    ]


# ------------------------------------------------------------------ JSON values

@settings(max_examples=150)
@given(JSON)
def test_a_json_value_equals_itself_and_its_copy(value):
    assert json_difference(value, value) is None
    assert json_difference(value, copy.deepcopy(value)) is None


@settings(max_examples=150)
@given(JSON, JSON)
def test_comparing_any_two_json_values_never_crashes_and_is_deterministic(a, b):
    first = json_difference(a, b)
    assert first == json_difference(a, b)
    assert (first is None) == (json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)) or _numbers_only_differ(a, b)


def _numbers_only_differ(a, b) -> bool:
    """1 and 1.0 are one JSON number though their dumps differ."""
    return json.loads(json.dumps(a)) == json.loads(json.dumps(b))


def test_the_first_difference_is_located_by_path():
    found = json_difference({"a": {"b": [1, 2, 3]}}, {"a": {"b": [1, 5, 3]}}, "output")
    assert found == Difference("output.a.b[1]", 2, 5)
    assert str(found) == "output.a.b[1]: expected 2, got 5"


def test_long_strings_are_shown_around_their_first_difference():
    expected = "An error occurred while executing the state 'Map' (entered at the event id #4). Oops"
    actual = expected.replace("#4", "#5")
    shown = str(json_difference(expected, actual, "cause"))
    assert shown.startswith('cause: expected "…') and "id #4)" in shown and "id #5)" in shown
    assert short("x" * 200).endswith("…") and len(short("x" * 200)) == 70


def test_missing_and_unexpected_keys_and_items_are_reported():
    assert json_difference({"a": 1, "b": 2}, {"a": 1}) == Difference("b", 2, MISSING)
    assert json_difference({"a": 1}, {"a": 1, "z": 0}) == Difference("z", MISSING, 0)
    assert json_difference([1, 2], [1, 2, 3]) == Difference("[2]", MISSING, 3)
    assert json_difference([1, 2, 3], [1, 2]) == Difference("[2]", 3, MISSING)


def test_numbers_compare_by_value_but_never_equal_booleans():
    assert json_difference(1, 1.0) is None
    assert json_difference(1, True) is not None
    assert json_difference(False, 0) is not None
    assert json_difference(None, "null") is not None


def test_placeholders_in_expected_strings_match_any_text():
    expected = {"arn": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>"}
    assert json_difference(expected, {"arn": "arn:aws:states:us-east-1:123456789012:execution:m:e1"}) is None
    assert json_difference(expected, {"arn": "arn:aws:lambda:us-east-1:123456789012:execution:m:e1"}) is not None
    assert json_difference("<uuid:1>", 5) is not None  # a placeholder still stands for a string


def test_deeply_nested_values_compare_without_recursion_error():
    deep_a: object = 1
    deep_b: object = 2
    for _ in range(20_000):
        deep_a, deep_b = [deep_a], [deep_b]
    found = json_difference(deep_a, deep_b)
    assert found is not None and found.expected == 1 and found.actual == 2


def test_json_text_is_parsed_and_other_text_kept():
    assert json_text('["Hello", "World"]') == ["Hello", "World"]
    assert json_text('{"a":1}') == {"a": 1}
    assert json_text("An error occurred") == "An error occurred"
    assert json_text("NaN") == "NaN"
    assert json_text({"a": 1}) == {"a": 1}


# ------------------------------------------------------------------ outcome

def test_outcome_compares_status_then_output_or_error_and_cause():
    ok = Expected("SUCCEEDED", output={"r": [1, 2]})
    assert outcome_difference(ok, "SUCCEEDED", {"r": [1, 2]}, None, None) is None
    assert outcome_difference(ok, "SUCCEEDED", {"r": [1, 3]}, None, None) == Difference("output.r[1]", 2, 3)
    assert outcome_difference(ok, "FAILED", None, "E", None) == Difference("status", "SUCCEEDED", "FAILED")
    failed = Expected("FAILED", error="States.Runtime", cause={"errorMessage": "x"})
    assert outcome_difference(failed, "FAILED", None, "States.Runtime", '{"errorMessage": "x"}') is None
    assert outcome_difference(failed, "FAILED", None, "States.Runtime", '{"errorMessage":"y"}') == Difference(
        "cause.errorMessage", "x", "y")
    assert outcome_difference(failed, "FAILED", None, "States.TaskFailed", "{}").where == "error"


# ------------------------------------------------------------------ hand-made histories

def _as_engine(history: list[dict]) -> list[dict]:
    out = copy.deepcopy(history)
    for event in out:
        for key, details in event.items():
            if key.endswith("EventDetails"):
                for m in ("input", "output"):
                    if isinstance(details.get(m), (dict, list)):
                        details[m] = json.dumps(details[m], separators=(",", ":"))
    return out


def test_json_text_fields_compare_as_json_values():
    ours = _as_engine(SMALL)
    ours[2]["stateExitedEventDetails"]["output"] = '["Hello","World"]'  # other spacing
    ours[0]["executionStartedEventDetails"]["roleArn"] = "arn:aws:iam::123456789012:role/x"
    assert details_difference(SMALL, ours) is None


def test_a_changed_type_is_reported_at_its_position():
    ours = _as_engine(SMALL)
    ours[1]["type"] = "TaskStateEntered"
    found = types_difference(SMALL, ours)
    assert found == Difference("history[1].type", "PassStateEntered", "TaskStateEntered")


def test_missing_and_extra_events_are_reported():
    assert types_difference(SMALL, _as_engine(SMALL)[:3]) == Difference(
        "history[3].type", "ExecutionSucceeded", MISSING)
    longer = _as_engine(SMALL) + [_event(5, 4, "PassStateEntered", input="{}", name="Q")]
    assert types_difference(SMALL, longer) == Difference("history[4]", MISSING, "PassStateEntered")
    assert types_difference(SMALL, "not a list") is not None


def test_a_changed_detail_is_reported_with_its_path():
    ours = _as_engine(SMALL)
    ours[1]["stateEnteredEventDetails"]["input"] = '{"a":2}'
    assert types_difference(SMALL, ours) is None
    found = details_difference(SMALL, ours)
    assert found == Difference("history[1] PassStateEntered.stateEnteredEventDetails.input.a", 1, 2)


def test_a_changed_id_or_previous_id_is_reported():
    ours = _as_engine(SMALL)
    ours[2]["previousEventId"] = 1
    assert details_difference(SMALL, ours) == Difference("history[2] PassStateExited.previousEventId", 2, 1)
    ours = _as_engine(SMALL)
    ours[3]["id"] = 9
    assert details_difference(SMALL, ours).where == "history[3] ExecutionSucceeded.id"


def test_an_extra_or_missing_details_member_is_a_difference():
    ours = _as_engine(SMALL)
    ours[1]["stateEnteredEventDetails"]["extra"] = 1
    assert details_difference(SMALL, ours).where.endswith("stateEnteredEventDetails.extra")
    ours = _as_engine(SMALL)
    del ours[1]["stateEnteredEventDetails"]["name"]
    assert details_difference(SMALL, ours).where.endswith("stateEnteredEventDetails.name")


def test_an_empty_details_object_is_the_same_as_none():
    assert event_details({"type": "MapStateSucceeded", "mapStateSucceededEventDetails": {}}) == {}


def test_normalised_parallel_branches_compare_as_a_multiset_in_any_order():
    for order in ([0, 1], [1, 0]):
        ours = _ours_parallel(order)
        assert types_difference(PARALLEL, ours, normalised=True) is None
        assert details_difference(PARALLEL, ours, normalised=True) is None


def test_without_the_normalised_tag_the_renumbered_events_compare_in_order():
    assert types_difference(PARALLEL, _ours_parallel([0, 1]), normalised=False) is not None


def test_normalised_parallel_reports_a_missing_or_foreign_branch_event():
    ours = _ours_parallel([0, 1])
    ours[3]["type"] = "TaskStateEntered"
    found = types_difference(PARALLEL, ours, normalised=True)
    assert found is not None and "unordered" in found.where
    assert found.expected == {"PassStateEntered": 1} and found.actual == {"TaskStateEntered": 1}


def test_normalised_parallel_requires_the_dropped_closing_event_only():
    ours = _ours_parallel([0, 1])
    del ours[5]  # our ParallelStateSucceeded
    assert types_difference(PARALLEL, ours, normalised=True) is not None


def test_normalised_parallel_details_are_matched_without_ids():
    ours = _ours_parallel([1, 0])
    ours[3]["stateExitedEventDetails"]["output"] = '{"x":1}'
    found = details_difference(PARALLEL, ours, normalised=True)
    assert found is not None and found.where.endswith("stateExitedEventDetails.output.x")


# ------------------------------------------------------------------ recorded histories

def test_every_recorded_history_equals_itself_as_our_engine_returns_it(recorded_cases):
    with_history = [c for c in recorded_cases if c.has_history]
    assert len(with_history) > 400
    for case in with_history:
        ours = engine_shaped(case.expected.history)
        assert types_difference(case.expected.history, ours, case.normalised_parallel) is None, case.name
        assert details_difference(case.expected.history, ours, case.normalised_parallel) is None, case.name


def test_recorded_normalised_parallel_histories_pass_in_any_branch_order(recorded_cases):
    cases = [c for c in recorded_cases if c.normalised_parallel]
    assert cases
    rng = random.Random(7)
    for case in cases:
        ours = engine_shaped(case.expected.history)
        start = next(i for i, e in enumerate(ours) if e["type"] == "ParallelStateStarted") + 1
        end = next(i for i, e in enumerate(ours) if e["type"] == "ParallelStateExited") - 1
        section = ours[start:end]
        rng.shuffle(section)
        shuffled = ours[:start] + section + ours[end:]
        assert details_difference(case.expected.history, shuffled, True) is None, case.name


def test_changes_to_recorded_histories_are_found(recorded_cases):
    case = next(c for c in recorded_cases if c.has_history and len(c.expected.history) > 5
                and not c.normalised_parallel)
    rng = random.Random(3)
    for _ in range(20):
        ours = engine_shaped(case.expected.history)
        k = rng.randrange(1, len(ours))
        ours[k] = {**ours[k], "previousEventId": ours[k]["previousEventId"] + 100}
        found = details_difference(case.expected.history, ours)
        assert found == Difference(f"history[{k}] {ours[k]['type']}.previousEventId",
                                   case.expected.history[k]["previousEventId"], ours[k]["previousEventId"])


EVENTS = st.lists(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"id": st.one_of(st.integers(0, 9), st.just([0])), "previousEventId": st.integers(0, 9),
             "type": st.sampled_from(["PassStateEntered", "ParallelStateSucceeded", "TaskFailed"])},
            optional={"passStateEnteredEventDetails": JSON, "taskFailedEventDetails": JSON},
        ),
    ),
    max_size=6,
)


@settings(max_examples=200)
@given(EVENTS, EVENTS, st.booleans())
def test_judging_any_two_histories_never_crashes(recorded, actual, normalised):
    types = types_difference(recorded, actual, normalised)
    details = details_difference(recorded, actual, normalised)
    assert types is None or details == types  # the details judgement reports type differences first


@settings(max_examples=100)
@given(EVENTS, st.booleans())
def test_a_history_of_well_formed_events_equals_itself(events, normalised):
    events = [e for e in events if isinstance(e, dict) and "type" in e and not isinstance(e["id"], list)]
    assert details_difference(events, copy.deepcopy(events), normalised) is None


def test_changed_types_and_details_of_recorded_histories_are_found(recorded_cases):
    cases = [c for c in recorded_cases if c.has_history and not c.normalised_parallel]
    rng = random.Random(5)
    for case in rng.sample(cases, 40):
        ours = engine_shaped(case.expected.history)
        k = rng.randrange(len(ours))
        renamed = copy.deepcopy(ours)
        renamed[k]["type"] = "NoSuchEvent"
        assert types_difference(case.expected.history, renamed) == Difference(
            f"history[{k}].type", ours[k]["type"], "NoSuchEvent"), case.name
        with_input = [i for i, e in enumerate(ours) if "input" in e.get("stateEnteredEventDetails", {})]
        if with_input:
            i = rng.choice(with_input)
            changed = copy.deepcopy(ours)
            changed[i]["stateEnteredEventDetails"]["input"] = '{"conformance-probe":1}'
            found = details_difference(case.expected.history, changed)
            assert found is not None and found.where.startswith(
                f"history[{i}] {ours[i]['type']}.stateEnteredEventDetails.input"), case.name
