"""Where a Distributed Map's objects live: a folder standing in for S3, or S3 itself.

Readers and the ResultWriter talk to an *object store* with three verbs: ``open`` an
object for reading (a binary stream, read as it is consumed), ``list`` the objects under
a prefix (``ListObjectsV2``'s order: keys sorted by their UTF-8 bytes) and ``create`` an
object (a binary stream the caller writes into; the object appears whole when the
``with`` block ends). Failures raise ``ObjectStoreError`` with S3's message, which the
reader turns into ``States.ItemReaderFailed`` and the writer into
``States.ResultWriterFailed``.

``LocalBuckets("/data")`` maps bucket ``b``, key ``k`` to the file ``/data/b/k``: a bucket
is a folder that must exist, as a bucket must on S3. ``S3Objects`` wraps a boto3 S3
client (moto, LocalStack or AWS). ``object_store`` picks one from what the user passed.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, Optional, Protocol

NO_SUCH_BUCKET = "The specified bucket does not exist."
NO_SUCH_KEY = "The specified key does not exist."


class ObjectStoreError(Exception):
    """An object or bucket could not be read or written; ``str()`` is S3's message."""


class ObjectStore(Protocol):
    def open(self, bucket: str, key: str) -> BinaryIO: ...

    def list(self, bucket: str, prefix: str) -> Iterator[dict[str, Any]]: ...

    def create(self, bucket: str, key: str) -> Any: ...  # a context manager giving a BinaryIO

    def check_bucket(self, bucket: str) -> None: ...


class LocalBuckets:
    """A folder whose sub-folders are buckets: bucket ``b``, key ``k`` is ``root/b/k``."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalBuckets({str(self.root)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalBuckets) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def check_bucket(self, bucket: str) -> None:
        self._bucket(bucket)

    def _bucket(self, bucket: str) -> Path:
        if not isinstance(bucket, str) or not bucket or bucket in (".", "..") or "/" in bucket or "\\" in bucket:
            raise ObjectStoreError(NO_SUCH_BUCKET)
        path = self.root / bucket
        if not path.is_dir():
            raise ObjectStoreError(NO_SUCH_BUCKET)
        return path

    def _path(self, bucket: str, key: str) -> Path:
        """The file of a key; keys that would leave the bucket's folder do not exist."""
        base = self._bucket(bucket)
        parts = key.split("/") if isinstance(key, str) else []
        if not parts or any(part in ("", ".", "..") for part in parts) or "\\" in key or "\x00" in key:
            raise ObjectStoreError(NO_SUCH_KEY)
        return base.joinpath(*parts)

    def open(self, bucket: str, key: str) -> BinaryIO:
        path = self._path(bucket, key)
        try:
            return open(path, "rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectStoreError(NO_SUCH_KEY) from None
        except OSError as exc:
            raise ObjectStoreError(f"{NO_SUCH_KEY} ({exc.strerror})") from None

    def list(self, bucket: str, prefix: str = "") -> Iterator[dict[str, Any]]:
        """Metadata of the objects under ``prefix``, as Step Functions gives them to a
        Distributed Map (``Etag``, ``Key``, ``LastModified`` in epoch seconds, ``Size``,
        ``StorageClass``). Keys are collected and sorted first: S3 orders whole keys, which
        a walk folder by folder does not (``a-b`` sorts before ``a/b``)."""
        base = self._bucket(bucket)
        keys = sorted(self._keys(base, prefix), key=lambda k: k.encode("utf-8", "surrogatepass"))
        for key in keys:
            path = base / key
            try:
                stat = path.stat()
            except OSError:
                continue  # removed meanwhile
            yield {
                "Etag": f'"{_md5(path)}"',
                "Key": key,
                "LastModified": int(stat.st_mtime),
                "Size": stat.st_size,
                "StorageClass": "STANDARD",
            }

    @staticmethod
    def _keys(base: Path, prefix: str) -> Iterator[str]:
        for folder, _dirs, files in os.walk(base):
            relative = Path(folder).relative_to(base).as_posix()
            for name in files:
                key = name if relative == "." else f"{relative}/{name}"
                if key.startswith(prefix) and not name.startswith(".asl-tmp-"):
                    yield key

    @contextmanager
    def create(self, bucket: str, key: str) -> Iterator[BinaryIO]:
        """Write into a hidden temporary file beside the target, then rename it: a reader
        never sees half an object, and a failed write leaves nothing behind."""
        path = self._path(bucket, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".asl-tmp-", dir=path.parent)
        except OSError as exc:
            raise ObjectStoreError(f"Could not write {key}: {exc.strerror}") from None
        try:
            with os.fdopen(handle, "wb") as stream:
                yield stream
            os.replace(temporary, path)
        except BaseException:
            with _ignored_os_error():
                os.unlink(temporary)
            raise


class S3Objects:
    """Objects in S3 (or moto, or LocalStack) through a boto3 S3 client.

    Pass a client, or a ``factory`` that makes one (what a Dask worker calls to make its
    own: clients do not travel between processes, factories that are importable do).
    """

    def __init__(self, client: Any = None, *, factory: Optional[Callable[[], Any]] = None):
        self._client = client
        self._factory = factory

    @property
    def client(self) -> Any:
        if self._client is None:
            if self._factory is not None:
                self._client = self._factory()
            else:
                import boto3

                self._client = boto3.client("s3")
        return self._client

    def __getstate__(self) -> dict[str, Any]:
        return {"_client": None, "_factory": self._factory}

    def check_bucket(self, bucket: str) -> None:
        with _client_errors():
            self.client.head_bucket(Bucket=bucket)

    def open(self, bucket: str, key: str) -> BinaryIO:
        with _client_errors():
            body = self.client.get_object(Bucket=bucket, Key=key)["Body"]
        return io.BufferedReader(_StreamingRaw(body), buffer_size=1 << 16)

    def list(self, bucket: str, prefix: str = "") -> Iterator[dict[str, Any]]:
        with _client_errors():
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for page in pages:
                for entry in page.get("Contents", []):
                    yield {
                        "Etag": entry.get("ETag"),
                        "Key": entry["Key"],
                        "LastModified": int(entry["LastModified"].timestamp()),
                        "Size": entry.get("Size", 0),
                        "StorageClass": entry.get("StorageClass", "STANDARD"),
                    }

    @contextmanager
    def create(self, bucket: str, key: str) -> Iterator[BinaryIO]:
        """Spool to memory, then to disk past 8 MiB, and upload when the block ends."""
        with tempfile.SpooledTemporaryFile(max_size=8 << 20) as spool:
            yield spool  # type: ignore[misc]
            spool.seek(0)
            with _client_errors():
                self.client.upload_fileobj(spool, bucket, key)


class _StreamingRaw(io.RawIOBase):
    """botocore's StreamingBody as a raw stream, so it can be buffered and decoded."""

    def __init__(self, body: Any):
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        with _ignored_os_error():
            self._body.close()
        super().close()


@contextmanager
def _client_errors() -> Iterator[None]:
    """botocore errors as ``ObjectStoreError`` with S3's own message."""
    try:
        yield
    except ObjectStoreError:
        raise
    except Exception as exc:
        response = getattr(exc, "response", None)
        if isinstance(response, dict):
            error = response.get("Error", {})
            code = str(error.get("Code", ""))
            if code in ("NoSuchBucket", "404") and "Key" not in str(error):
                raise ObjectStoreError(error.get("Message") or NO_SUCH_BUCKET) from None
            raise ObjectStoreError(error.get("Message") or code or str(exc)) from None
        if type(exc).__module__.startswith(("botocore", "boto3", "urllib3")):
            raise ObjectStoreError(str(exc)) from None
        raise


@contextmanager
def _ignored_os_error() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def object_store(objects: Any, services: Any = None) -> Optional[ObjectStore]:
    """The store behind ``objects=`` (a store, or a folder path for ``LocalBuckets``), else
    the S3 of the ``services`` backend; None when there is neither."""
    if objects is not None:
        if isinstance(objects, (str, os.PathLike)):
            return LocalBuckets(objects)
        return objects
    if services is None:
        return None
    return S3Objects(factory=functools.partial(_s3_client, services))


def _s3_client(services: Any) -> Any:
    """The S3 client of the ``services=`` backend (``asl.services``: ``"boto3"``, a boto3
    Session, client settings such as ``endpoint_url``, a ``Services``), or an S3 client
    passed as ``services`` itself."""
    if hasattr(services, "get_object") and hasattr(services, "list_objects_v2"):
        return services
    from asl.services import backend_for

    return backend_for(services).client("s3")
