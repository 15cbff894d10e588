"""JSON values as AWS's Java engine writes and compares them (Jackson, ``toString``,
``String.compareTo``)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.expr.jsontext import java_double_text, java_string_compare, java_text, json_equal, json_text


# --------------------------------------------------------------------------- text forms
@pytest.mark.parametrize(
    "value, text",
    [(1.0, "1.0"), (1.1, "1.1"), (-0.0, "-0.0"), (1e7, "1.0E7"), (12345678.9, "1.23456789E7"),
     (1e-3, "0.001"), (1.5e-4, "1.5E-4"), (1e20, "1.0E20"), (123.456, "123.456"), (0.1, "0.1")],
)
def test_java_double_text(value: float, text: str) -> None:
    assert java_double_text(value) == text


def test_json_text_is_compact_and_keeps_unicode() -> None:
    assert json_text({"Arg1": 1, "Arg2": [], "é": "ü", "f": 1e20}) == '{"Arg1":1,"Arg2":[],"é":"ü","f":1.0E20}'


def test_java_text_renders_like_java_collections() -> None:
    assert java_text({"Arg1": 1, "Arg2": [], "x": None, "b": True, "s": "t"}) == "{Arg1=1, Arg2=[], x=null, b=true, s=t}"


def test_java_string_order_uses_utf16_code_units() -> None:
    # U+FFFD is above U+1F600 in code points but below its surrogates in UTF-16.
    assert java_string_compare("\ufffd", "\U0001f600") > 0
    assert java_string_compare("a", "b") < 0 and java_string_compare("b", "b") == 0


def test_json_equal_compares_numbers_by_value_but_not_booleans() -> None:
    assert json_equal({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not json_equal(1, True) and not json_equal(0, False) and not json_equal(None, 0)


# --------------------------------------------------------------------------- properties
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_json_text_is_valid_json_for_the_same_value(data: st.DataObject, json_values: st.SearchStrategy) -> None:
    value = data.draw(json_values)
    assert json_equal(json.loads(json_text(value)), value)
