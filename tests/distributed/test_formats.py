"""File formats: AWS's rules for text delimited files, JSON, JSON Lines, Parquet, compression."""
from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.distributed import formats
from asl.distributed.formats import DUPLICATE_HEADERS, FormatError


def rows(text: str, headers=None, delimiter=",") -> list[dict[str, str]]:
    return list(formats.csv_items(io.BytesIO(text.encode("utf-8")), headers, delimiter))


def test_the_first_row_names_the_fields_and_every_field_is_a_string():
    assert rows("a,b\n1,true\n") == [{"a": "1", "b": "true"}]


def test_short_rows_get_empty_strings_and_long_rows_lose_their_extras():
    assert rows("a,b,c\n1\n1,2,3,4\n") == [{"a": "1", "b": "", "c": ""}, {"a": "1", "b": "2", "c": "3"}]


def test_quotes_hold_delimiters_and_newlines_and_double_to_escape():
    assert rows('a,b\n"x,y","line\nbreak"\n"say ""hi""",z\n') == [
        {"a": "x,y", "b": "line\nbreak"}, {"a": 'say "hi"', "b": "z"}]


def test_backslashes_escape_backslashes_quotes_and_the_delimiter():
    assert rows('path,size\nC:\\\\Program Files\\\\app.exe,65\na\\,b,\\"q\n') == [
        {"path": "C:\\Program Files\\app.exe", "size": "65"}, {"path": "a,b", "size": '"q'}]


@pytest.mark.parametrize("name, char", sorted(formats.DELIMITERS.items()))
def test_each_delimiter_aws_names(name, char):
    assert rows(f"a{char}b\n1{char}2\n", delimiter=char) == [{"a": "1", "b": "2"}]


def test_given_headers_read_the_first_row_as_data_and_blank_lines_are_skipped():
    assert rows("1,2\n\n3,4\n", headers=["x", "y"]) == [{"x": "1", "y": "2"}, {"x": "3", "y": "4"}]


def test_duplicate_headers_fail_with_awss_cause():
    with pytest.raises(FormatError, match=DUPLICATE_HEADERS):
        rows("a,a\n1,2\n")
    with pytest.raises(FormatError, match=DUPLICATE_HEADERS):
        formats.check_headers(["H1", "H1", "H3"])


def test_a_byte_order_mark_is_not_part_of_the_first_header():
    assert list(formats.csv_items(io.BytesIO(b"\xef\xbb\xbfa\n1\n"), None)) == [{"a": "1"}]


def test_text_that_is_not_utf8_fails_as_a_format_error():
    with pytest.raises(FormatError, match="UTF-8"):
        rows_bytes = io.BytesIO(b"a\n\xff\xfe\n")
        list(formats.csv_items(rows_bytes, None))


@settings(max_examples=100)
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
                         min_size=2, max_size=2), min_size=1, max_size=6))
def test_what_a_csv_writer_quotes_reads_back_field_for_field(table):
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, escapechar="\\", lineterminator="\n").writerows([["h1", "h2"], *table])
    assert rows(out.getvalue()) == [{"h1": a, "h2": b} for a, b in table]


def test_gzip_objects_are_read_decompressed():
    data = gzip.compress(b'[{"a": 1}]')
    assert list(formats.json_items(io.BytesIO(data))) == [{"a": 1}]


def test_json_lines_skip_blank_lines_and_name_the_bad_one():
    assert list(formats.jsonl_items(io.BytesIO(b'{"a": 1}\n\n[2]\n'))) == [{"a": 1}, [2]]
    with pytest.raises(FormatError, match="line 2"):
        list(formats.jsonl_items(io.BytesIO(b'1\n{bad\n')))


def test_json_items_at_a_pointer():
    document = json.dumps({"inventory": {"products": {"featured": [1, 2]}}}).encode()
    assert list(formats.json_items(io.BytesIO(document), "/inventory/products/featured")) == [1, 2]


def test_parquet_rows_become_json_objects():
    pyarrow = pytest.importorskip("pyarrow", reason="pyarrow is the 'parquet' extra")
    import datetime
    import decimal

    import pyarrow.parquet as parquet

    table = pyarrow.table({
        "id": [1, 2], "name": ["a", None], "when": [datetime.date(2025, 1, 2), datetime.date(2025, 1, 3)],
        "price": pyarrow.array([decimal.Decimal("1.50"), decimal.Decimal("2")], pyarrow.decimal128(5, 2)),
        "tags": [["x"], []], "raw": [b"\x00\x01", b""],
    })
    sink = io.BytesIO()
    parquet.write_table(table, sink)
    sink.seek(0)
    assert list(formats.parquet_items(sink)) == [
        {"id": 1, "name": "a", "when": "2025-01-02", "price": 1.5, "tags": ["x"], "raw": "AAE="},
        {"id": 2, "name": None, "when": "2025-01-03", "price": 2, "tags": [], "raw": ""},
    ]
    with pytest.raises(FormatError, match="Parquet"):
        list(formats.parquet_items(io.BytesIO(b"not parquet at all")))


def test_jsonable_turns_nested_values_into_json():
    assert formats.jsonable([("k", 1), ("j", [float("nan")])]) == {"k": 1, "j": [None]}
    assert formats.jsonable({"a": (1, 2)}) == {"a": [1, 2]}
