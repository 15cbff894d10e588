"""Loading and selecting conformance cases."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.cases import CaseError, case_files, case_from_dict, load_case, selected

GOOD = {
    "name": "c",
    "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
    "input": {"a": 1},
    "task_results": [],
    "expected": {"status": "SUCCEEDED", "output": {"a": 1}, "error": None, "cause": None, "history": None},
    "features": ["Pass", "outcome-only"],
}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["name", "definition", "expected", "status", "history", "task_results", "features",
                         "state", "type", "x"]), inner, max_size=5),
    max_leaves=12,
)


def test_a_case_file_loads_into_a_case(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(GOOD))
    case = load_case(path)
    assert case.name == "c" and case.input == {"a": 1} and case.path == path
    assert case.expected.status == "SUCCEEDED" and case.expected.output == {"a": 1}
    assert not case.has_history and not case.express and not case.normalised_parallel
    assert case.features == {"Pass", "outcome-only"}


def test_tags_and_history_are_seen():
    case = case_from_dict({**GOOD, "features": ["Express", "parallel-normalised-history"],
                           "expected": {**GOOD["expected"], "history": [{"id": 1, "type": "ExecutionStarted"}]}})
    assert case.express and case.normalised_parallel and case.has_history


@pytest.mark.parametrize("data", [
    [], "x", {"name": "c"}, {**GOOD, "expected": {"output": 1}}, {**GOOD, "task_results": [{"no": "state"}]},
    {**GOOD, "expected": {**GOOD["expected"], "history": [{"id": 1}]}},
])
def test_what_is_not_a_case_is_a_case_error(data):
    with pytest.raises(CaseError):
        case_from_dict(data)


def test_unreadable_files_are_case_errors(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(CaseError, match="bad.json"):
        load_case(tmp_path / "bad.json")
    with pytest.raises(CaseError):
        load_case(tmp_path / "absent.json")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CaseError):
        load_case(tmp_path / "deep.json")


@settings(max_examples=200)
@given(JSON)
def test_any_json_either_loads_or_is_a_case_error(data):
    try:
        case_from_dict(data)
    except CaseError:
        pass


def test_folders_give_their_json_files_sorted(tmp_path):
    for name in ("b.json", "a.json", "README.md"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "sub").mkdir()
    assert case_files([tmp_path, tmp_path / "x.json"]) == [tmp_path / "a.json", tmp_path / "b.json", tmp_path / "x.json"]


def test_selection_by_tags_and_name():
    case = case_from_dict(GOOD)
    assert selected(case) and selected(case, ["Pass"]) and selected(case, ["-Task"])
    assert not selected(case, ["Task"]) and not selected(case, ["-Pass"])
    assert selected(case, ["Pass", "-Map"], name="c") and not selected(case, name="zz")
