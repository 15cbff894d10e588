"""ItemReader: configuration checked first (AWS's causes), then items streamed from the store."""
from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.distributed.readers import ITEM_READER_FAILED, MAX_ITEMS_LIMIT, NO_STORE, max_items, open_items, reader_settings
from asl.errors import StatesError
from dmap_machines import csv_reader


def reader(input_type="JSON", key="data.json", **config):
    return {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": input_type, **config},
            "Parameters": {"Bucket": "in", "Key": key}}


def failure(call) -> str:
    with pytest.raises(StatesError) as caught:
        call()
    assert caught.value.error == ITEM_READER_FAILED
    return str(caught.value.cause)


@pytest.mark.parametrize("value, expected", [(None, None), (0, None), (2, 2), ("2", 2), (2.0, 2),
                                             (100_000_001, MAX_ITEMS_LIMIT)])
def test_max_items_zero_reads_everything_and_large_values_are_capped(value, expected):
    assert max_items(value, "$.MaxItems" if isinstance(value, str) else None) == expected


def test_negative_max_items_fails_with_awss_cause():
    assert failure(lambda: max_items(-1, "$.MaxItems")) == "field MaxItems must be positive"


def test_max_items_that_is_no_integer_names_its_path():
    assert failure(lambda: max_items("x", "$.n")) == 'The MaxItemsPath field refers to value "x" which is not a valid integer: $.n'


def test_duplicate_given_headers_fail_before_any_object_is_read():
    config = csv_reader(CSVHeaderLocation="GIVEN", CSVHeaders=["H1", "H1", "H3"])
    assert failure(lambda: open_items(config, None)) == "CSV headers cannot contain duplicates."


@pytest.mark.parametrize("change, words", [
    ({"Resource": "arn:aws:states:::s3:putObject"}, "not supported"),
    ({"Parameters": {"Key": "k"}}, "Bucket"),
    ({"Parameters": {"Bucket": "in"}}, "Key"),
    ({"ReaderConfig": {"InputType": "XML"}}, "InputType must be one of"),
    ({"ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}}, "CSVHeaders"),
    ({"ReaderConfig": {"InputType": "CSV", "CSVDelimiter": "DASH"}}, "CSVDelimiter"),
    ({"ReaderConfig": "CSV"}, "ReaderConfig"),
])
def test_bad_configurations_fail_with_a_cause_that_names_the_field(change, words):
    assert words in failure(lambda: reader_settings({**reader(), **change}))


def test_without_a_store_the_cause_says_how_to_give_one():
    assert failure(lambda: open_items(reader(), None)) == NO_STORE


def test_a_missing_object_fails_before_reading(buckets):
    assert failure(lambda: open_items(reader(key="absent.json"), buckets)) == "The specified key does not exist."


def test_a_json_object_that_is_no_array_is_not_iterable(buckets, put):
    put("data.json", '{"a": 1}')
    assert failure(lambda: list(open_items(reader(), buckets))) == "Attempting to map over non-iterable node."


def test_json_csv_and_jsonl_items_with_max_items(buckets, put):
    put("data.json", json.dumps([{"n": i} for i in range(5)]))
    put("rows.csv", "n;m\n1;2\n3;4\n")
    put("lines.jsonl", gzip.compress(b'{"n": 1}\n{"n": 2}\n'))
    assert list(open_items({**reader(), "MaxItems": 2}, buckets)) == [{"n": 0}, {"n": 1}]
    assert list(open_items(csv_reader(CSVDelimiter="SEMICOLON"), buckets)) == [{"n": "1", "m": "2"}, {"n": "3", "m": "4"}]
    assert list(open_items(reader("JSONL", "lines.jsonl"), buckets)) == [{"n": 1}, {"n": 2}]


def test_items_pointer_selects_a_nested_array(buckets, put):
    put("data.json", json.dumps({"inventory": {"featured": [1, 2, 3]}}))
    assert list(open_items(reader(ItemsPointer="/inventory/featured"), buckets)) == [1, 2, 3]


def test_a_parse_error_while_streaming_is_an_item_reader_failure(buckets, put):
    put("lines.jsonl", '{"n": 1}\nnot json\n')
    items = open_items(reader("JSONL", "lines.jsonl"), buckets)
    assert next(items) == {"n": 1}
    assert "line 2" in failure(lambda: next(items))


def test_objects_that_are_not_utf8_or_not_whole_fail_as_item_reader_failures(buckets, put):
    """Not a raw UnicodeDecodeError, EOFError or zlib.error out of the Map Run."""
    put("q-manifest.csv", b"s3://in/\xff.csv\n")
    athena = reader("CSV", "q-manifest.csv", ManifestType="ATHENA_DATA", CSVHeaderLocation="GIVEN", CSVHeaders=["a"])
    assert failure(lambda: list(open_items(athena, buckets))) == "The object is not UTF-8 text."
    whole = gzip.compress(json.dumps(list(range(5000))).encode())
    put("cut.json", whole[:40])
    assert "could not be decompressed" in failure(lambda: list(open_items(reader(key="cut.json"), buckets)))
    put("bent.json", whole[:30] + bytes(b ^ 0x55 for b in whole[30:60]) + whole[60:])
    assert "could not be decompressed" in failure(lambda: list(open_items(reader(key="bent.json"), buckets)))


def listing(**config):
    return {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": config,
            "Parameters": {"Bucket": "in", "Prefix": "logs/"}}


def test_list_objects_gives_metadata_in_key_order(buckets, put):
    put("logs/b.json", "[3]")
    put("logs/a.json", "[1, 2]")
    put("other.json", "[9]")
    assert [(e["Key"], e["Size"]) for e in open_items(listing(), buckets)] == [("logs/a.json", 6), ("logs/b.json", 3)]


def test_load_and_flatten_reads_every_listed_object(buckets, put):
    put("logs/b.json", "[3]")
    put("logs/a.json", "[1, 2]")
    assert list(open_items(listing(InputType="JSON", Transformation="LOAD_AND_FLATTEN"), buckets)) == [1, 2, 3]
    assert "InputType is required" in failure(lambda: open_items(listing(Transformation="LOAD_AND_FLATTEN"), buckets))


def test_listing_a_missing_bucket_fails(buckets):
    config = {**listing(), "Parameters": {"Bucket": "absent"}}
    assert failure(lambda: open_items(config, buckets)) == "The specified bucket does not exist."


def test_an_s3_inventory_manifest_yields_its_rows_by_schema(buckets, put):
    put("inv/data/part-1.csv.gz", gzip.compress(b'"src","a/b.csv","12","2022-11-16T00:29:32.000Z"\n'))
    put("inv/manifest.json", json.dumps({
        "sourceBucket": "src", "destinationBucket": "arn:aws:s3:::in", "fileFormat": "CSV",
        "fileSchema": "Bucket, Key, Size, LastModifiedDate", "files": [{"key": "inv/data/part-1.csv.gz"}]}))
    assert list(open_items(reader("MANIFEST", "inv/manifest.json"), buckets)) == [
        {"Bucket": "src", "Key": "a/b.csv", "Size": "12", "LastModifiedDate": "2022-11-16T00:29:32.000Z"}]


def test_an_athena_manifest_reads_each_data_file(buckets, put):
    put("athena/1.csv", "1,a\n")
    put("athena/2.csv", "2,b\n")
    put("athena/q-manifest.csv", "s3://in/athena/1.csv\ns3://in/athena/2.csv\n")
    config = reader("CSV", "athena/q-manifest.csv", ManifestType="ATHENA_DATA", CSVHeaderLocation="GIVEN",
                    CSVHeaders=["id", "name"])
    assert list(open_items(config, buckets)) == [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]


@settings(max_examples=150)
@given(st.dictionaries(st.sampled_from(["Resource", "ReaderConfig", "Parameters", "Arguments", "MaxItems"]),
                       st.none() | st.integers() | st.text(max_size=5) | st.dictionaries(
                           st.sampled_from(["InputType", "CSVHeaders", "CSVHeaderLocation", "Bucket", "Key",
                                            "ItemsPointer", "Transformation", "ManifestType"]),
                           st.none() | st.text(max_size=4) | st.lists(st.text(max_size=2), max_size=3), max_size=4)))
def test_any_configuration_is_read_or_refused_with_item_reader_failed(config):
    try:
        reader_settings(config)
    except StatesError as exc:
        assert exc.error == ITEM_READER_FAILED
