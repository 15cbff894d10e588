"""Recording placeholders: substituted on the way in, matched on the way out."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.placeholders import (
    BARE_MASKS,
    PLACEHOLDER,
    expected_pattern,
    has_placeholder,
    map_strings,
    restore,
    substitute,
    text_matches,
    value_matches,
)

NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_:\-]{0,12}", fullmatch=True)
PLAIN = st.text(alphabet=st.characters(blacklist_characters="<>"), max_size=12)


@st.composite
def masked_text(draw) -> str:
    """Text as the recordings write it: literal pieces and ``<name>`` placeholders."""
    parts = draw(st.lists(st.one_of(PLAIN, NAMES.map(lambda n: f"<{n}>")), max_size=5))
    return "".join(parts)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | masked_text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(masked_text(), inner, max_size=3),
    max_leaves=15,
)


def test_partition_region_and_names_become_real_looking_values():
    arn = "arn:<partition>:lambda:<region>:111111111111:function:<lambda_function_name>"
    assert substitute(arn) == "arn:aws:lambda:us-east-1:111111111111:function:lambda-function-name"


def test_nested_and_dynamic_placeholders_and_account_ids():
    assert substitute("<<task_token>:1>") == "task-token-1"
    assert PLACEHOLDER.fullmatch("<<task_token>:1>")
    dynamic = "<dynamic:fixture.create_lambda_function()['CreateFunctionResponse']['FunctionArn']>"
    assert substitute(dynamic).startswith("arn:aws:lambda:us-east-1:111111111111:function:")
    assert substitute("arn:<partition>:states:<region>:<test_aws_account_id>:x") == "arn:aws:states:us-east-1:111111111111:x"
    assert substitute("<secondary_test_aws_account_id>") == "222222222222"


def test_a_bare_activity_mask_becomes_an_activity_arn_and_comes_back():
    definition = {"States": {"A": {"Type": "Task", "Resource": "activity_arn"}}}
    real = substitute(definition)
    assert real["States"]["A"]["Resource"].startswith("arn:aws:states:us-east-1:111111111111:activity:")
    assert restore(real) == definition
    assert substitute("my activity_arn text") == "my activity_arn text"  # only whole values


def test_bare_masks_in_expectations_stand_for_their_kind_of_value():
    assert text_matches("snf_role_arn", "arn:aws:iam::123456789012:role/StepFunctions")
    assert text_matches("arn:aws:states:us-east-1:111111111111:x", "arn:aws:states:us-east-1:123456789012:x")
    assert not text_matches("arn:aws:states:us-east-1:111111111111:x", "arn:aws:states:us-east-1:1234:x")
    assert not text_matches("abc", "abd")


def test_a_masked_date_becomes_a_timestamp_and_matches_any_date():
    assert substitute({"TimestampValue": "date"}) == {"TimestampValue": "2025-01-01T00:00:00Z"}
    assert substitute("a date") == "a date"
    assert text_matches("date", "2025-01-01T00:00:00.000Z")
    assert text_matches("date", "Wed, 01 Jan 2025 00:00:00 GMT")
    assert not text_matches("date", "tomorrow")
    assert text_matches("start-time", "2025-01-01T00:00:00.000Z") and text_matches("entered-time", "2025-01-01T00:00:01Z")
    assert not text_matches("a date", "a 2025-01-01")


def test_whole_masks_of_generated_values_match_what_we_generate():
    assert text_matches("a_task_token", "AQf728b4fa42485e3a")
    assert text_matches("map_run_arn", "arn:aws:states:us-east-1:123456789012:mapRun:M/x:y")
    assert not text_matches("map_run_arn", "")
    assert value_matches("RandomNumberGenerated", 239) and value_matches("RandomNumberGenerated", -4.5)
    assert not value_matches("RandomNumberGenerated", True)
    assert not value_matches("a_task_token", None)
    assert value_matches("<uuid:1>", "uuid-1") and not value_matches("<uuid:1>", 1)
    assert value_matches("stateExitedEventDetails.output", {"any": ["value"]})
    assert not value_matches("stateExitedEventDetails.outputs", {"any": ["value"]})


@settings(max_examples=200)
@given(masked_text())
def test_the_expectation_matches_its_own_substitution(text):
    assert text_matches(text, substitute(text))
    assert expected_pattern(text).match(substitute(text))


@settings(max_examples=200)
@given(masked_text())
def test_substituted_text_holds_no_placeholder(text):
    assert not PLACEHOLDER.search(substitute(text))


@settings(max_examples=200)
@given(PLAIN)
def test_text_without_placeholders_matches_only_itself(text):
    assert text_matches(text, text)
    if not has_placeholder(text) and text not in BARE_MASKS:
        assert substitute(text) == text
        assert not text_matches(text, text + "x")


def test_whole_masks_are_placeholders_only_as_whole_values():
    assert has_placeholder("date") and substitute("date") != "date"
    assert not has_placeholder("a date") and substitute("a date") == "a date"


@settings(max_examples=100)
@given(JSON)
def test_substitution_keeps_the_shape_and_is_deterministic(value):
    once = substitute(value)
    assert once == substitute(value)
    assert map_strings(value, lambda s: s) == value
    assert type(once) is type(value)


def test_map_strings_survives_any_depth():
    deep: object = "<region>"
    for _ in range(50_000):
        deep = {"k": [deep]}
    out = substitute(deep)
    for _ in range(50_000):
        out = out["k"][0]
    assert out == "us-east-1"


def test_substitution_never_mutates_its_input():
    value = {"a": ["<region>", {"b": "<partition>"}]}
    substitute(value)
    assert value == {"a": ["<region>", {"b": "<partition>"}]}
