"""The file formats an ItemReader reads, each a generator of items over a binary stream.

Rules follow AWS's documentation of text delimited files: every field is a string; a
row with fewer fields than the header gets empty strings, one with more drops the
extras; double quotes may enclose delimiters and newlines and are escaped by doubling;
a backslash escapes a backslash, a quote or the delimiter (and before anything else it
is dropped). Objects compressed with GZIP or ZSTD (recognised by their first bytes) are
decompressed as they are read. A malformed file raises ``FormatError`` carrying the
cause the reader reports with ``States.ItemReaderFailed``.
"""
from __future__ import annotations

import base64
import codecs
import csv
import datetime
import decimal
import io
import json
import shutil
import tempfile
import zlib
from typing import Any, BinaryIO, Iterator, Optional, TextIO

from asl.distributed.jsonstream import JsonCursor, JsonStreamError, array_items, descend, pointer_segments

DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}
DUPLICATE_HEADERS = "CSV headers cannot contain duplicates."

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class FormatError(ValueError):
    """The object is not in the format the reader was told; ``str()`` is the cause."""


def _not_utf8(error: UnicodeError) -> tuple[str, int]:
    raise FormatError("The object is not UTF-8 text.")


# Bytes that are not UTF-8 fail wherever the text is read (CSV, JSON, JSON Lines, a
# manifest), as the format's own error, without each reader catching the codec's.
_NOT_UTF8 = "asl-not-utf8"
codecs.register_error(_NOT_UTF8, _not_utf8)


def decompressed(stream: BinaryIO) -> BinaryIO:
    """The stream itself, or its decompressed content when it starts like GZIP/ZSTD."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(4)[:4]
    if head.startswith(_GZIP_MAGIC):
        import gzip

        return _decompressing(gzip.GzipFile(fileobj=buffered), "GZIP", (EOFError, zlib.error, gzip.BadGzipFile))
    if head == _ZSTD_MAGIC:
        try:
            import zstandard  # type: ignore[import-not-found]
        except ImportError:
            raise FormatError("The object is ZSTD-compressed; reading it needs the 'zstandard' package.") from None
        return _decompressing(zstandard.ZstdDecompressor().stream_reader(buffered), "ZSTD", (zstandard.ZstdError,))
    return buffered


class _Decompressing(io.RawIOBase):
    """A decompressor whose failures on a truncated or corrupt object (``EOFError``,
    ``zlib.error``...) are ``FormatError``s, as every other malformed object's are."""

    def __init__(self, inner: Any, kind: str, failures: tuple[type[BaseException], ...]):
        self._inner = inner
        self._kind = kind
        self._failures = failures

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            return self._inner.readinto(buffer)  # type: ignore[no-any-return]
        except self._failures as exc:
            raise FormatError(f"The {self._kind}-compressed object could not be decompressed: {exc}") from None

    def close(self) -> None:
        self._inner.close()
        super().close()


def _decompressing(inner: Any, kind: str, failures: tuple[type[BaseException], ...]) -> BinaryIO:
    return io.BufferedReader(_Decompressing(inner, kind, failures), buffer_size=1 << 16)  # type: ignore[return-value]


def text(stream: BinaryIO) -> TextIO:
    """UTF-8 text (a leading byte-order mark dropped), newlines left for the CSV reader."""
    return io.TextIOWrapper(decompressed(stream), encoding="utf-8-sig", errors=_NOT_UTF8, newline="")


def check_headers(headers: list[str]) -> list[str]:
    if len(set(headers)) != len(headers):
        raise FormatError(DUPLICATE_HEADERS)
    return headers


def csv_items(stream: BinaryIO, headers: Optional[list[str]], delimiter: str = ",") -> Iterator[dict[str, str]]:
    """Rows as objects keyed by the header (the first row when ``headers`` is None)."""
    rows = csv.reader(text(stream), delimiter=delimiter, quotechar='"', doublequote=True, escapechar="\\")
    try:
        if headers is None:
            headers = check_headers(next((row for row in rows if row), []))
        width = len(headers)
        for row in rows:
            if not row:
                continue  # a blank line separates nothing
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            yield dict(zip(headers, row))
    except csv.Error as exc:
        raise FormatError(f"The CSV file could not be parsed: {exc}") from None


def json_items(stream: BinaryIO, pointer: Optional[str] = None) -> Iterator[Any]:
    """The elements of the JSON array at ``pointer`` (the whole document by default)."""
    try:
        cursor = JsonCursor(text(stream))
        descend(cursor, pointer_segments(pointer or ""))
        yield from array_items(cursor)
    except JsonStreamError as exc:
        raise FormatError(str(exc)) from None


def jsonl_items(stream: BinaryIO) -> Iterator[Any]:
    """One item per non-blank line."""
    for number, line in enumerate(text(stream), start=1):
        if line.strip():
            yield _json_line(line, number)


def _json_line(line: str, number: int) -> Any:
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        raise FormatError(f"The JSONL file has invalid JSON on line {number}.") from None


def lines(stream: BinaryIO) -> Iterator[str]:
    """Non-blank lines, stripped (an Athena manifest: one ``s3://`` URI a line)."""
    for line in text(stream):
        if line.strip():
            yield line.strip()


def parquet_items(stream: BinaryIO) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet file as objects, read a record batch at a time (pyarrow)."""
    try:
        import pyarrow.parquet as parquet  # type: ignore[import-not-found]
    except ImportError:
        raise FormatError("Reading PARQUET needs pyarrow: pip install 'asl[parquet]'.") from None
    with _seekable(stream) as source:
        try:
            batches = parquet.ParquetFile(source).iter_batches(batch_size=4096)
            for batch in batches:
                for row in batch.to_pylist():
                    yield {name: jsonable(value) for name, value in row.items()}
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise FormatError(f"The Parquet file could not be read: {exc}") from None


class _seekable:
    """The stream if it can seek (a local file), else a spooled copy of it (S3)."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.copy: Any = None

    def __enter__(self) -> BinaryIO:
        try:
            if self.stream.seekable():
                return self.stream
        except (AttributeError, OSError):
            pass
        self.copy = tempfile.SpooledTemporaryFile(max_size=32 << 20)
        shutil.copyfileobj(self.stream, self.copy, 1 << 20)
        self.copy.seek(0)
        return self.copy  # type: ignore[no-any-return]

    def __exit__(self, *exc: Any) -> None:
        if self.copy is not None:
            self.copy.close()


def jsonable(value: Any) -> Any:
    """A Parquet value as JSON: timestamps and dates as ISO text, decimals as numbers,
    bytes as base64, nested lists and structs (maps: key/value pairs) recursively."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if all(isinstance(p, tuple) and len(p) == 2 for p in value) and value:
            return {str(k): jsonable(v) for k, v in value}
        return [jsonable(v) for v in value]
    return str(value)
