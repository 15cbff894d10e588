"""Streaming JSON: items one at a time, equal to what json.loads reads, at any chunk size."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.distributed.jsonstream import (
    NOT_ITERABLE, JsonCursor, JsonStreamError, array_items, descend, pointer_segments,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


def stream(text: str, chunk: int = 7) -> JsonCursor:
    return JsonCursor(io.StringIO(text), chunk_size=chunk)


@settings(max_examples=150)
@given(st.lists(json_values, max_size=8), st.integers(min_value=1, max_value=40), st.sampled_from(["", " ", "\n  "]))
def test_items_are_those_json_loads_reads_whatever_the_chunk_size(items, chunk, space):
    text = json.dumps(items, indent=1 if space else None) + space
    assert list(array_items(stream(text, chunk))) == json.loads(text)


@settings(max_examples=100)
@given(st.dictionaries(st.text(max_size=4), json_values, max_size=5), st.lists(json_values, max_size=5),
       st.integers(min_value=1, max_value=16))
def test_a_pointer_reaches_the_array_past_the_members_before_it(before, items, chunk):
    document = {**before, "wanted": {"deep": [0, items]}}
    cursor = stream(json.dumps(document), chunk)
    descend(cursor, pointer_segments("/wanted/deep/1"))
    assert list(array_items(cursor)) == items


def test_numbers_split_across_chunks_are_read_whole():
    assert list(array_items(stream("[123456789, -0.5e10, 42]", chunk=3))) == [123456789, -0.5e10, 42]


@pytest.mark.parametrize("text", ['{"a": [1]}', "17", '"text"', "null", ""])
def test_anything_but_an_array_is_not_iterable(text):
    with pytest.raises(JsonStreamError, match=NOT_ITERABLE):
        list(array_items(stream(text)))


@pytest.mark.parametrize("text", ["[1, 2", "[1,, 2]", "[1 2]", '[{"a": }]', "[tru]"])
def test_malformed_arrays_fail_with_a_reason(text):
    with pytest.raises(JsonStreamError):
        list(array_items(stream(text)))


def test_pointer_segments_follow_rfc_6901():
    assert pointer_segments("") == []
    assert pointer_segments("/a~1b/c~0d/0") == ["a/b", "c~d", "0"]
    with pytest.raises(JsonStreamError, match="must start with"):
        pointer_segments("a/b")


@pytest.mark.parametrize("pointer", ["/missing", "/list/5", "/list/x", "/list/01", "/scalar/x"])
def test_a_pointer_to_nothing_names_where_it_stopped(pointer):
    cursor = stream(json.dumps({"list": [1, 2], "scalar": 3}))
    with pytest.raises(JsonStreamError, match="does not point"):
        descend(cursor, pointer_segments(pointer))


@settings(max_examples=200)
@given(st.text(max_size=30), st.text(max_size=6))
def test_any_text_and_pointer_give_items_or_a_stream_error(text, pointer):
    try:
        cursor = stream(text, 3)
        descend(cursor, pointer_segments("/" + pointer))
        list(array_items(cursor))
    except JsonStreamError:
        pass
