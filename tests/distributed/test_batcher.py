"""ItemBatcher: batches close on the item count or the byte size of the child's input."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.distributed.batcher import MAX_BATCH_BYTES, batch_settings, batches, json_size
from asl.errors import StatesError


def grouped(items, **batcher):
    return [group for _, group in batches(enumerate(items), batch_settings(batcher))]


def test_child_input_has_items_and_batch_input_only_when_given():
    assert batch_settings({"MaxItemsPerBatch": 2}).child_input([1]) == {"Items": [1]}
    assert list(batch_settings({"MaxItemsPerBatch": 2, "BatchInput": {"a": 1}}).child_input([1])) == ["BatchInput", "Items"]


def test_batches_close_on_the_item_count():
    assert grouped([1, 2, 3, 4, 5], MaxItemsPerBatch=2) == [[1, 2], [3, 4], [5]]


def test_batches_close_before_the_input_would_pass_the_byte_limit():
    envelope = json_size({"Items": []})
    assert grouped(["aaaa", "bbbb", "cccc"], MaxInputBytesPerBatch=envelope + 13) == [["aaaa", "bbbb"], ["cccc"]]
    assert grouped(["aaaa", "bbbb"], MaxInputBytesPerBatch=envelope + 12) == [["aaaa"], ["bbbb"]]


def test_an_item_too_large_for_any_batch_travels_alone():
    assert grouped(["x" * 50, "y"], MaxInputBytesPerBatch=20) == [["x" * 50], ["y"]]


def test_first_index_of_each_batch():
    assert [first for first, _ in batches(enumerate("abcde"), batch_settings({"MaxItemsPerBatch": 2}))] == [0, 2, 4]


@pytest.mark.parametrize("batcher, cause", [
    ({"MaxItemsPerBatch": 0}, "field MaxItemsPerBatch must be positive"),
    ({"MaxInputBytesPerBatch": -5}, "field MaxInputBytesPerBatch must be positive"),
    ({"MaxInputBytesPerBatch": MAX_BATCH_BYTES + 1}, "field MaxInputBytesPerBatch must be at most 262144"),
    ({"MaxItemsPerBatch": "two"}, 'The MaxItemsPerBatch field refers to value "two" which is not a valid integer.'),
    ({"MaxItemsPerBatch": 1.5}, 'The MaxItemsPerBatch field refers to value "1.5" which is not a valid integer.'),
])
def test_values_aws_would_refuse_fail_the_map_run(batcher, cause):
    with pytest.raises(StatesError) as caught:
        batch_settings(batcher)
    assert (caught.value.error, caught.value.cause) == ("States.Runtime", cause)


def test_numeric_strings_from_a_path_count():
    assert batch_settings({"MaxItemsPerBatch": "2", "MaxInputBytesPerBatch": "15000"}).max_items == 2


@settings(max_examples=150)
@given(st.lists(st.text(max_size=20) | st.integers(), max_size=30), st.integers(min_value=1, max_value=7),
       st.integers(min_value=10, max_value=120), st.booleans())
def test_batches_keep_every_item_in_order_within_both_limits(items, per_batch, max_bytes, with_input):
    batcher = {"MaxItemsPerBatch": per_batch, "MaxInputBytesPerBatch": max_bytes}
    if with_input:
        batcher["BatchInput"] = {"k": "v"}
    settings_ = batch_settings(batcher)
    groups = [group for _, group in batches(enumerate(items), settings_)]
    assert [item for group in groups for item in group] == items
    for group in groups:
        assert 1 <= len(group) <= per_batch
        assert len(group) == 1 or json_size(settings_.child_input(group)) <= max_bytes


def one_by_one(items, settings_):
    """The batches by their definition: each item joins the batch unless it would pass a limit."""
    groups, current = [], []
    for item in items:
        full = settings_.max_items is not None and len(current) >= settings_.max_items
        if current and (full or json_size(settings_.child_input(current + [item])) > settings_.max_bytes):
            groups.append(current)
            current = []
        current.append(item)
    return groups + [current] if current else groups


@settings(max_examples=200)
@given(st.lists(st.text(max_size=3) | st.text(min_size=20, max_size=60), max_size=40),
       st.none() | st.integers(min_value=1, max_value=8), st.integers(min_value=12, max_value=200), st.booleans())
def test_batches_measured_together_are_those_measured_one_by_one(items, per_batch, max_bytes, with_input):
    batcher = {"MaxInputBytesPerBatch": max_bytes, **({"MaxItemsPerBatch": per_batch} if per_batch else {})}
    if with_input:
        batcher["BatchInput"] = {"k": "v"}
    settings_ = batch_settings(batcher)
    found = list(batches(enumerate(items), settings_))
    assert [group for _, group in found] == one_by_one(items, settings_)
    assert [first for first, _ in found] == [sum(len(g) for _, g in found[:k]) for k in range(len(found))]
