"""ItemReader: the items of a Distributed Map, streamed from an object store.

``open_items(reader, store)`` takes the reader configuration the core evaluated in the
parent state (``Resource``, ``ReaderConfig``, ``Parameters``/``Arguments``, ``MaxItems``)
and returns an iterator of items. Everything that can be checked before reading is
checked at once, in the order AWS reports it (the reader configuration, then
``MaxItems``, then the object itself), so a bad configuration fails the Map Run before
any child starts; the items themselves are read as they are consumed.

Every failure is ``States.ItemReaderFailed``; the causes AWS recorded are used word for
word (``CSV headers cannot contain duplicates.``, ``field MaxItems must be positive``,
``Attempting to map over non-iterable node.``).
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Iterator, Optional

from asl.core.fanout import as_number
from asl.distributed import formats
from asl.distributed.objects import ObjectStore, ObjectStoreError
from asl.errors import StatesError

ITEM_READER_FAILED = "States.ItemReaderFailed"
MAX_ITEMS_LIMIT = 100_000_000  # AWS reads at most this many items; a larger MaxItems reads them all
INPUT_TYPES = ("CSV", "JSON", "JSONL", "PARQUET", "MANIFEST")
NO_STORE = (
    "No object store to read from: run with map_executor=InProcessExecutor(objects=LocalBuckets(folder)) "
    "(a folder standing in for S3, bucket b key k at folder/b/k) or with services= for S3."
)


def failed(cause: str) -> StatesError:
    return StatesError(ITEM_READER_FAILED, cause)


@dataclass(frozen=True)
class ReaderSettings:
    action: str  # getObject | listObjectsV2
    bucket: str
    key: str
    prefix: str
    input_type: Optional[str]
    headers: Optional[list[str]]  # None: the first row holds them
    delimiter: str
    pointer: Optional[str]
    manifest_type: Optional[str]
    load_and_flatten: bool
    max_items: Optional[int]


def reader_settings(reader: Any) -> ReaderSettings:
    """The reader configuration, checked; raises ``States.ItemReaderFailed``."""
    if not isinstance(reader, dict):
        raise failed("The ItemReader configuration is not an object.")
    config = reader.get("ReaderConfig") or {}
    if not isinstance(config, dict):
        raise failed("ReaderConfig must be an object.")
    action = _action(reader.get("Resource"))
    input_type = _choice(config, "InputType", INPUT_TYPES, None)
    headers, delimiter = _csv_settings(config)
    parameters = reader.get("Parameters", reader.get("Arguments"))
    if not isinstance(parameters, dict):
        raise failed("The ItemReader needs Parameters (Arguments in JSONata) naming the Bucket.")
    bucket = _text(parameters, "Bucket", required=True)
    key = _text(parameters, "Key", required=action == "getObject")
    pointer = config.get("ItemsPointer")
    if pointer is not None and not isinstance(pointer, str):
        raise failed("ItemsPointer must be a string.")
    return ReaderSettings(
        action=action,
        bucket=bucket,
        key=key,
        prefix=_text(parameters, "Prefix", required=False),
        input_type=input_type,
        headers=headers,
        delimiter=delimiter,
        pointer=pointer,
        manifest_type=_choice(config, "ManifestType", ("ATHENA_DATA", "S3_INVENTORY"), None),
        load_and_flatten=_choice(config, "Transformation", ("NONE", "LOAD_AND_FLATTEN"), "NONE") == "LOAD_AND_FLATTEN",
        max_items=max_items(reader.get("MaxItems"), config.get("MaxItemsPath")),
    )


def _action(resource: Any) -> str:
    action = resource.rsplit(":::", 1)[-1] if isinstance(resource, str) else ""
    if action not in ("s3:getObject", "s3:listObjectsV2"):
        raise failed(f"The ItemReader Resource {resource!r} is not supported (s3:getObject or s3:listObjectsV2).")
    return action.split(":", 1)[1]


def _choice(config: dict[str, Any], field: str, allowed: tuple[str, ...], default: Optional[str]) -> Optional[str]:
    value = config.get(field, default)
    if value is not None and value not in allowed:
        raise failed(f"{field} must be one of {', '.join(allowed)}, not {json.dumps(value)}.")
    return value


def _csv_settings(config: dict[str, Any]) -> tuple[Optional[list[str]], str]:
    delimiter = _choice(config, "CSVDelimiter", tuple(formats.DELIMITERS), "COMMA")
    location = _choice(config, "CSVHeaderLocation", ("FIRST_ROW", "GIVEN"), "FIRST_ROW")
    if location == "FIRST_ROW":
        return None, formats.DELIMITERS[str(delimiter)]
    headers = config.get("CSVHeaders")
    if not isinstance(headers, list) or not headers or not all(isinstance(h, str) for h in headers):
        raise failed("CSVHeaders must be a non-empty array of strings when CSVHeaderLocation is GIVEN.")
    try:
        return formats.check_headers(list(headers)), formats.DELIMITERS[str(delimiter)]
    except formats.FormatError as exc:
        raise failed(str(exc)) from None


def _text(parameters: dict[str, Any], field: str, required: bool) -> str:
    value = parameters.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise failed(f"The ItemReader's {field} must be a non-empty string.")
    return value


def max_items(value: Any, path: Optional[str] = None) -> Optional[int]:
    """``MaxItems``: 0 (or absent) reads everything, a negative value fails, more than
    100,000,000 reads at most that many (as recorded: 100000001 read every item). From
    ``MaxItemsPath`` a numeric string counts, as AWS takes ``"2"`` from a variable."""
    if value is None:
        return None
    number = whole_number(value)
    if number is None:
        shown = value if isinstance(value, str) else json.dumps(value)
        where = f": {path}" if isinstance(path, str) else "."
        raise failed(f'The MaxItems{"Path" if path else ""} field refers to value "{shown}" which is not a valid integer{where}')
    if number < 0:
        raise failed("field MaxItems must be positive")
    return None if number == 0 else min(number, MAX_ITEMS_LIMIT)


def whole_number(value: Any) -> Optional[int]:
    """An integer (or integral float), or a numeric string as AWS takes from a ``...Path``:
    the core's rule for the Map's other numeric fields."""
    number = as_number(value, int, from_text=True)
    return None if number is None else int(number)


# ------------------------------------------------------------------------- reading
def open_items(reader: Any, store: Optional[ObjectStore]) -> Iterator[Any]:
    """The items, read lazily after the eager checks (see the module docstring)."""
    settings = reader_settings(reader)
    if store is None:
        raise failed(NO_STORE)
    if settings.action == "listObjectsV2":
        items = _listed(settings, store)
    elif settings.manifest_type == "ATHENA_DATA":
        items = _athena(settings, store, _open(store, settings.bucket, settings.key))
    elif settings.input_type == "MANIFEST" or settings.manifest_type == "S3_INVENTORY":
        items = _inventory(store, _open(store, settings.bucket, settings.key))
    else:
        items = _parse(settings, _open(store, settings.bucket, settings.key))
    items = _reported(items)
    return items if settings.max_items is None else itertools.islice(items, settings.max_items)


def _open(store: ObjectStore, bucket: str, key: str) -> BinaryIO:
    try:
        return store.open(bucket, key)
    except ObjectStoreError as exc:
        raise failed(str(exc)) from None


def _reported(items: Iterator[Any]) -> Iterator[Any]:
    """Failures met while reading, as ``States.ItemReaderFailed``."""
    try:
        yield from items
    except (formats.FormatError, ObjectStoreError) as exc:
        raise failed(str(exc)) from None
    except OSError as exc:
        raise failed(f"The object could not be read: {exc}") from None


_PARSERS: dict[str, Callable[[ReaderSettings, BinaryIO], Iterator[Any]]] = {
    "CSV": lambda s, stream: formats.csv_items(stream, s.headers, s.delimiter),
    "JSON": lambda s, stream: formats.json_items(stream, s.pointer),
    "JSONL": lambda s, stream: formats.jsonl_items(stream),
    "PARQUET": lambda s, stream: formats.parquet_items(stream),
}


def _parse(settings: ReaderSettings, stream: BinaryIO) -> Iterator[Any]:
    parser = _PARSERS.get(settings.input_type or "JSON")
    if parser is None:
        raise failed(f"InputType {settings.input_type} cannot be read from a single object here.")
    with stream:
        yield from parser(settings, stream)


def _listed(settings: ReaderSettings, store: ObjectStore) -> Iterator[Any]:
    """``s3:listObjectsV2``: the objects' metadata, or with ``LOAD_AND_FLATTEN`` the items
    of every object in turn (folder placeholders, keys ending in ``/``, hold none)."""
    try:
        store.check_bucket(settings.bucket)
    except ObjectStoreError as exc:
        raise failed(str(exc)) from None
    if settings.load_and_flatten and settings.input_type is None:
        raise failed("InputType is required when Transformation is LOAD_AND_FLATTEN.")
    return _listing(settings, store)


def _listing(settings: ReaderSettings, store: ObjectStore) -> Iterator[Any]:
    for entry in store.list(settings.bucket, settings.prefix):
        if not settings.load_and_flatten:
            yield entry
        elif not entry["Key"].endswith("/"):
            yield from _parse(settings, _open(store, settings.bucket, entry["Key"]))


def _inventory(store: ObjectStore, stream: BinaryIO) -> Iterator[dict[str, str]]:
    """An S3 inventory ``manifest.json``: the rows of its CSV data files, keyed by the
    manifest's ``fileSchema``."""
    with stream:
        try:
            manifest = json.load(formats.text(stream))
        except (ValueError, RecursionError):
            raise failed("The S3 inventory manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise failed("The S3 inventory manifest has no files list.")
    if str(manifest.get("fileFormat", "CSV")).upper() != "CSV":
        raise failed("Only S3 inventory reports in CSV format can be read.")
    schema = [name.strip() for name in str(manifest.get("fileSchema", "")).split(",") if name.strip()]
    bucket = str(manifest.get("destinationBucket", "")).rsplit(":", 1)[-1]
    return _inventory_rows(store, bucket, manifest["files"], schema)


def _inventory_rows(store: ObjectStore, bucket: str, files: list[Any], schema: list[str]) -> Iterator[dict[str, str]]:
    for entry in files:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str):
            raise failed("An S3 inventory manifest entry has no key.")
        with _open(store, bucket, key) as data:
            yield from formats.csv_items(data, schema, ",")


def _athena(settings: ReaderSettings, store: ObjectStore, stream: BinaryIO) -> Iterator[Any]:
    """An Athena ``UNLOAD`` manifest: one ``s3://bucket/key`` data file a line, each read
    with the reader's InputType (CSV files from UNLOAD have no header row)."""
    if settings.input_type not in ("CSV", "JSONL", "PARQUET"):
        raise failed("ManifestType ATHENA_DATA needs InputType CSV, JSONL or PARQUET.")
    with stream:
        uris = list(formats.lines(stream))
    for uri in uris:
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        if not uri.startswith("s3://") or not bucket or not key:
            raise failed(f"The Athena manifest lists {uri!r}, which is not an s3:// URI.")
        yield from _parse(settings, _open(store, bucket, key))
