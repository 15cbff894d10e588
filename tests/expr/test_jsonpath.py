"""Paths with AWS's (Jayway's) semantics: selection, failures and their wording, ResultPath."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.errors import StatesError
from asl.expr import ExprSyntaxError, SimpleEnv
from asl.expr.jsonpath import PathNotFound, compile_path, compile_reference_path, set_path

DOC = {
    "a": {"b": [1, 2, {"c": 3}], "s": "text"},
    "items": [{"price": 5, "name": "x"}, {"price": 20, "name": "y"}, {"name": "z"}],
    "n": 5,
    "nothing": None,
}


# --------------------------------------------------------------------------- compiling
@pytest.mark.parametrize(
    "text, root, reference, definite",
    [
        ("$", "$", True, True),
        ("$$", "$$", True, True),
        ("$.a.b[0]", "$", True, True),
        ("$['a']['b'][-1]", "$", True, True),
        ("$$.Execution.Input.input-value", "$$", True, True),
        ("$.delivery-partner", "$", True, True),
        ("$myVar", "myVar", True, True),
        ("$myVar.field[2]", "myVar", True, True),
        ("$['a','n']", "$", False, True),
        ("$.items[*].price", "$", False, False),
        ("$..price", "$", False, False),
        ("$.items[1:]", "$", False, False),
        ("$.items[0,1]", "$", False, False),
        ("$.items[?(@.price > 10)]", "$", False, False),
        ("$['Test\\\"\"Name\"']", "$", True, True),  # AWS-recorded escape-sequence path
    ],
)
def test_compile_classifies_paths(text: str, root: str, reference: bool, definite: bool) -> None:
    path = compile_path(text)
    assert (path.text, path.root, path.is_reference, path.is_definite) == (text, root, reference, definite)


@pytest.mark.parametrize("text", ["$.a[*]", "$..a", "$.a[0:1]", "$['a','b']", "$.a[?(@.b)]"])
def test_reference_paths_reject_anything_but_single_nodes(text: str) -> None:
    compile_path(text)
    with pytest.raises(ExprSyntaxError, match="reference path"):
        compile_reference_path(text)


def test_compiled_paths_are_cached_by_text() -> None:
    assert compile_path("$.a.b") is compile_path("$.a.b")
    assert compile_reference_path("$.a") is compile_reference_path("$.a")


def test_non_string_paths_are_syntax_errors() -> None:
    with pytest.raises(ExprSyntaxError):
        compile_path(5)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- selecting
@pytest.mark.parametrize(
    "text, expected",
    [
        ("$", DOC),
        ("$.a.s", "text"),
        ("$.a.b[2].c", 3),
        ("$.a.b[-1]", {"c": 3}),
        ("$.nothing", None),
        ("$['a', 'n']", {"a": DOC["a"], "n": 5}),  # Jayway merges leaf unions into one object
        ("$['n', 'missing']", {"n": 5}),
        ("$.items[*].price", [5, 20]),
        ("$.items[?(@.price > 10)].name", ["y"]),
        ("$.items[?(@.price < 10 || @.name == 'z')].name", ["x", "z"]),
        ("$.items[?(@.price && @.price >= 20)].name", ["y"]),
        ("$.items[?(!@.price)].name", ["z"]),
        ("$.items[?(@.name =~ /[xy]/)].name", ["x", "y"]),
        ("$.items[?(@.name =~ /X/i)].name", ["x"]),
        ("$.items[?(@.name =~ 'x')].name", []),  # Jayway: only a /regex/ matches, anything else is false
        ("$.items[?(@.name =~ @.name)].name", []),
        ("$.items[?(@.name in ['x', 'z'])].name", ["x", "z"]),
        ("$.items[?(@.name nin ['x', 'z'])].name", ["y"]),
        ("$.items[?(@.price == $.n)].name", ["x"]),
        ("$.items[?(@.price != 5)].name", ["y"]),
        ("$.items[0:2].name", ["x", "y"]),
        ("$.items[-1:].name", ["z"]),
        ("$.items[:1]", [{"price": 5, "name": "x"}]),
        ("$.items[0,2].name", ["x", "z"]),
        ("$..c", [3]),
        ("$..price", [5, 20]),
        ("$.a.*", [DOC["a"]["b"], "text"]),
        ("$.missing[*]", []),
    ],
)
def test_evaluate_selects_like_jayway(text: str, expected: Any) -> None:
    assert compile_path(text).evaluate(DOC, SimpleEnv()) == expected


def test_scan_visits_parents_before_children() -> None:
    doc = {"x": {"x": {"x": 1}}, "y": [{"x": 2}]}
    assert compile_path("$..x").evaluate(doc) == [{"x": {"x": 1}}, {"x": 1}, 1, 2]


def test_scan_handles_documents_deeper_than_the_recursion_limit() -> None:
    doc: Any = {"leaf": 1}
    for _ in range(5000):
        doc = {"k": doc}
    assert compile_path("$..leaf").evaluate(doc) == [1]


@pytest.mark.parametrize(
    "text",
    [  # AWS-recorded: wildcard/slice paths over an empty input give [] (base_test_json_path_*)
        "$[*]", "$.item.items[*]", "$.item.items[1:]", "$.item.items[1:5].itemValue",
        "$.item.items[:1]", "$.items[*].itemValue", "$.items[:1].itemValue", "$.items[:1]",
    ],
)
def test_indefinite_paths_without_matches_give_an_empty_list(text: str) -> None:
    assert compile_path(text).evaluate({}) == []


@pytest.mark.parametrize(
    "text, doc, detail",
    [  # the first two are AWS-recorded causes; the rest follow Jayway's wording
        ("$.NoSuchInputPath", {"int-literal": 0}, "No results for path: $['NoSuchInputPath']"),
        ("$.no.such.result.path", {}, "Missing property in path $['no']"),
        ("$['a', 'b'].v", {"a": {"v": 1}, "b": {"v": 2}}, "Multi properties can only be used as path leafs: $['a', 'b']"),
        ("$.a.b[5]", DOC, "No results for path: $['a']['b'][5]"),
        ("$.a.s.x", DOC, "Expected to find an object with property ['x'] in path $['a']['s'] but found "
                         "'java.lang.String'. This is not a json object according to the JsonProvider: "
                         "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'."),
        ("$.nothing[0]", DOC, "The path $['nothing'] is null"),
        ("$.n[0]", DOC, "Filter: [0] can only be applied to arrays. Current context is: 5"),
    ],
)
def test_definite_paths_fail_with_jayway_wording(text: str, doc: Any, detail: str) -> None:
    with pytest.raises(PathNotFound) as caught:
        compile_path(text).evaluate(doc)
    assert (caught.value.path, caught.value.detail) == (text, detail)
    assert str(caught.value) == f"Invalid path '{text}' : {detail}"


def test_bracket_names_keep_backslashes_as_written() -> None:
    # AWS-recorded (test_escape_sequence_parsing): the key contains the backslash.
    doc = {'Test\\""Name"': 'Value"\\'}
    assert compile_path("$['Test\\\"\"Name\"']").evaluate(doc) == 'Value"\\'


def test_context_and_variables_roots() -> None:
    env = SimpleEnv(context={"State": {"Name": "S"}}, variables={"cfg": {"n": [7]}})
    assert compile_path("$$.State.Name").evaluate({}, env) == "S"
    assert compile_path("$cfg.n[0]").evaluate({}, env) == 7
    assert compile_path("$cfg").evaluate({}, env) == {"n": [7]}


def test_an_undefined_variable_is_a_runtime_failure() -> None:
    with pytest.raises(StatesError) as caught:
        compile_path("$nope.x").evaluate({}, SimpleEnv())
    assert caught.value.error == "States.Runtime"
    assert "nope" in caught.value.cause


class _NoContext:
    """An Env whose context must not be built: input paths must never touch it."""

    variables: dict[str, Any] = {}

    @property
    def context(self) -> Any:
        raise AssertionError("the context object was built")


def test_input_paths_never_build_the_context() -> None:
    assert compile_path("$.n").evaluate(DOC, _NoContext()) == 5
    assert compile_path("$.items[*].name").evaluate(DOC, _NoContext()) == ["x", "y", "z"]


@pytest.mark.parametrize(
    "text, present",
    [("$.n", True), ("$.nothing", True), ("$.missing", False), ("$.a.b[9]", False), ("$.n.x", False),
     ("$.items[?(@.price > 100)]", False), ("$.items[*]", True), ("$$.State", True), ("$v", True),
     ("$undefined", False), ("$v.k", False)],
)
def test_exists(text: str, present: bool) -> None:
    env = SimpleEnv(context={"State": {}}, variables={"v": 1})
    assert compile_path(text).exists(DOC, env) is present


# --------------------------------------------------------------------------- ResultPath
def test_set_path_root_replaces_the_document() -> None:
    assert set_path({"a": 1}, compile_path("$"), [1]) == [1]


def test_set_path_creates_missing_objects_and_copies_only_the_path() -> None:
    doc = {"keep": {"deep": [1]}, "a": {"x": 1}}
    out = set_path(doc, compile_path("$.a.b.c"), 5)
    assert out == {"keep": {"deep": [1]}, "a": {"x": 1, "b": {"c": 5}}}
    assert doc == {"keep": {"deep": [1]}, "a": {"x": 1}}
    assert out["keep"] is doc["keep"]


def test_set_path_replaces_an_array_element() -> None:
    doc = {"arr": [1, 2, 3]}
    assert set_path(doc, compile_path("$.arr[1]"), "x") == {"arr": [1, "x", 3]}
    assert doc == {"arr": [1, 2, 3]}


@pytest.mark.parametrize(
    "doc, text, shown",
    [
        # AWS wording (a real cause quoted in aws-cdk issue 29473): the input as compact JSON.
        ('{"min_size":10000}', "$.partitioned", '"{\\"min_size\\":10000}"'),
        ([1, 2], "$.x", "[1,2]"),
        ({"a": 5}, "$.a.b", '{"a":5}'),
        ({"arr": [1]}, "$.arr[3]", '{"arr":[1]}'),
    ],
)
def test_set_path_into_a_non_object_fails_as_on_aws(doc: Any, text: str, shown: str) -> None:
    with pytest.raises(StatesError) as caught:
        set_path(doc, compile_path(text), 1)
    assert caught.value.error == "States.Runtime"
    assert caught.value.cause == f"Unable to apply ReferencePath {text} to input {shown}"


def test_set_path_refuses_paths_that_are_not_input_references() -> None:
    for text in ("$$.x", "$var.x", "$.a[*]"):
        with pytest.raises(StatesError):
            set_path({}, compile_path(text), 1)


# --------------------------------------------------------------------------- properties
NAMES = st.sampled_from(["a", "b", "c", "items", "x-y"])
STEP_TEXT = st.one_of(
    NAMES.map(lambda n: f".{n}"),
    NAMES.map(lambda n: f"['{n}']"),
    st.integers(-3, 3).map(lambda i: f"[{i}]"),
    st.just("[*]"), st.just(".*"), NAMES.map(lambda n: f"..{n}"), st.just("[1:]"), st.just("[:2]"),
    st.just("['a','b']"), st.just("[0,1]"), st.just("[?(@.a > 1)]"), st.just("[?(@.b)]"),
)
PATH_TEXT = st.lists(STEP_TEXT, max_size=5).map(lambda steps: "$" + "".join(steps))
SMALL_JSON = st.recursive(
    st.none() | st.integers(-3, 3) | st.sampled_from(["s", ""]) | st.booleans(),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(NAMES, kids, max_size=3),
    max_leaves=15,
)


@settings(max_examples=400, deadline=None)
@given(PATH_TEXT, SMALL_JSON)
def test_evaluating_any_path_on_any_json_fails_only_with_path_errors(text: str, doc: Any) -> None:
    path = compile_path(text)
    before = copy.deepcopy(doc)
    try:
        result = path.evaluate(doc)
    except PathNotFound as missing:
        assert path.is_definite and missing.path == text
        assert not path.exists(doc)
    else:
        if not path.is_definite:
            assert isinstance(result, list)
    assert doc == before


@settings(max_examples=300, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=4), SMALL_JSON, SMALL_JSON)
def test_set_path_never_mutates_and_reads_back(keys: list[str], doc: Any, value: Any) -> None:
    path = compile_path("$" + "".join(f".{k}" for k in keys))
    before = copy.deepcopy(doc)
    try:
        out = set_path(doc, path, value)
    except StatesError as failure:
        assert failure.error == "States.Runtime"
    else:
        assert path.evaluate(out) == value
    assert doc == before
