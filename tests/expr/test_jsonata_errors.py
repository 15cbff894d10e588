"""AWS's wording of JSONata failures, rebuilt from the jsonata-js 2.0.6 templates."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.expr.jsonata_errors import (
    MEMORY_MESSAGE,
    STACK_MESSAGE,
    TEMPLATES,
    TIMEOUT_MESSAGE,
    Failure,
    from_backend,
    js_json,
    render,
    split_code,
)


def test_render_quotes_double_braces_and_not_triple() -> None:
    assert render("T2001", token="+") == 'The left side of the "+" operator must evaluate to a number'
    assert render("T1005", token="uppercase") == "Attempted to invoke a non-function. Did you mean $uppercase?"
    assert render("D3137", message='say "hi"') == 'say "hi"'
    assert render("D1002") == "Cannot negate a non-numeric value: undefined"


@pytest.mark.parametrize(
    "value, text",
    [(1.0, "1"), (1e20, "100000000000000000000"), (1e21, "1e+21"), ([1.5, "é"], '[1.5,"é"]'),
     ({"a": None}, '{"a":null}'), (float("inf"), "null"), (True, "true")],
)
def test_js_json_prints_as_json_stringify(value: object, text: str) -> None:
    assert js_json(value) == text


@pytest.mark.parametrize(
    "message, code, rest",
    [("T1006: Attempted", "T1006", "Attempted"), ("Parse error: S0207: End", "S0207", "End"),
     ("host function raised X", None, "host function raised X")],
)
def test_split_code_finds_the_jsonata_code(message: str, code: str | None, rest: str) -> None:
    assert split_code(message) == (code, rest)


@pytest.mark.parametrize(
    "backend, expected",
    [
        ("D1012: Evaluation timeout after 5 milliseconds", Failure(None, TIMEOUT_MESSAGE)),
        ("D1011: Stack overflow. Check", Failure(None, STACK_MESSAGE)),
        ("U1002: Stack overflow - maximum expression nesting", Failure(None, STACK_MESSAGE)),
        ("D2015: The maximum sequence length of 9 was exceeded.", Failure(None, MEMORY_MESSAGE)),
        ("T1006: Attempted to invoke a non-function: $f", Failure("T1006", "Attempted to invoke a non-function")),
        ("D3010: Pattern cannot be empty", Failure("D3010", TEMPLATES["D3010"])),
        ("D1002: Cannot negate non-number value", Failure("D1002", "Cannot negate non-number value")),
        ("X9999: odd", Failure(None, "X9999: odd")),
        ("Z1234: never heard of it", Failure(None, "Z1234: never heard of it")),
        ("Invalid regex: look-around is not supported", Failure(None, "Invalid regex: look-around is not supported")),
    ],
)
def test_backend_messages_become_aws_failures(backend: str, expected: Failure) -> None:
    assert from_backend(backend) == expected


def test_signature_errors_name_the_function_only_when_it_is_certain() -> None:
    assert from_backend("T0410: Argument 1 must be String", "$uppercase(1)").message == (
        'Argument 1 of function "uppercase" does not match function signature'
    )
    assert from_backend("T0410: Argument 1 must be String", "$uppercase($string(1))").message == (
        "Argument 1 must be String"
    )


def test_failure_detail_joins_as_aws_does() -> None:
    assert Failure("T1006", "Attempted").detail() == ". T1006: Attempted"
    assert Failure(None, TIMEOUT_MESSAGE).detail() == ": " + TIMEOUT_MESSAGE


@settings(max_examples=200)
@given(st.text(max_size=80), st.text(max_size=20))
def test_any_backend_text_gives_a_failure(message: str, source: str) -> None:
    failure = from_backend(message, source)
    assert isinstance(failure.message, str)
    assert failure.code is None or re.fullmatch(r"[STDU]\d{4}", failure.code)
    assert from_backend("T9999: new in a later version").code == "T9999"
