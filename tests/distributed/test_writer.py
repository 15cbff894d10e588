"""ResultWriter: the Map's output, or AWS's result files and manifest in a bucket."""
from __future__ import annotations

import json

import pytest

from asl.distributed.children import ChildExecution, ChildSpec
from asl.distributed.writer import RESULT_WRITER_FAILED, ResultSink, record
from asl.errors import StatesError
from dmap_machines import writer

ARN = "arn:aws:states:us-east-1:123456789012:mapRun:Machine/M:run-id"


def child(index, output=None, status="SUCCEEDED", **fields):
    return ChildExecution(index, f"name-{index}", f"arn:child:{index}", "arn:machine", status, {"i": index},
                          output=output, start=1735689600.0, stop=1735689600.5, **fields)


def read(buckets, key):
    return json.loads((buckets.root / "out" / key).read_text())


def test_without_an_export_the_output_is_compact_and_failures_are_records():
    sink = ResultSink(None, None, ARN)
    sink.add(child(0, [1, 2]))
    sink.add(child(1, status="FAILED", error="E", cause="C"))
    output = sink.finish()
    assert output[0] == [1, 2]
    assert output[1]["Status"] == "FAILED" and output[1]["Error"] == "E" and "Output" not in output[1]


def test_flatten_splices_array_outputs():
    sink = ResultSink({"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}}, None, ARN)
    for index, output in enumerate([[1, 2], 3, []]):
        sink.add(child(index, output))
    assert sink.finish() == [1, 2, 3]


def test_a_record_is_awss_execution_record():
    assert record(child(0, {"a": 1})) == {
        "ExecutionArn": "arn:child:0", "Input": '{"i":0}', "InputDetails": {"Included": True}, "Name": "name-0",
        "Output": '{"a":1}', "OutputDetails": {"Included": True}, "RedriveCount": 0, "RedriveStatus": "NOT_REDRIVABLE",
        "RedriveStatusReason": "Execution is SUCCEEDED and cannot be redriven", "StartDate": "2025-01-01T00:00:00.000Z",
        "StateMachineArn": "arn:machine", "Status": "SUCCEEDED", "StopDate": "2025-01-01T00:00:00.500Z"}


def test_exported_results_go_to_files_by_status_with_a_manifest(buckets):
    sink = ResultSink(writer(prefix="jobs/"), buckets, ARN)
    sink.add(child(0, "ok"))
    sink.add(child(1, status="FAILED", error="E"))
    sink.add(child(2, "fine"))
    sink.add_pending(ChildSpec(3, "name-3", {"i": 3}, 0.0), "arn:child:3", "arn:machine")
    output = sink.finish()
    assert output == {"MapRunArn": ARN, "ResultWriterDetails": {"Bucket": "out", "Key": "jobs/run-id/manifest.json"}}
    manifest = read(buckets, "jobs/run-id/manifest.json")
    assert manifest["DestinationBucket"] == "out" and manifest["MapRunArn"] == ARN
    files = manifest["ResultFiles"]
    assert [f["Key"] for f in files["SUCCEEDED"]] == ["jobs/run-id/SUCCEEDED_0.json"]
    assert [f["Key"] for f in files["FAILED"]] == ["jobs/run-id/FAILED_0.json"]
    assert [f["Key"] for f in files["PENDING"]] == ["jobs/run-id/PENDING_0.json"]
    assert files["SUCCEEDED"][0]["Size"] == (buckets.root / "out/jobs/run-id/SUCCEEDED_0.json").stat().st_size
    assert [r["Output"] for r in read(buckets, "jobs/run-id/SUCCEEDED_0.json")] == ['"ok"', '"fine"']
    assert [r["Error"] for r in read(buckets, "jobs/run-id/FAILED_0.json")] == ["E"]
    assert read(buckets, "jobs/run-id/PENDING_0.json")[0]["Status"] == "PENDING"
    assert sink.written == 3


def test_json_lines_and_a_new_file_past_the_size_limit(buckets):
    sink = ResultSink(writer(prefix="", Transformation="COMPACT", OutputType="JSONL"), buckets, ARN, max_file_bytes=12)
    for index in range(3):
        sink.add(child(index, {"n": index}))
    sink.finish()
    keys = [f["Key"] for f in read(buckets, "run-id/manifest.json")["ResultFiles"]["SUCCEEDED"]]
    assert keys == ["run-id/SUCCEEDED_0.json", "run-id/SUCCEEDED_1.json", "run-id/SUCCEEDED_2.json"]
    lines = [(buckets.root / "out" / key).read_text() for key in keys]
    assert lines == ['{"n":0}\n', '{"n":1}\n', '{"n":2}\n']


@pytest.mark.parametrize("config, words", [
    ({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "absent"}}, "bucket does not exist"),
    ({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Prefix": "p"}}, "Bucket"),
    ({"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "out"}}, "not supported"),
    ({"WriterConfig": {"OutputType": "CSV"}}, "OutputType"),
    ({"WriterConfig": {"Transformation": "SQUASH"}}, "Transformation"),
])
def test_bad_writer_configurations_fail_with_result_writer_failed(buckets, config, words):
    with pytest.raises(StatesError) as caught:
        ResultSink(config, buckets, ARN)
    assert caught.value.error == RESULT_WRITER_FAILED and words in caught.value.cause


def test_exporting_without_a_store_fails():
    with pytest.raises(StatesError, match="No object store"):
        ResultSink(writer(), None, ARN)
