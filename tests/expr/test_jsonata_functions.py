"""The functions AWS adds to JSONata, the one it removes, and the pinned impure ones."""
from __future__ import annotations

import hashlib
import random
import re

import pytest

from asl.errors import StatesError
from asl.expr import SimpleEnv
from asl.expr.jsonata import UNDEFINED, compile_expression
from asl.expr.intrinsic_functions import JavaRandom


def run(expression: str, data: object = None, **env: object) -> object:
    return compile_expression("{% " + expression + " %}").evaluate(data, SimpleEnv(**env), field="Output")


def cause(expression: str, data: object = None, **env: object) -> str:
    with pytest.raises(StatesError) as caught:
        run(expression, data, **env)
    assert caught.value.error == "States.QueryEvaluationError"
    return caught.value.cause


# --- $partition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("$partition([1,2,3,4], 2)", [[1, 2], [3, 4]]),
        ("$partition([1,2,3,4,5], 2)", [[1, 2], [3, 4], [5]]),
        ("$partition([0], 1)", [[0]]),
        ("$partition([0, 1], 5)", [[0, 1]]),
        ("$partition([1,2,3], 2.9)", [[1, 2], [3]]),
        ("$partition([], 3)", []),
    ],
)
def test_partition_chunks_an_array(expression: str, expected: object) -> None:
    assert run(expression) == expected


@pytest.mark.parametrize("expression", ["$partition([1], 0)", "$partition([1], -2)"])
def test_partition_needs_a_positive_size(expression: str) -> None:
    assert "chunk size must be a positive integer" in cause(expression)


def test_partition_needs_an_array() -> None:
    assert 'Argument 1 of function "partition" does not match function signature' in cause('$partition("ab", 1)')


# --- $range ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("$range(0, 10, 3)", [0, 3, 6, 9]),
        ("$range(1, 9, 2)", [1, 3, 5, 7, 9]),
        ("$range(0, 6, 2)", [0, 2, 4, 6]),
        ("$range(10, 1, -4)", [10, 6, 2]),
        ("$range(0.5, 3.7, 1)", [0, 1, 2, 3]),
        ("$range(1, 9, 9)", 1),  # a one-element sequence unwraps, as AWS answers
        ("$count($range(1, 9, 9))", 1),
        ("$range(0, 10, 3)[1]", 3),
        ("[$range(1, 9, 9)]", [1]),
    ],
)
def test_range_counts_to_the_end_inclusive(expression: str, expected: object) -> None:
    assert run(expression) == expected


def test_range_that_never_starts_is_nothing() -> None:
    assert run("$range(5, 1, 1)") is UNDEFINED


def test_range_step_cannot_be_zero() -> None:
    assert "step must not be zero" in cause("$range(1, 5, 0)")


def test_range_needs_numbers() -> None:
    assert 'Argument 2 of function "range"' in cause('$range(1, "x", 1)')


# --- $hash ----------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"])
def test_hash_is_lowercase_hex_of_utf8(algorithm: str) -> None:
    python_name = algorithm.replace("-", "").lower()
    expected = hashlib.new(python_name, "héllo".encode()).hexdigest()
    assert run(f"$hash('héllo', '{algorithm}')") == expected


def test_hash_matches_the_value_aws_gave() -> None:
    assert run('$hash("input", "SHA-1")') == "140f86aae51ab9e1cda9b4254fe98a74eb54c1a1"


@pytest.mark.parametrize("algorithm", ["sha-256", "SHA256", "CRC32"])
def test_hash_algorithm_names_are_exact(algorithm: str) -> None:
    assert "unsupported algorithm" in cause(f"$hash('a', '{algorithm}')")


def test_hash_needs_text() -> None:
    assert 'Argument 1 of function "hash"' in cause("$hash(1, 'MD5')")


# --- $random --------------------------------------------------------------------------


def test_seeded_random_is_java_random_as_on_aws() -> None:
    assert run("$random(42)") == 0.7275636800328681
    assert run("$random(42.9)") == 0.7275636800328681


@pytest.mark.parametrize("seed", [0, 1, -7, 2**40, 123456789])
def test_seeded_random_is_in_unit_interval_and_repeatable(seed: int) -> None:
    value = JavaRandom(seed).next_double()
    assert 0 <= value < 1
    assert JavaRandom(seed).next_double() == value


def test_unseeded_random_comes_from_the_execution_rng() -> None:
    first = run("[$random(), $random()]", rng=random.Random(7))
    again = run("[$random(), $random()]", rng=random.Random(7))
    other = run("[$random(), $random()]", rng=random.Random(8))
    assert first == again != other
    expected_rng = random.Random(7)
    assert first == [expected_rng.random(), expected_rng.random()]


def test_random_takes_one_seed_at_most() -> None:
    assert 'Argument 2 of function "random"' in cause("$random(1, 2)")


# --- $uuid ----------------------------------------------------------------------------

_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_uuid_is_version_4() -> None:
    values = run("[$uuid(), $uuid(), $uuid()]", rng=random.Random(1))
    assert len(set(values)) == 3
    assert all(_V4.match(v) for v in values)


def test_uuid_is_determined_by_the_rng_seed() -> None:
    assert run("$uuid()", rng=random.Random(3)) == run("$uuid()", rng=random.Random(3))
    assert run("$uuid()", rng=random.Random(3)) != run("$uuid()", rng=random.Random(4))


# --- $parse ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-0", 0),
        ("1", 1),
        ("1.1", 1.1),
        ("true", True),
        ('"HelloWorld"', "HelloWorld"),
        ('[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]),
        ('{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}),
        ("null", None),
        ("123456789012345678901234567890", 1.2345678901234568e29),
    ],
)
def test_parse_reads_json_text(text: str, expected: object) -> None:
    assert run("$parse($states.input)", text) == expected


@pytest.mark.parametrize("text", ["{", "NaN", "", "[1,]"])
def test_parse_rejects_what_is_not_json(text: str) -> None:
    assert "not valid JSON" in cause("$parse($states.input)", text)


def test_parse_needs_a_string() -> None:
    assert 'Argument 1 of function "parse"' in cause("$parse(1)")


# --- $eval, $now, $millis --------------------------------------------------------------


def test_eval_is_removed_with_aws_wording() -> None:
    assert cause('$eval("1+1")') == (
        "The JSONata expression '$eval(\"1+1\")' specified for the field 'Output' threw an error "
        "during evaluation. T1006: Attempted to invoke a non-function"
    )


def test_now_and_millis_read_the_virtual_clock() -> None:
    assert run("$now()", now=1735689600.25) == "2025-01-01T00:00:00.250Z"
    assert run("$millis()", now=1735689600.25) == 1735689600250
    assert run("$now('[Y0001]-[M01]-[D01]')", now=0.0) == "1970-01-01"
    assert run("$now() = $now() and $millis() = $millis()", now=12.0) is True


def test_unknown_function_fails_like_aws() -> None:
    assert cause("$randomSeeded(1)").endswith("T1006: Attempted to invoke a non-function")
