"""Short texts: Choice rules in a few words, widths, shortening, durations."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.viz.text import ELLIPSIS, duration_text, errors_text, rule_text, shorten, text_width

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
                    max_leaves=12)


@pytest.mark.parametrize("rule, text", [
    ({"Variable": "$.amount", "NumericGreaterThan": 100, "Next": "X"}, "$.amount > 100"),
    ({"Variable": "$.amount", "NumericLessThanEqualsPath": "$.limit", "Next": "X"}, "$.amount <= $.limit"),
    ({"Variable": "$.name", "StringEquals": "bob", "Next": "X"}, '$.name == "bob"'),
    ({"Variable": "$.name", "StringMatches": "log-*", "Next": "X"}, '$.name like "log-*"'),
    ({"Variable": "$.ok", "BooleanEquals": True, "Next": "X"}, "$.ok == true"),
    ({"Variable": "$.at", "TimestampGreaterThanEquals": "2025-01-01T00:00:00Z", "Next": "X"},
     '$.at >= "2025-01-01T00:00:00Z"'),
    ({"Variable": "$.x", "IsPresent": False, "Next": "X"}, "$.x is absent"),
    ({"Variable": "$.x", "IsNull": True, "Next": "X"}, "$.x is null"),
    ({"Not": {"Variable": "$.x", "IsNull": True}, "Next": "X"}, "not ($.x is null)"),
    ({"And": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.b", "IsString": True}], "Next": "X"},
     "($.a == 1) and ($.b is string)"),
    ({"Or": [{"Variable": "$.a", "NumericEquals": 1}], "Next": "X"}, "($.a == 1)"),
    ({"Condition": "{% $states.input.n > 3 %}", "Next": "X"}, "$states.input.n > 3"),
    ({"Condition": "{%\n  $a\n  and $b %}", "Next": "X"}, "$a and $b"),
    ({"Next": "X"}, "?"),
    ("not a rule", "?"),
])
def test_rule_text(rule: object, text: str) -> None:
    assert rule_text(rule) == text


@settings(max_examples=150)
@given(JSON)
def test_rule_text_takes_any_json(rule: object) -> None:
    assert isinstance(rule_text(rule), str)


def test_deeply_nested_rules_stop_instead_of_overflowing() -> None:
    rule: dict = {"Variable": "$.a", "IsNull": True}
    for _ in range(5000):
        rule = {"Not": rule}
    assert "?" in rule_text(rule)


def test_errors_text() -> None:
    assert errors_text(["States.Timeout", "Oops"]) == "States.Timeout, Oops"
    assert errors_text([]) == "?" and errors_text(None) == "?"


@settings(max_examples=200)
@given(st.text(max_size=60), st.floats(8, 16), st.floats(10, 300))
def test_shorten_fits_and_keeps_the_start(text: str, size: float, width: float) -> None:
    short = shorten(text, size, width)
    if short == text:
        assert text_width(text, size) <= width
    else:
        assert short.endswith(ELLIPSIS)
        assert text.startswith(short[:-1].rstrip()) or short == ELLIPSIS
        assert text_width(short, size) <= width or short == ELLIPSIS


def test_wide_characters_count_as_wide() -> None:
    assert text_width("漢字", 10) > text_width("ab", 10)
    assert text_width("m", 10) > text_width("i", 10)


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (0.25, "0.25s"), (1.689, "1.69s"), (42, "42s"), (90, "1m 30s"), (3600, "1h"),
    (3720, "1h 2m"), (3 * 86400 + 3600, "3d 1h"), (float("nan"), "?"), (-1, "?"),
])
def test_duration_text(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text
