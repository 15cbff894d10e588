"""Object stores: a folder standing in for S3 (and S3 itself through moto, when installed)."""
from __future__ import annotations

import hashlib

import pytest

from asl.distributed.objects import (
    NO_SUCH_BUCKET, NO_SUCH_KEY, LocalBuckets, ObjectStoreError, S3Objects, object_store,
)


def test_a_key_is_a_file_under_its_bucket_folder(buckets, put):
    put("a/b.txt", "hello")
    with buckets.open("in", "a/b.txt") as stream:
        assert stream.read() == b"hello"


@pytest.mark.parametrize("bucket, key, message", [
    ("nope", "x", NO_SUCH_BUCKET), ("..", "x", NO_SUCH_BUCKET), ("", "x", NO_SUCH_BUCKET), ("a/b", "x", NO_SUCH_BUCKET),
    ("in", "missing", NO_SUCH_KEY), ("in", "../out/x", NO_SUCH_KEY), ("in", "/etc/passwd", NO_SUCH_KEY),
    ("in", "a//b", NO_SUCH_KEY), ("in", "", NO_SUCH_KEY),
])
def test_missing_or_escaping_names_fail_with_s3s_message(buckets, bucket, key, message):
    with pytest.raises(ObjectStoreError, match=message):
        buckets.open(bucket, key)


def test_listing_is_in_s3_key_order_with_s3_metadata(buckets, put):
    for key in ("a/b", "a-b", "a/a", "b"):
        put(key, key)
    listed = list(buckets.list("in", "a"))
    assert [e["Key"] for e in listed] == ["a-b", "a/a", "a/b"]
    assert listed[0]["Etag"] == f'"{hashlib.md5(b"a-b").hexdigest()}"'
    assert listed[0]["Size"] == 3 and listed[0]["StorageClass"] == "STANDARD"
    assert isinstance(listed[0]["LastModified"], int)


def test_an_object_appears_whole_when_written_and_not_at_all_on_failure(buckets):
    with buckets.create("out", "x/y.json") as stream:
        stream.write(b"[1]")
        assert not (buckets.root / "out" / "x" / "y.json").exists()
    assert (buckets.root / "out" / "x" / "y.json").read_bytes() == b"[1]"
    with pytest.raises(RuntimeError):
        with buckets.create("out", "z.json") as stream:
            stream.write(b"half")
            raise RuntimeError("stop")
    assert list(buckets.list("out", "z")) == []
    assert [p.name for p in (buckets.root / "out").iterdir()] == ["x"]


def test_writing_into_a_missing_bucket_fails(buckets):
    with pytest.raises(ObjectStoreError, match=NO_SUCH_BUCKET):
        with buckets.create("absent", "k"):
            pass


def test_object_store_takes_a_store_a_folder_or_nothing(tmp_path):
    store = LocalBuckets(tmp_path)
    assert object_store(store) is store
    assert object_store(str(tmp_path)) == store
    assert object_store(None, None) is None


def test_s3_objects_read_list_and_write_through_a_boto3_client():
    moto = pytest.importorskip("moto", reason="moto is not installed (S3Objects is tested against it)")
    boto3 = pytest.importorskip("boto3")
    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="bkt")
        client.put_object(Bucket="bkt", Key="p/one.json", Body=b"[1, 2]")
        store = S3Objects(client)
        with store.open("bkt", "p/one.json") as stream:
            assert stream.read() == b"[1, 2]"
        assert [e["Key"] for e in store.list("bkt", "p/")] == ["p/one.json"]
        with store.create("bkt", "out/r.json") as stream:
            stream.write(b"{}")
        assert client.get_object(Bucket="bkt", Key="out/r.json")["Body"].read() == b"{}"
        with pytest.raises(ObjectStoreError):
            store.open("bkt", "missing")
        with pytest.raises(ObjectStoreError):
            store.check_bucket("absent")
