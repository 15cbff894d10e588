"""Each of the 18 intrinsic functions, with AWS's recorded results, and their failures."""
from __future__ import annotations

import base64
import json
import random
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.errors import StatesError
from asl.expr import SimpleEnv
from asl.expr.intrinsic_functions import JavaRandom
from asl.expr.intrinsics import FUNCTIONS, compile_intrinsic
from asl.expr.jsontext import json_equal


def run(text: str, doc: Any = None, env: SimpleEnv | None = None) -> Any:
    return compile_intrinsic(text).evaluate(doc, env or SimpleEnv())


def fails(text: str, doc: Any = None) -> StatesError:
    with pytest.raises(StatesError) as caught:
        run(text, doc)
    assert caught.value.error == "States.IntrinsicFailure"
    return caught.value


# --------------------------------------------------------------------------- Format & JSON
@pytest.mark.parametrize(
    "value, rendered",
    [  # AWS-recorded renderings (intrinsic_functions_test_generic)
        ("HelloWorld", "HelloWorld"), (None, "null"), (1.1, "1.1"), (1, "1"), ("", ""), (" ", " "),
        ('{"Arg1": 1, "Arg2": []}', '{"Arg1": 1, "Arg2": []}'),
        ({"Arg1": 1, "Arg2": []}, "{Arg1=1, Arg2=[]}"),
        (True, "true"), ([1, "a", None], "[1, a, null]"),
    ],
)
def test_format_renders_values_like_aws(value: Any, rendered: str) -> None:
    assert run("States.Format('argument {}.', $.v)", {"v": value}) == f"argument {rendered}."


def test_format_escaped_braces_are_not_placeholders() -> None:
    assert run("States.Format('\\{\\} {} {', 1)") == "{} 1 {"


def test_format_template_can_come_from_a_path() -> None:
    assert run("States.Format($.t, $.v)", {"t": "Q: {}?", "v": 42}) == "Q: 42?"


@pytest.mark.parametrize("text", ["States.Format('{} {}', 1)", "States.Format('{}', 1, 2)", "States.Format($.n)"])
def test_format_needs_one_value_per_placeholder_and_a_string_template(text: str) -> None:
    fails(text, {"n": 5})


@pytest.mark.parametrize(
    "text, expected",
    [  # AWS-recorded (test_string_to_json): blank strings parse to null, "-0" to 0
        ("", None), (" ", None), ("null", None), ("-0", 0), ("1", 1), ("1.1", 1.1), ("true", True),
        ('"HelloWorld"', "HelloWorld"), ('[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]),
        ('{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}),
    ],
)
def test_string_to_json(text: str, expected: Any) -> None:
    assert run("States.StringToJson($.s)", {"s": text}) == expected


@pytest.mark.parametrize("value", ["{", "NaN", "1 2", 5, None])
def test_string_to_json_rejects_what_is_not_json_text(value: Any) -> None:
    fails("States.StringToJson($.s)", {"s": value})


@pytest.mark.parametrize(
    "value, text",
    [(0, "0"), (1.1, "1.1"), ("HelloWorld", '"HelloWorld"'), ([1, 2, "HelloWorld"], '[1,2,"HelloWorld"]'),
     ({"Arg1": 1, "Arg2": []}, '{"Arg1":1,"Arg2":[]}'), (None, "null"), (True, "true")],
)
def test_json_to_string_is_compact(value: Any, text: str) -> None:
    assert run("States.JsonToString($.v)", {"v": value}) == text


def test_json_merge_is_shallow_and_right_wins() -> None:
    doc = {"a": {"a": {"a1": 1}, "b": 2, "d": 3}, "b": {"a": {"a3": 1}, "c": 3, "d": 4}}
    assert run("States.JsonMerge($.a, $.b, false)", doc) == {"a": {"a3": 1}, "b": 2, "c": 3, "d": 4}


@pytest.mark.parametrize("text", ["States.JsonMerge($.a, $.b, true)", "States.JsonMerge($.a, $.l, false)"])
def test_json_merge_failures(text: str) -> None:
    fails(text, {"a": {}, "b": {}, "l": []})


# --------------------------------------------------------------------------- arrays
@pytest.mark.parametrize(
    "array, size, chunks",
    [([], 1, []), ([0], 2, [[0]]), ([0, 1], 1, [[0], [1]]), ([0, 1, 2], 2, [[0, 1], [2]]),
     ([0, 1, 2, 3], 3, [[0, 1, 2], [3]]), ([0, 1, 2], 5, [[0, 1, 2]])],
)
def test_array_partition(array: list[int], size: int, chunks: list[list[int]]) -> None:
    assert run("States.ArrayPartition($.a, $.n)", {"a": array, "n": size}) == chunks


@pytest.mark.parametrize("array, size", [([1], 0), ([1], -1), ([1], 1.5), ("x", 1), ([1], "2")])
def test_array_partition_failures(array: Any, size: Any) -> None:
    fails("States.ArrayPartition($.a, $.n)", {"a": array, "n": size})


@pytest.mark.parametrize(
    "array, value, found",
    [([], None, False), ([], [], False), ([[1, 2, 3], 2], None, False), ([[1, 2, 3], 2], [1, 2, 3], True),
     ([{"1": 2, "2": []}], [], False), ([{"1": 2, "2": []}], {"1": 2, "2": []}, True),
     ([True, False], True, True), ([1], True, False), ([1.0], 1, True)],
)
def test_array_contains(array: list[Any], value: Any, found: bool) -> None:
    assert run("States.ArrayContains($.a, $.v)", {"a": array, "v": value}) is found


@pytest.mark.parametrize(
    "args, expected",
    [((0, 9, 3), [0, 3, 6, 9]), ((0, 10, 3), [0, 3, 6, 9]), ((1, 9, 9), [1]), ((1, 9, 2), [1, 3, 5, 7, 9]),
     ((9, 1, -4), [9, 5, 1]), ((1, 9, -1), []), ((0, 999, 1), list(range(1000)))],
)
def test_array_range_is_inclusive(args: tuple[int, int, int], expected: list[int]) -> None:
    assert run("States.ArrayRange($[0], $[1], $[2])", list(args)) == expected


@pytest.mark.parametrize("args", [(0, 1000, 1), (0, 5, 0), (0, 5.5, 1), ("0", 5, 1)])
def test_array_range_failures(args: tuple[Any, Any, Any]) -> None:
    fails("States.ArrayRange($[0], $[1], $[2])", list(args))


def test_array_get_item_length_and_unique() -> None:
    doc = {"a": [1, 2, 3, 4, 5, 6, 7, 8, 9]}
    assert run("States.ArrayGetItem($.a, 5)", doc) == 6
    assert run("States.ArrayLength($.a)", doc) == 9
    items = [None, None, True, True, 1, 1.0, "x", "x", [], [], {"a": 1, "b": 2}, {"b": 2, "a": 1}]
    assert run("States.ArrayUnique($.u)", {"u": items}) == [None, True, 1, "x", [], {"a": 1, "b": 2}]


@pytest.mark.parametrize("text", ["States.ArrayGetItem($.a, 3)", "States.ArrayGetItem($.a, -1)",
                                  "States.ArrayLength($.s)", "States.ArrayUnique($.s)", "States.ArrayContains($.s, 1)"])
def test_array_argument_failures(text: str) -> None:
    fails(text, {"a": [1, 2, 3], "s": "abc"})


# --------------------------------------------------------------------------- encoding & hashing
def test_base64_round_trip_and_recorded_values() -> None:
    assert run("States.Base64Encode('Data to encode')") == "RGF0YSB0byBlbmNvZGU="
    assert run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode"
    assert run("States.Base64Decode('')") == ""
    assert run("States.Base64Decode('YQ')") == "a"  # padding is optional, as in Java's decoder


@pytest.mark.parametrize("text", ["States.Base64Decode('***')", "States.Base64Decode($.long)",
                                  "States.Base64Encode($.long)", "States.Base64Encode(1)"])
def test_base64_failures(text: str) -> None:
    fails(text, {"long": "A" * 10_001})


@pytest.mark.parametrize(
    "algorithm, digest",
    [("MD5", "d41d8cd98f00b204e9800998ecf8427e"), ("SHA-1", "da39a3ee5e6b4b0d3255bfef95601890afd80709")],
)
def test_hash_of_the_empty_string(algorithm: str, digest: str) -> None:
    assert run(f"States.Hash('', '{algorithm}')") == digest


def test_hash_recorded_sha256() -> None:
    expected = "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"  # AWS-recorded
    assert run("States.Hash('input data', 'SHA-256')") == expected


@pytest.mark.parametrize("args", ["'x', 'sha256'", "'x', 'SHA-999'", "1, 'MD5'", "$.long, 'MD5'"])
def test_hash_failures(args: str) -> None:
    fails(f"States.Hash({args})", {"long": "a" * 10_001})


# --------------------------------------------------------------------------- math & strings
@pytest.mark.parametrize(
    "a, b, total",
    [  # AWS-recorded (test_math_add): each operand rounds half up, like Java's Math.round
        (-9, 3, -6), (1.49, 1.5, 3), (1.5, 1.51, 4), (1.49, 0, 1), (1.49, -1.49, 0), (1.5, 0, 2),
        (1.51, 0, 2), (-1.5, 0, -1), (-1.51, 0, -2), (-0.5, 0, 0), (-2.5, 0, -2), (-3.5, 0, -3),
    ],
)
def test_math_add_rounds_like_java(a: float, b: float, total: int) -> None:
    assert run("States.MathAdd($.a, $.b)", {"a": a, "b": b}) == total


@pytest.mark.parametrize("a, b", [(2**31, 0), (2**31 - 1, 1), ("1", 2), (True, 1), (None, 1)])
def test_math_add_failures(a: Any, b: Any) -> None:
    fails("States.MathAdd($.a, $.b)", {"a": a, "b": b})


def test_math_random_unseeded_uses_the_env_rng_and_excludes_the_end() -> None:
    draws = {run("States.MathRandom(1, 4)", env=SimpleEnv(rng=random.Random(seed))) for seed in range(200)}
    assert draws == {1, 2, 3}
    same = [run("States.MathRandom(0, 1000000)", env=SimpleEnv(rng=random.Random(7))) for _ in range(2)]
    assert same[0] == same[1]


def test_math_random_seeded_follows_java_util_random() -> None:
    assert run("States.MathRandom(0, 10, 42)") == JavaRandom(42).next_int(10)
    assert run("States.MathRandom(0, 999, 3)") == run("States.MathRandom(0, 999, 3)")
    assert run("States.MathRandom(-99999, -9999)") in range(-99999, -9999)


def test_java_random_reproduces_published_values() -> None:
    assert JavaRandom(42).next_int(10) == 0  # new Random(42).nextInt(10)
    generator = JavaRandom(42)
    assert generator._next(32) == -1170105035  # new Random(42).nextInt()


@pytest.mark.parametrize("text", ["States.MathRandom(5, 5)", "States.MathRandom(1, 'x')", "States.MathRandom(0, 3000000000)"])
def test_math_random_failures(text: str) -> None:
    fails(text)


@pytest.mark.parametrize(
    "text, delimiters, tokens",
    [  # AWS-recorded (test_string_split): every delimiter character splits, empty tokens go
        ("1,2,3,4,5", ",", ["1", "2", "3", "4", "5"]), ("This.is+a,test=string", ".+,=", ["This", "is", "a", "test", "string"]),
        (", , ,", ",", [" ", " "]), (",,,,", ",", []), ("a]b[c", "[]", ["a", "b", "c"]), ("abc", "", ["abc"]), ("", "", []),
    ],
)
def test_string_split(text: str, delimiters: str, tokens: list[str]) -> None:
    assert run("States.StringSplit($.s, $.d)", {"s": text, "d": delimiters}) == tokens


def test_uuid_is_a_version_4_uuid_drawn_from_the_env_rng() -> None:
    first = run("States.UUID()", env=SimpleEnv(rng=random.Random(1)))
    again = run("States.UUID()", env=SimpleEnv(rng=random.Random(1)))
    other = run("States.UUID()", env=SimpleEnv(rng=random.Random(2)))
    parsed = uuid.UUID(first)
    assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
    assert first == again != other


# --------------------------------------------------------------------------- properties
@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(FUNCTIONS)), data=st.data())
def test_functions_fail_only_with_states_errors_on_any_json(name: str, data: st.DataObject, json_values: st.SearchStrategy) -> None:
    arguments = data.draw(st.lists(json_values, max_size=4))
    try:
        FUNCTIONS[name](SimpleEnv(), *arguments)
    except StatesError as failure:
        assert failure.error == "States.IntrinsicFailure"
    except TypeError as wrong_arity:  # calling a plain function with the wrong number of values
        assert "argument" in str(wrong_arity)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_json_to_string_and_back_is_the_same_value(data: st.DataObject, json_values: st.SearchStrategy) -> None:
    value = data.draw(json_values)
    text = FUNCTIONS["States.JsonToString"](None, value)
    assert json_equal(FUNCTIONS["States.StringToJson"](None, text), value)
    assert json_equal(json.loads(text), value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_base64_round_trip(text: str) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")
    encoded = FUNCTIONS["States.Base64Encode"](None, text)
    assert encoded == base64.b64encode(text.encode()).decode()
    assert FUNCTIONS["States.Base64Decode"](None, encoded) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(), max_size=30), st.integers(min_value=1, max_value=8))
def test_array_partition_preserves_order_and_sizes(items: list[int], size: int) -> None:
    chunks = FUNCTIONS["States.ArrayPartition"](None, items, size)
    assert [x for chunk in chunks for x in chunk] == items
    assert all(len(chunk) == size for chunk in chunks[:-1])


@settings(max_examples=200, deadline=None)
@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-7, 7).filter(bool))
def test_array_range_matches_an_inclusive_python_range(start: int, end: int, step: int) -> None:
    stop = end + (1 if step > 0 else -1)
    assert FUNCTIONS["States.ArrayRange"](None, start, end, step) == list(range(start, stop, step))
